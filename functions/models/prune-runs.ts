import { BatchDeleteTableCommand, GetTablesCommand, type GlueClient } from '@aws-sdk/client-glue';
import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

export interface PruneResult {
  /** Runs whose files were removed. */
  runs: string[];
  objects: number;
  /** Catalog entries of unfinished runs removed. */
  tables: string[];
}

/**
 * Where each run keeps files, and which path segment names the run: `_models/<table>/<run>/…`,
 * `_seeds/<seed>/<run>/…`, `_plans/<run>/…`.
 */
const RUN_FOLDERS: Array<{ prefix: string; run: RegExp }> = [
  { prefix: '_models/', run: /^_models\/[a-z0-9_]+\/(\d{8}T\d{6}Z-[A-Za-z0-9]+)\// },
  { prefix: '_seeds/', run: /^_seeds\/[a-z0-9_]+\/(\d{8}T\d{6}Z-[A-Za-z0-9]+)\// },
  { prefix: '_plans/', run: /^_plans\/(\d{8}T\d{6}Z-[A-Za-z0-9]+)\// },
];

/**
 * Removes what earlier runs left, once a run has succeeded and every table points at its files:
 * their model, seed and plan folders, and tables built under their names by nights that failed.
 * The run that just succeeded is now the last successful one; it and anything newer (run ids
 * and table tags start with their UTC start time) is kept, so a night that started later is
 * never touched.
 */
export async function pruneRuns(deps: { s3: S3Client; glue: GlueClient }, where: { bucket: string; database: string }, current: { runId: string; tag: string }): Promise<PruneResult> {
  const stale: string[] = [];
  const runs = new Set<string>();
  for (const folder of RUN_FOLDERS) {
    for (const key of await listKeys(deps.s3, where.bucket, folder.prefix)) {
      const run = folder.run.exec(key)?.[1];
      if (run && run < current.runId) {
        stale.push(key);
        runs.add(run);
      }
    }
  }
  await deleteKeys(deps.s3, where.bucket, stale, 'files of earlier model runs');
  const tables = (await leftoverTables(deps.glue, where.database)).filter((t) => t.tag < current.tag).map((t) => t.name).sort();
  await deleteTables(deps.glue, where.database, tables);
  return { runs: [...runs].sort(), objects: stale.length, tables };
}

/** Removes lake objects by key, a thousand per request; names what could not be removed. */
export async function deleteKeys(s3: S3Client, bucket: string, keys: string[], what: string): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    const result = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
    if (result.Errors?.length) {
      const [first] = result.Errors;
      throw new Error(`could not remove ${result.Errors.length} ${what} from s3://${bucket}/ (first: ${first!.Key}: ${first!.Code} ${first!.Message}); check the function's role may delete there`);
    }
  }
}

/** Every key under a prefix of the lake bucket. */
export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  return (await listObjects(s3, bucket, prefix)).map((o) => o.key);
}

/** Every object under a prefix of the lake bucket, with its size (the export window signs exports by file names and sizes). */
export async function listObjects(s3: S3Client, bucket: string, prefix: string): Promise<Array<{ key: string; size: number }>> {
  const objects: Array<{ key: string; size: number }> = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    for (const object of page.Contents ?? []) if (object.Key) objects.push({ key: object.Key, size: object.Size ?? 0 });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

/** Tables of the models database left by runs that did not finish (`<table>__<tag>`), with their tag. */
export async function leftoverTables(glue: GlueClient, database: string): Promise<Array<{ name: string; tag: string }>> {
  const found: Array<{ name: string; tag: string }> = [];
  let token: string | undefined;
  do {
    const page = await glue.send(new GetTablesCommand({ DatabaseName: database, ...(token ? { NextToken: token } : {}) }));
    for (const table of page.TableList ?? []) {
      const tag = RUN_TABLE.exec(table.Name ?? '')?.[1];
      if (tag) found.push({ name: table.Name!, tag });
    }
    token = page.NextToken;
  } while (token);
  return found;
}

/** `<table>__r20261120t050000z_abcd1234` or `<seed>__json__r…`: a table built under a run's name. */
const RUN_TABLE = /__(r\d{8}t\d{6}z_[a-z0-9_]+)$/;

/** Removes catalog entries by name, 100 at a time (Glue's limit). */
export async function deleteTables(glue: GlueClient, database: string, names: string[]): Promise<void> {
  for (let i = 0; i < names.length; i += 100) {
    const result = await glue.send(new BatchDeleteTableCommand({ DatabaseName: database, TablesToDelete: names.slice(i, i + 100) }));
    const failed = (result.Errors ?? []).filter((e) => e.ErrorDetail?.ErrorCode !== 'EntityNotFoundException');
    if (failed.length) throw new Error(`could not remove ${failed.length} tables of unfinished runs from ${database} (first: ${failed[0]!.TableName}: ${failed[0]!.ErrorDetail?.ErrorMessage}); check the models function may delete tables there`);
  }
}

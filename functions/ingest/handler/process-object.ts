import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ECSClient } from '@aws-sdk/client-ecs';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DuckDbEngine } from '../../core/duckdb-engine.ts';
import { lakeDataPath, lakeQuarantinePath, type LakeFile } from '../../core/lake.ts';
import { CONNECTORS, type Connectors } from '../connectors/index.ts';
import { DEFAULT_INGEST_OPTIONS, type IngestOptions } from '../../core/catalogue.ts';
import { ARCHIVE_FILE } from '../find-exports.ts';
import { ingestArchiveFile, ingestFile } from '../ingest.ts';
import type { FileLoad } from '../load-file.ts';
import { deleteLakeKeys, downloadExport, ExportDownloadError, uploadLakeDir } from '../s3-lake.ts';
import { handOffLargeExport, type LargeExportTask } from './large-exports.ts';
import { writeReceipt } from './receipt.ts';
import type { S3ObjectRef } from './s3-event.ts';
import { S3ZipReader } from './s3-zip-reader.ts';

/**
 * Loading failed for a reason of the machine, not of the file (memory, disk, the engine): the
 * message is retried and, failing that, dead-lettered and alarmed on; nothing is written to the
 * lake, not even an ingest log saying the file was rejected.
 */
export class IngestInfrastructureError extends Error {
  override name = 'IngestInfrastructureError';
  readonly key: string;
  constructor(key: string, reason: string) {
    super(`${key}: not loaded because the ingest function ran out of a resource, not because of the file (${reason}); the message will be retried, then dead-lettered`);
    this.key = key;
  }
}

/** Reader errors that say the machine failed (DuckDB and Node phrasings), never the file. */
const INFRASTRUCTURE_ERRORS = /out of memory|could not allocate|failed to allocate|cannot allocate memory|ENOMEM|no space left on device|ENOSPC|disk quota exceeded|EDQUOT|too many open files|EMFILE|IO Error: Could not write|database has been invalidated|FATAL Error/i;

/** The first infrastructure failure recorded in a load (or one of an archive's entries), if any. */
export function infrastructureFailure(load: FileLoad): string | undefined {
  for (const candidate of [load, ...(load.entries ?? [])]) {
    if (candidate.error && INFRASTRUCTURE_ERRORS.test(candidate.error)) return candidate.error;
  }
  return undefined;
}

/** What processing one export object needs; created once per container by the handler, or by a test. */
export interface ProcessObjectDeps {
  s3: S3Client;
  /** One DuckDB engine; it holds per-file temp tables, so objects go through it one at a time. */
  engine: DuckDbEngine;
  lakeBucket: string;
  /** Key prefix of the lake inside its bucket; '' (default) puts the lake at the bucket's root. */
  lakePrefix?: string;
  /** Local scratch folder (in Lambda, under /tmp); each object's files are removed when it is done. */
  scratchDir: string;
  ingestOptions?: IngestOptions;
  /** The connectors by source folder: the built-in ones plus the config's mapped CSV sources. */
  connectors?: Connectors;
  /** Exports over its threshold are handed to this Fargate task instead (the function's deps only; the task itself loads everything). */
  largeExports?: { task: LargeExportTask; ecs: ECSClient };
}

/** The result of one object: skipped (not an export), or loaded, possibly with the whole file rejected (`load.error`). */
export type ObjectOutcome =
  | { status: 'skipped'; object: S3ObjectRef; reason: string }
  | { status: 'loaded'; object: S3ObjectRef; load: FileLoad; lakeKeys: string[]; removedKeys: string[] }
  | { status: 'handed-off'; object: S3ObjectRef; bytes: number; taskArn: string };

/**
 * Loads one raw export object into the lake bucket: read it (a ZIP in place, see `loadExport`),
 * ingest through DuckDB into a fresh local lake, upload its files. The lake keys depend only on
 * the object's key and content, so a duplicate or late delivery rewrites the same keys with the
 * same bytes. A bad file is not an error here: it is recorded in the lake's ingest log. S3
 * failures and failures of the machine (memory, disk: `IngestInfrastructureError`) throw, so the
 * message is retried. Every version of an export handled gets a receipt
 * (`_receipts/<key>/<etag>`), written after its lake files.
 */
export async function processObject(deps: ProcessObjectDeps, object: S3ObjectRef): Promise<ObjectOutcome> {
  const source = object.key.split('/')[0] ?? '';
  const connectors = deps.connectors ?? CONNECTORS;
  const prefix = deps.lakePrefix ?? '';
  const receipt = async (status: string) => writeReceipt(deps.s3, deps.lakeBucket, object.key, object.etag ?? (await head(deps.s3, object)).etag, status, prefix);
  // Keys outside a source folder are no export of any night: nothing is written for them.
  if (!connectors[source]) {
    return { status: 'skipped', object, reason: `"${source}/" is not a source folder (expected one of ${Object.keys(connectors).map((s) => `${s}/`).join(', ')})` };
  }
  if (object.key.endsWith('/')) return { status: 'skipped', object, reason: 'a folder marker, not a file' };
  // Two uploads of one key in quick succession: the older notification must not load the older file over the newer one.
  const current = object.versionId ? await currentVersionId(deps.s3, object) : undefined;
  if (current && current !== object.versionId) {
    return { status: 'skipped', object, reason: `version ${object.versionId} was replaced by version ${current}, which its own notification loads` };
  }
  if (deps.largeExports) {
    const bytes = object.size ?? (await head(deps.s3, object)).size;
    // The task writes the lake files and the receipt; the night waits for that receipt like any other.
    if (bytes > deps.largeExports.task.thresholdBytes) return { status: 'handed-off', object, bytes, taskArn: await handOffLargeExport(deps.largeExports.ecs, deps.largeExports.task, object) };
  }

  mkdirSync(deps.scratchDir, { recursive: true });
  const workDir = mkdtempSync(join(deps.scratchDir, 'object-'));
  try {
    const localLake = join(workDir, 'lake');
    const load = await loadExport(deps, object, source, workDir, localLake);
    const infrastructure = infrastructureFailure(load);
    if (infrastructure) throw new IngestInfrastructureError(object.key, infrastructure);
    const lakeKeys = await uploadLakeDir(deps.s3, deps.lakeBucket, localLake, prefix);
    const removedKeys = staleKeys(lakeKeys, prefix);
    await deleteLakeKeys(deps.s3, deps.lakeBucket, removedKeys);
    // Last: a receipt says the lake holds this version of the export.
    await receipt(load.error ? 'rejected' : 'loaded');
    return { status: 'loaded', object, load, lakeKeys, removedKeys };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Ingests one export into a local lake. A ZIP archive is read in place from S3 by byte ranges,
 * so /tmp holds one of its entries at a time, never the archive; any other file is streamed to
 * /tmp (never buffered in memory) and read from there. A transfer that broke off throws
 * `ExportDownloadError`, so the message is retried rather than the file recorded as unreadable.
 */
async function loadExport(deps: ProcessObjectDeps, object: S3ObjectRef, source: string, workDir: string, localLake: string): Promise<FileLoad> {
  const options = deps.ingestOptions ?? DEFAULT_INGEST_OPTIONS;
  const connectors = deps.connectors ?? CONNECTORS;
  if (!ARCHIVE_FILE.test(object.key)) {
    const localPath = await downloadExport(deps.s3, object.bucket, object.key, join(workDir, 'raw'), object.versionId);
    return ingestFile(deps.engine, source, localPath, object.key, localLake, options, connectors);
  }
  let found: Awaited<ReturnType<typeof head>>;
  try {
    found = await head(deps.s3, object);
  } catch (error) {
    throw new ExportDownloadError(object.bucket, object.key, (error as Error).message, error);
  }
  const reader = new S3ZipReader(deps.s3, { ...object, etag: object.etag ?? found.etag, versionId: object.versionId ?? found.versionId, size: found.size });
  const load = await ingestArchiveFile(deps.engine, source, { reader, size: found.size, ...(found.lastModified ? { modifiedAt: found.lastModified } : {}) }, object.key, localLake, options, connectors);
  if (reader.failure) throw new ExportDownloadError(object.bucket, object.key, `a ranged read broke off: ${reader.failure.name}: ${reader.failure.message}`, reader.failure);
  return load;
}

/** The version id of the key's current object (none where the bucket keeps no versions). */
async function currentVersionId(s3: S3Client, object: S3ObjectRef): Promise<string | undefined> {
  const found = await s3.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key }));
  return found.VersionId ?? undefined;
}

/** The ETag, size and time of the version a notification names (notifications may carry neither ETag nor size). */
async function head(s3: S3Client, object: S3ObjectRef): Promise<{ etag: string; size: number; versionId?: string; lastModified?: Date }> {
  const found = await s3.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key, ...(object.versionId ? { VersionId: object.versionId } : {}) }));
  return { etag: found.ETag ?? '', size: found.ContentLength ?? 0, ...(found.VersionId ? { versionId: found.VersionId } : {}), ...(found.LastModified ? { lastModified: found.LastModified } : {}) };
}

/**
 * Keys an earlier load of the same export may have written but this one did not: when a file
 * that once loaded is replaced by one that cannot be read, its old data and quarantine must go,
 * so the lake reflects the raw object as it is now, whatever order the notifications came in.
 */
function staleKeys(uploaded: string[], prefix: string): string[] {
  const log = uploaded.map((key) => new RegExp(`^${escapeRegExp(prefix)}_ingest/([^/]+)/([^/]+)/export_date=([^/]+)/([^/]+)\\.parquet$`).exec(key)).find(Boolean);
  if (!log) return [];
  const file: LakeFile = { source: log[1]!, object: log[2]!, exportDate: log[3]!, fileKey: log[4]! };
  return [lakeDataPath(file), lakeQuarantinePath(file)].map((path) => prefix + path).filter((key) => !uploaded.includes(key));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

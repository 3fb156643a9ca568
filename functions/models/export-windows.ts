import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AthenaEngine } from '../core/athena-engine.ts';
import { lakeTableName } from '../core/athena-lake.ts';
import {
  EXPORT_DATE_PREFIX, exportSignature, exportWindowMarkerKey, parseExportWindowMarker, type ExportWindowStore, type LakeExport,
} from '../core/export-window.ts';
import { listObjects } from './prune-runs.ts';

export interface AthenaWindowWhere {
  lakeBucket: string;
  /** The Glue database of the lake's source tables (`<source>_<object>`, partitioned by `export_date`). */
  lakeDatabase: string;
}

/**
 * The export window's store for the lake in S3, so the night on Athena reads the same exports as
 * the night on this machine: exports listed from `<source>/<object>/export_date=<d>/`, the marker
 * at `_export_window/<source>/<object>.json`, keys compared by one Athena query over the lake's
 * table (only the partitions compared are read).
 */
export function athenaExportWindowStore(deps: { engine: AthenaEngine; s3: S3Client }, where: AthenaWindowWhere): ExportWindowStore {
  const table = (source: string, object: string) => `"${where.lakeDatabase}"."${lakeTableName(source, object)}"`;
  return {
    exports: async (source, object) => s3Exports(deps.s3, where.lakeBucket, source, object),
    readMarker: async (source, object) => {
      try {
        const got = await deps.s3.send(new GetObjectCommand({ Bucket: where.lakeBucket, Key: exportWindowMarkerKey(source, object) }));
        return parseExportWindowMarker(await got.Body!.transformToString());
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    writeMarker: async (source, object, marker) => {
      await deps.s3.send(new PutObjectCommand({ Bucket: where.lakeBucket, Key: exportWindowMarkerKey(source, object), Body: `${JSON.stringify(marker)}\n`, ContentType: 'application/json' }));
    },
    keysMissing: async (source, object, key, before, candidate) => {
      const [row] = await deps.engine.query<{ n: number }>(keysMissingSql(table(source, object), key, before, candidate), `the export window of ${source}.${object}`);
      return row?.n ?? 0;
    },
  };
}

/** How many non-null keys of the `before` export dates the `candidate` export lacks, on Athena (an anti-join: Trino reads only those partitions). */
export function keysMissingSql(table: string, key: string, before: string[], candidate: string): string {
  const dates = before.map((d) => `date '${d}'`).join(', ');
  return `select count(*) as n from (select distinct "${key}" as k from ${table} where export_date in (${dates}) and "${key}" is not null) as earlier\n`
    + `left join (select distinct "${key}" as k from ${table} where export_date = date '${candidate}') as candidate on candidate.k = earlier.k\n`
    + 'where candidate.k is null';
}

/** One object's export dates in the lake bucket holding Parquet files, oldest first, each signed as on this machine. */
async function s3Exports(s3: S3Client, bucket: string, source: string, object: string): Promise<LakeExport[]> {
  const prefix = `${source}/${object}/${EXPORT_DATE_PREFIX}`;
  const byDate = new Map<string, Array<{ name: string; size: number }>>();
  for (const { key, size } of await listObjects(s3, bucket, prefix)) {
    const [date, name, ...deeper] = key.slice(prefix.length).split('/');
    if (!date || !name || deeper.length || !name.endsWith('.parquet')) continue;
    byDate.set(date, [...(byDate.get(date) ?? []), { name, size }]);
  }
  return [...byDate.keys()].sort().map((date) => ({ date, signature: exportSignature(byDate.get(date)!) }));
}

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DuckDbEngine } from '../../core/duckdb-engine.ts';
import { lakeDataPath, lakeQuarantinePath, type LakeFile } from '../../core/lake.ts';
import { CONNECTORS, type Connectors } from '../connectors/index.ts';
import { DEFAULT_INGEST_OPTIONS, type IngestOptions } from '../connectors/types.ts';
import { ingestFile } from '../ingest.ts';
import type { FileLoad } from '../load-file.ts';
import { deleteLakeKeys, downloadExport, uploadLakeDir } from '../s3-lake.ts';
import type { S3ObjectRef } from './s3-event.ts';

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
}

/** The result of one object: skipped (not an export), or loaded, possibly with the whole file rejected (`load.error`). */
export type ObjectOutcome =
  | { status: 'skipped'; object: S3ObjectRef; reason: string }
  | { status: 'loaded'; object: S3ObjectRef; load: FileLoad; lakeKeys: string[]; removedKeys: string[] };

/**
 * Loads one raw export object into the lake bucket: download, ingest through DuckDB into a fresh
 * local lake, upload its files. The lake keys depend only on the object's key and content, so a
 * duplicate or late delivery rewrites the same keys with the same bytes. A bad file is not an
 * error here: it is recorded in the lake's ingest log. S3 failures throw.
 */
export async function processObject(deps: ProcessObjectDeps, object: S3ObjectRef): Promise<ObjectOutcome> {
  const source = object.key.split('/')[0] ?? '';
  const connectors = deps.connectors ?? CONNECTORS;
  if (!connectors[source]) {
    return { status: 'skipped', object, reason: `"${source}/" is not a source folder (expected one of ${Object.keys(connectors).map((s) => `${s}/`).join(', ')})` };
  }
  if (object.key.endsWith('/')) return { status: 'skipped', object, reason: 'a folder marker, not a file' };

  mkdirSync(deps.scratchDir, { recursive: true });
  const workDir = mkdtempSync(join(deps.scratchDir, 'object-'));
  try {
    const localPath = await downloadExport(deps.s3, object.bucket, object.key, join(workDir, 'raw'));
    const localLake = join(workDir, 'lake');
    const load = await ingestFile(deps.engine, source, localPath, object.key, localLake, deps.ingestOptions ?? DEFAULT_INGEST_OPTIONS, connectors);
    const prefix = deps.lakePrefix ?? '';
    const lakeKeys = await uploadLakeDir(deps.s3, deps.lakeBucket, localLake, prefix);
    const removedKeys = staleKeys(lakeKeys, prefix);
    await deleteLakeKeys(deps.s3, deps.lakeBucket, removedKeys);
    return { status: 'loaded', object, load, lakeKeys, removedKeys };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
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

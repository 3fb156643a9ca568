import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { DuckDbEngine } from '../core/duckdb-engine.ts';
import { ExportUnreadableError } from '../core/errors.ts';
import { fileKeyOf, lakeIngestLogPath } from '../core/lake.ts';
import { CONNECTORS } from './connectors/index.ts';
import { DEFAULT_INGEST_OPTIONS, type IngestOptions, type ObjectSpec } from './connectors/types.ts';
import { sqlString } from './dialect.ts';
import { loadFile, type FileLoad } from './load-file.ts';

const EXPORT_FILE = /\.(csv|csv\.gz|tsv)$/i;

/** Finds which object an export file holds, from its name as the source names it (`Lead.csv`, `Lead_2.csv.gz`). */
export function specForFile(source: string, path: string): ObjectSpec | undefined {
  const name = basename(path).replace(EXPORT_FILE, '').replace(/[_-]\d+$/, '').toLowerCase();
  return CONNECTORS[source]?.find((spec) => spec.files.some((f) => f.toLowerCase() === name));
}

/** The export date written in a path (`…/2026-11-20/Lead.csv`), if any. */
export function exportDateInPath(path: string): string | undefined {
  return /(\d{4}-\d{2}-\d{2})/.exec(path)?.[1];
}

/**
 * Loads every export file under `exportsDir/<source>/` into the lake. One bad file never stops
 * the rest: its error is recorded and the night goes on.
 */
export async function ingestExports(engine: DuckDbEngine, exportsDir: string, lakeDir: string, options: IngestOptions = DEFAULT_INGEST_OPTIONS): Promise<FileLoad[]> {
  const loads: FileLoad[] = [];
  for (const path of listFiles(exportsDir)) {
    const rel = relative(exportsDir, path);
    const source = rel.split('/')[0]!;
    if (!CONNECTORS[source] || !EXPORT_FILE.test(path)) continue;
    loads.push(await ingestFile(engine, source, path, rel, lakeDir, options));
  }
  return loads;
}

/** Loads one export file and records the outcome in the lake's ingest log, whatever happened. */
export async function ingestFile(engine: DuckDbEngine, source: string, path: string, relativePath: string, lakeDir: string, options: IngestOptions = DEFAULT_INGEST_OPTIONS): Promise<FileLoad> {
  const spec = specForFile(source, path);
  const exportDate = exportDateInPath(relativePath);
  const fileKey = fileKeyOf(relativePath.split('/').slice(1).join('/').replace(/\d{4}-\d{2}-\d{2}\/?/, ''));
  let load: FileLoad;
  if (!spec) {
    load = failed(source, 'unknown', relativePath, exportDate, `no ${source} object is named "${basename(path)}"; name the file after the object (for example Lead.csv)`);
  } else {
    try {
      load = await loadFile(engine, spec, path, lakeDir, { fileKey, ...(exportDate ? { exportDate } : {}) }, options);
    } catch (error) {
      const reason = error instanceof ExportUnreadableError ? error.message.replace(`${path}: `, '') : (error as Error).message;
      load = failed(source, spec.object, relativePath, exportDate, reason);
    }
  }
  await writeIngestLog(engine, load, lakeDir, fileKey);
  return load;
}

function failed(source: string, object: string, file: string, exportDate: string | undefined, error: string): FileLoad {
  return { source, object, file, exportDate: exportDate ?? '1970-01-01', rowsRead: 0, rowsLoaded: 0, rowsQuarantined: 0, encoding: '', error, missingOptional: [] };
}

async function writeIngestLog(engine: DuckDbEngine, load: FileLoad, lakeDir: string, fileKey: string): Promise<void> {
  const path = join(lakeDir, lakeIngestLogPath({ source: load.source, object: load.object, exportDate: load.exportDate, fileKey }));
  mkdirSync(dirname(path), { recursive: true });
  const value = (v: string | undefined) => (v === undefined ? 'cast(null as varchar)' : sqlString(v));
  await engine.execute(`copy (select
      ${sqlString(load.source)} as source, ${sqlString(load.object)} as object, ${sqlString(load.file)} as source_file,
      cast(${sqlString(load.exportDate)} as date) as export_date, cast(${load.rowsRead} as bigint) as rows_read,
      cast(${load.rowsLoaded} as bigint) as rows_loaded, cast(${load.rowsQuarantined} as bigint) as rows_quarantined,
      ${value(load.encoding || undefined)} as encoding, ${value(load.error)} as error,
      ${sqlString(load.missingOptional.join(', '))} as missing_optional_columns
    ) to ${sqlString(path)} (format parquet)`);
}

function listFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

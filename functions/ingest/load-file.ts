import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DuckDbEngine } from '../core/duckdb-engine.ts';
import { ExportUnreadableError, MissingColumnsError } from '../core/errors.ts';
import { lakeDataPath, lakeQuarantinePath, type LakeFile } from '../core/lake.ts';
import { DEFAULT_INGEST_OPTIONS, LAKE_TYPES, type IngestOptions, type ObjectSpec } from './connectors/types.ts';
import { DIALECT_MACROS, parseExpression, problemExpression, sqlIdentifier, sqlString } from './dialect.ts';

export interface FileLoad {
  source: string;
  object: string;
  file: string;
  exportDate: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  encoding: string;
  /** Set when the whole file could not be read; the night goes on without it. */
  error?: string;
  /** Optional columns the file did not have (loaded as empty). */
  missingOptional: string[];
}

const prepared = new WeakSet<DuckDbEngine>();

/**
 * Loads one export file into the lake through DuckDB alone: CSV reader → typed projection →
 * `COPY … TO` Parquet. Rows that cannot be read go to quarantine with their reason; for every
 * file rows read = rows loaded + rows quarantined.
 */
export async function loadFile(engine: DuckDbEngine, spec: ObjectSpec, path: string, lakeDir: string, target: { fileKey: string; exportDate?: string }, options: IngestOptions = DEFAULT_INGEST_OPTIONS): Promise<FileLoad> {
  if (!prepared.has(engine)) {
    await engine.execute(DIALECT_MACROS);
    prepared.add(engine);
  }
  const encoding = await readRaw(engine, path, options.encoding);
  const headers = (await engine.query<{ column_name: string }>(`select column_name from (describe raw_file)`)).map((r) => r.column_name).filter((h) => h !== '_row_number');
  const byHeader = new Map(headers.map((h) => [normaliseHeader(h), h]));
  const duplicated = headers.filter((h) => /_\d+$/.test(h) && byHeader.has(normaliseHeader(h.replace(/_\d+$/, ''))));
  if (duplicated.length) throw new ExportUnreadableError(path, `the header repeats ${duplicated.map((h) => `"${h.replace(/_\d+$/, '')}"`).join(', ')}; each column must appear once`);

  const selects: string[] = [];
  const problems: string[] = [];
  const missingRequired: string[] = [];
  const missingOptional: string[] = [];
  for (const column of spec.columns) {
    const header = [column.header, ...(column.aliases ?? [])].map((h) => byHeader.get(normaliseHeader(h))).find(Boolean);
    if (!header) {
      (column.required ? missingRequired : missingOptional).push(column.header);
      selects.push(`cast(null as ${LAKE_TYPES[column.type]}) as ${column.name}`);
      continue;
    }
    const raw = sqlIdentifier(header);
    selects.push(`${parseExpression(column, raw, options)} as ${column.name}`);
    const problem = problemExpression(column, raw, header, options);
    if (problem) problems.push(problem);
  }
  if (missingRequired.length) throw new MissingColumnsError(path, spec.object, missingRequired);

  const reason = problems.length ? `nullif(concat_ws('; ', ${problems.join(', ')}), '')` : 'cast(null as varchar)';
  await engine.execute(`create or replace temp table typed_file as
    select ${selects.join(',\n      ')},
      ${sqlString(relativeName(path))} as source_file,
      _row_number as source_row_number,
      ${reason} as _reason,
      to_json(raw_file) as _raw
    from raw_file`);

  const exportDate = target.exportDate ?? (await newestDate(engine, spec));
  const lakeFile: LakeFile = { source: spec.source, object: spec.object, fileKey: target.fileKey, exportDate };
  const dataPath = join(lakeDir, lakeDataPath(lakeFile));
  const quarantinePath = join(lakeDir, lakeQuarantinePath(lakeFile));
  mkdirSync(dirname(dataPath), { recursive: true });
  mkdirSync(dirname(quarantinePath), { recursive: true });
  const columns = [...spec.columns.map((c) => c.name), 'source_file', 'source_row_number'].join(', ');
  await engine.execute(`copy (select ${columns} from typed_file where _reason is null order by source_row_number) to ${sqlString(dataPath)} (format parquet, compression zstd)`);
  await engine.execute(`copy (
      select source_file, source_row_number, _reason as reason, cast(_raw as varchar) as raw_text from typed_file where _reason is not null
      union all
      select ${sqlString(relativeName(path))}, cast(line as bigint), 'unreadable CSV line: ' || error_message, csv_line from reject_errors
    ) to ${sqlString(quarantinePath)} (format parquet, compression zstd)`);
  const [counts] = await engine.query<{ loaded: number; quarantined: number }>(
    `select count(*) filter (where _reason is null) as loaded, count(*) filter (where _reason is not null) + (select count(*) from reject_errors) as quarantined from typed_file`,
  );
  const loaded = counts?.loaded ?? 0;
  const quarantined = counts?.quarantined ?? 0;
  return { source: spec.source, object: spec.object, file: relativeName(path), exportDate, rowsRead: loaded + quarantined, rowsLoaded: loaded, rowsQuarantined: quarantined, encoding, missingOptional };
}

/** An export without a date in its path is dated by its newest record change, so re-runs agree. */
async function newestDate(engine: DuckDbEngine, spec: ObjectSpec): Promise<string> {
  const stamps = spec.columns.filter((c) => c.type === 'timestamp').map((c) => c.name);
  if (!stamps.length) return '1970-01-01';
  const [row] = await engine.query<{ d: string | null }>(
    `select strftime(max(greatest(${stamps.map((s) => `coalesce(${s}, timestamp '1970-01-01')`).join(', ')})), '%Y-%m-%d') as d from typed_file where _reason is null`,
  );
  return row?.d ?? '1970-01-01';
}

/** Reads the CSV as text columns, keeping malformed lines aside; falls back to Windows-1252 when not UTF-8. */
async function readRaw(engine: DuckDbEngine, path: string, forced?: string): Promise<string> {
  for (const encoding of forced ? [forced] : ['utf-8', 'latin-1']) {
    try {
      await engine.execute(`create or replace temp table raw_file as
        select row_number() over () as _row_number, *
        from read_csv(${sqlString(path)}, header = true, all_varchar = true, encoding = ${sqlString(encoding)},
          store_rejects = true, rejects_table = 'reject_errors', rejects_scan = 'reject_scans', max_line_size = 20000000)`);
      // Invalid UTF-8 shows up as rejected lines, not an error: then the file is Windows-1252 (read as Latin-1).
      const [invalid] = await engine.query<{ n: number }>(`select count(*) as n from reject_errors where error_type in ('INVALID ENCODING', 'INVALID UNICODE')`);
      if (encoding === 'utf-8' && (invalid?.n ?? 0) > 0) continue;
      return encoding;
    } catch (error) {
      const message = (error as Error).message;
      if (encoding === 'utf-8' && /unicode|utf-?8|encoding/i.test(message)) continue;
      throw new ExportUnreadableError(path, firstLine(message));
    }
  }
  throw new ExportUnreadableError(path, 'not readable as UTF-8 or Windows-1252');
}

function normaliseHeader(header: string): string {
  return header.replace(/^\uFEFF/, '').trim().toLowerCase();
}

function relativeName(path: string): string {
  return path.split('/').slice(-2).join('/');
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DuckDbEngine } from '../core/duckdb-engine.ts';
import { ExportUnreadableError, MissingColumnsError } from '../core/errors.ts';
import { KEPT_PARQUET, lakeDataPath, lakeQuarantinePath, type LakeFile } from '../core/lake.ts';
import { duckdbEncoding } from '../core/encodings.ts';
import { fileKind, readHead, transcodeToUtf8 } from './archives.ts';
import { DEFAULT_INGEST_OPTIONS, LAKE_TYPES, type ColumnSpec, type IngestOptions, type ObjectSpec } from '../core/catalogue.ts';
import { mixesLineEnds, readSlice, scanRecords, type RecordScan } from './record-scan.ts';
import { sqlString } from '../core/sql.ts';
import { cleanExpression, DIALECT_MACROS, parseExpression, problemExpression, sqlIdentifier } from './dialect.ts';

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
  /** What the file's shape costs the numbers without stopping them (a repeated column read once, a missing column they need, a file not used); shown on data health. */
  notes?: string[];
  /** ZIP archives only: entries that were not loaded and why (`ContentVersion/ (12 files, not CSV)`). */
  skipped?: string[];
  /** ZIP archives only, from `ingestFile`: one load per CSV entry (row counts above are their sums). */
  entries?: FileLoad[];
}

/** Where one file's rows go in the lake, and how the file is named in logs and quarantine. */
export interface LoadTarget {
  fileKey: string;
  exportDate?: string;
  /** Name recorded as `source_file` (e.g. `salesforce/2026-11-20/Lead.csv`); default: the path's last two parts. */
  file?: string;
  /** Folder for temporary files (a re-encoded copy); default: next to the lake. */
  tempDir?: string;
  /**
   * `YYYY-MM-DD` of the export file's own time (its mtime; for an archive entry, the archive's):
   * the date of an export with no date in its path and no change column (default: the file's mtime).
   */
  fileDate?: string;
}

/**
 * Longest CSV record the reader accepts (bytes); also its buffer size, so memory per reader
 * thread stays what DuckDB uses by default (32 MB). A longer record is quarantined with reason
 * "line size over maximum"; DuckDB keeps only its first 10,000 bytes as the raw text.
 */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

/**
 * Most columns a file may have (default): DuckDB gives every column of the header a vector per
 * 2,048 rows, so a 100 KB file with 10,000 columns would need gigabytes. Real exports stay well
 * under it (a Salesforce object has at most about 900 fields; a HubSpot all-properties export a
 * few hundred to about 1,500). `IngestOptions.maxColumns` changes it.
 */
export const MAX_COLUMNS = 2_000;

const prepared = new WeakSet<DuckDbEngine>();
const REJECTS = 'handoff_reject_errors';
const REJECT_SCANS = 'handoff_reject_scans';
/** The work view over the rows file: the file's rows as read and parsed, each with its position `_k`. */
const LOADED = 'handoff_load';
/** The rows file is read once, a moment after it is written, then removed: fast to write beats small. */
const ROWS_FILE_COMPRESSION = 'lz4_raw';
const UNREADABLE = 'handoff_unreadable';

/**
 * Loads one export file into the lake through DuckDB alone: CSV reader → typed projection →
 * `COPY … TO` Parquet. Rows that cannot be read go to quarantine with their reason; for every
 * file rows read = rows loaded + rows quarantined.
 *
 * The header line is read first (at most 1 MB) to learn the delimiter and the column names, so a
 * file with a missing column, or a repeated one the connector reads and does not allow, fails
 * before the heavy read, and the CSV reader needs no sniffing: it reads every record in one pass,
 * keeping malformed ones aside (`store_rejects`) instead of guessing a dialect from them. The
 * typed projection explains each value it cannot parse; both kinds of problem end in the
 * quarantine Parquet with the record's number. A file with lines that are not valid UTF-8 keeps
 * UTF-8 and quarantines those lines, unless it holds no UTF-8 text at all (then it is read as
 * Windows-1252). Alongside the read, the file's records are counted from its bytes
 * (record-scan.ts, which also proves a gzip stream whole): rows read must equal that count, or
 * the file is refused rather than a record lost.
 */
export async function loadFile(engine: DuckDbEngine, spec: ObjectSpec, path: string, lakeDir: string, target: LoadTarget, options: IngestOptions = DEFAULT_INGEST_OPTIONS): Promise<FileLoad> {
  if (!prepared.has(engine)) {
    await engine.execute(DIALECT_MACROS);
    prepared.add(engine);
  }
  const file = target.file ?? relativeName(path);
  if (!target.fileDate) target = { ...target, fileDate: statSync(path).mtime.toISOString().slice(0, 10) };
  const kind = fileKind(path);
  if (kind === 'empty') throw new ExportUnreadableError(path, 'the file is empty');
  if (kind === 'zip') throw new ExportUnreadableError(path, 'this is a ZIP archive, not a CSV file; name it .zip so its entries are loaded');
  const gzip = kind === 'gzip';
  // The independent record count (which also proves a gzip stream whole) runs alongside the read
  // and is awaited before anything is written to the lake.
  const stopCheck = new AbortController();
  let scanCheck: ScanCheck | undefined;

  // The rows as read and parsed (a Parquet file), and a re-encoded copy of the export when one is needed.
  const workDir = makeTempDir(target, lakeDir);
  const rowsFile = join(workDir, 'rows.parquet');
  try {
    let head: Buffer;
    try {
      head = await readHead(path, gzip);
    } catch (error) {
      throw new ExportUnreadableError(path, (error as Error).message);
    }
    if (head.length === 0) throw new ExportUnreadableError(path, 'the file is empty');
    const layout = headerLayout(head, path, options.maxColumns ?? MAX_COLUMNS);
    const projection = typedProjection(spec, layout, path, options);
    const check: ScanCheck = scanRecords(path, { gzip, delimiter: layout.delimiter, maxRecordBytes: MAX_LINE_BYTES, signal: stopCheck.signal })
      .then((scan) => ({ ok: true as const, scan }), (e: Error) => ({ ok: false as const, reason: e.message }));
    scanCheck = check;
    const gzipCheck: GzipCheck = gzip ? check : undefined;
    // UTF-16 bytes cannot be counted as ASCII CSV: those files are trusted to DuckDB's count alone.
    const scanned = async () => {
      const result = await check;
      return result.ok && !layout.utf16 ? result.scan : undefined;
    };
    const forced = options.encoding?.trim();
    const csv = { path, gzip };
    // Strict RFC 4180 reading, except for a file that mixes CRLF and LF line ends, which DuckDB's
    // strict mode misreads (a reader error, or no rows at all); the record count confirms either way.
    let strict = true;
    let current = { csv, encoding: 'utf-8' };
    const read1 = async (from: { path: string; gzip: boolean }, encoding: string): Promise<boolean> => {
      current = { csv: from, encoding };
      try {
        return await readRows(engine, from, rowsFile, layout, projection, encoding, gzipCheck, path, strict);
      } catch (error) {
        const scan = strict && error instanceof ExportUnreadableError ? await scanned() : undefined;
        if (!scan || !mixesLineEnds(scan)) throw error;
        strict = false;
        return await readRows(engine, from, rowsFile, layout, projection, encoding, gzipCheck, path, strict);
      }
    };
    let read: { encoding: string } | undefined;
    if (forced && !duckdbEncoding(forced)) {
      read = await readReencoded(csv, join(workDir, 'reencoded.csv'), forced, gzipCheck, read1);
    } else {
      const candidates = forced ? [duckdbEncoding(forced)!] : layout.utf16 ? ['utf-16'] : ['utf-8', 'latin-1'];
      for (const encoding of candidates) {
        let invalidUtf8: boolean;
        try {
          invalidUtf8 = await read1(csv, encoding);
        } catch (error) {
          // DuckDB's Latin-1 refuses bytes 0x80–0x9F (Windows-1252's €, curly quotes, …): re-encode those files first.
          if (!/not latin-1 encoded/i.test((error as Error).message)) throw error;
          if (forced) throw new ExportUnreadableError(path, 'the file is not Latin-1: it has bytes 0x80–0x9F; set the encoding to windows-1252');
          break;
        }
        if (!forced && encoding === 'utf-8' && invalidUtf8) {
          // Decided per row: a file that holds well-formed UTF-8 text (Zoë) stays UTF-8 and only its
          // bad lines are quarantined; a file with no UTF-8 at all is Windows-1252 (or Latin-1).
          const scan = await scanned();
          if (!scan || scan.utf8.multibyte === 0) continue;
        }
        read = { encoding };
        break;
      }
      if (!read) {
        read = await readReencoded(csv, join(workDir, 'reencoded.csv'), 'windows-1252', gzipCheck, read1);
      }
    }

    const result = await check;
    if (!result.ok) throw new ExportUnreadableError(path, result.reason);
    const scan = await scanned();
    if (scan) {
      let returned = await returnedRecords(engine);
      // Strict mode rejects a quoted value followed by the "other" line end: read such a file again, leniently.
      if (strict && mixesLineEnds(scan) && (returned !== scan.records || (await rejectedLines(engine)) > 0)) {
        strict = false;
        await readRows(engine, current.csv, rowsFile, layout, projection, current.encoding, gzipCheck, path, strict);
        returned = await returnedRecords(engine);
      }
      if (returned !== scan.records) await accountForVanished(engine, scan, returned, current.csv, path);
    }
    const load = await writeLake(engine, spec, { encoding: read.encoding, missingOptional: projection.missingOptional }, file, lakeDir, target);
    return projection.notes.length ? { ...load, notes: projection.notes } : load;
  } finally {
    stopCheck.abort(); // a file that failed early need not be read to the end
    await scanCheck;
    await dropWorkTables(engine);
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function rejectedLines(engine: DuckDbEngine): Promise<number> {
  const [row] = await engine.query<{ n: number }>(`select count(distinct line) as n from ${REJECTS}`);
  return row?.n ?? 0;
}

/** Records the CSV reader gave back: rows returned plus records it rejected (one per line). */
async function returnedRecords(engine: DuckDbEngine): Promise<number> {
  const [row] = await engine.query<{ n: number }>(`select (select count(*) from ${LOADED}) + (select count(distinct line) from ${REJECTS}) as n`);
  return row?.n ?? 0;
}

/**
 * When the reader returned fewer records than the file holds, the difference must be records over
 * the length limit that DuckDB dropped without a reject (it does so for unquoted ones): each is
 * added to the rejects with its number, length and first 10,000 bytes, so it is quarantined like
 * any over-long record. Any other difference refuses the file: nothing is loaded rather than
 * something lost without a trace.
 */
async function accountForVanished(engine: DuckDbEngine, scan: RecordScan, returned: number, csv: { path: string; gzip: boolean }, displayPath: string): Promise<void> {
  const missing = scan.records - returned;
  if (missing > 0) {
    const reported = new Set((await engine.query<{ r: number }>(`select distinct cast(line as bigint) - 1 as r from ${REJECTS} where error_type = 'LINE SIZE OVER MAXIMUM'`)).map((row) => row.r));
    const dropped = scan.oversize.filter((o) => !reported.has(o.record));
    if (dropped.length === missing) {
      for (const record of dropped) {
        const text = new TextDecoder('utf-8').decode(await readSlice(csv.path, csv.gzip, record.offset, 10_000));
        await engine.execute(`insert into ${REJECTS} (scan_id, file_id, line, error_type, csv_line, error_message) values (0, 0, ${record.record + 1}, 'LINE SIZE OVER MAXIMUM', ${sqlString(text)},
          ${sqlString(`Maximum line size of ${MAX_LINE_BYTES} bytes exceeded. Actual Size:${record.bytes} bytes.`)})`);
      }
      return;
    }
  }
  throw new ExportUnreadableError(displayPath, `the CSV reader returned ${returned} records but the file holds ${scan.records} (counted from its bytes); nothing was loaded from it, so that no record is lost without a trace; check its line ends and quotes`);
}

type GzipCheck = Promise<{ ok: true } | { ok: false; reason: string }> | undefined;
type ScanCheck = Promise<{ ok: true; scan: RecordScan } | { ok: false; reason: string }>;

/** What the header line says: the delimiter, and the column names in order (as the reader will name them). */
interface CsvLayout {
  delimiter: string;
  /** Names the reader gives the columns: the header's, with a repeated one made unique (`Email (repeat at column 15)`). */
  headers: string[];
  /** The header's own names, in the same order. */
  labels: string[];
  /** The file starts with a UTF-16 byte-order mark. */
  utf16: boolean;
}

/**
 * The typed SELECT list and the problem explanation for one object, from the header. Each value
 * is parsed once, in `parses` (over the reader's raw columns, as `__handoff_pN`); `selects` and
 * `reason` only refer to the parsed values.
 */
interface Projection {
  parses: string[];
  selects: string[];
  reason: string;
  missingOptional: string[];
  notes: string[];
}

const DELIMITERS = [',', ';', '\t', '|'];

/**
 * Reads the header line: the first record of the file (a quoted name may hold a delimiter),
 * decoded as UTF-8 (BOM dropped), UTF-16 when it starts with that BOM, else Windows-1252. The
 * delimiter is the candidate (`,` `;` tab `|`) the header uses most: a semicolon export reads
 * as well as a comma one.
 */
export function headerLayout(head: Buffer, path: string, maxColumns = MAX_COLUMNS): CsvLayout {
  const utf16 = head.length >= 2 && head[0] === 0xff && head[1] === 0xfe;
  // Text exports never hold NUL bytes; images, PDFs and old .xls files do, right at the start.
  if (!utf16 && head.subarray(0, 8192).includes(0)) throw new ExportUnreadableError(path, 'the file holds binary data (NUL bytes near its start), not CSV text');
  let line: string | undefined;
  if (utf16) {
    line = firstRecord(new TextDecoder('utf-16le').decode(head));
  } else {
    const end = firstRecordEnd(head);
    if (end === undefined && head.length >= 1024 * 1024) throw new ExportUnreadableError(path, 'the first line is over 1 MB long with no line end; this does not look like a CSV export');
    const bytes = head.subarray(0, end ?? head.length);
    try {
      line = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      line = new TextDecoder('windows-1252').decode(bytes);
    }
  }
  line = (line ?? '').replace(/^\uFEFF/, '').replace(/\r?\n$/, '').replace(/\r$/, '');
  if (!line.trim()) throw new ExportUnreadableError(path, 'the file has no header line (its first line is empty); the first line must name the columns');
  const counts = DELIMITERS.map((d) => split(line, d).length - 1);
  const best = Math.max(...counts);
  const delimiter = best > 0 ? DELIMITERS[counts.indexOf(best)]! : ',';
  const labels = split(line, delimiter).map((h, i) => (h.trim() ? h : `column${i + 1}`));
  if (labels.length > maxColumns) {
    throw new ExportUnreadableError(path, `the header has ${labels.length.toLocaleString('en-US')} columns, over the limit of ${maxColumns.toLocaleString('en-US')}; no rows were read. Export only the fields Handoff reads`);
  }
  // A repeated name is read under a unique one; whether the repeat matters is decided by the columns the connector reads.
  const seen = new Set<string>();
  const headers = labels.map((h, i) => {
    const repeat = seen.has(normaliseHeader(h));
    seen.add(normaliseHeader(h));
    return repeat ? `${h.trim()} (repeat at column ${i + 1})` : h;
  });
  return { delimiter, headers, labels, utf16 };
}

/** Byte offset just past the first record's line end (quotes respected), or undefined if there is none in `head`. */
function firstRecordEnd(head: Buffer): number | undefined {
  let quoted = false;
  for (let i = 0; i < head.length; i++) {
    const byte = head[i];
    if (byte === 0x22) quoted = !quoted;
    else if (byte === 0x0a && !quoted) return i + 1;
  }
  return undefined;
}

function firstRecord(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === '\n' && !quoted) return text.slice(0, i + 1);
  }
  return text;
}

/** Splits one CSV record on `delimiter`, honouring "quoted ""values""". */
function split(record: string, delimiter: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const ch = record[i]!;
    if (quoted) {
      if (ch === '"' && record[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  return fields;
}

/**
 * Maps the spec's columns onto the file's headers, by name (case and surrounding spaces ignored),
 * never by position. A header repeated in the file is a problem only when a column is read from
 * it: the spec says whether to refuse the file or read the first and note it.
 */
function typedProjection(spec: ObjectSpec, layout: CsvLayout, path: string, options: IngestOptions): Projection {
  const byHeader = new Map<string, { read: string; position: number }>();
  const positions = new Map<string, number[]>();
  layout.labels.forEach((label, i) => {
    const key = normaliseHeader(label);
    if (!byHeader.has(key)) byHeader.set(key, { read: layout.headers[i]!, position: i + 1 });
    positions.set(key, [...(positions.get(key) ?? []), i + 1]);
  });
  const parses: string[] = [];
  const parse = (column: ColumnSpec, raw: string): string => {
    const name = `__handoff_p${parses.length + 1}`;
    parses.push(`${parseExpression(column, raw, options)} as ${name}`);
    return name;
  };
  const selects: string[] = [];
  const problems: string[] = [];
  const cleans: string[] = [];
  const missingRequired: string[] = [];
  const missingOptional: string[] = [];
  const repeated: string[] = [];
  const notes: string[] = [];
  for (const column of spec.columns) {
    if (column.constant !== undefined) {
      selects.push(`${parseExpression(column, sqlString(column.constant), options)} as ${column.name}`);
      continue;
    }
    if (column.family) {
      const family = familyColumn(column, layout, parse);
      selects.push(`${family.select} as ${column.name}`);
      problems.push(...family.problems);
      cleans.push(...family.cleans);
      continue;
    }
    const key = [column.header, ...(column.aliases ?? [])].map(normaliseHeader).find((h) => byHeader.has(h));
    if (!key) {
      if (!missingRequired.includes(column.header) && !missingOptional.includes(column.header)) {
        (column.required ? missingRequired : missingOptional).push(column.header);
        if (column.degradesWithout) notes.push(`"${column.header}" is not in the file: ${column.degradesWithout}`);
      }
      selects.push(`cast(null as ${LAKE_TYPES[column.type]}) as ${column.name}`);
      continue;
    }
    const { read, position } = byHeader.get(key)!;
    const at = positions.get(key)!;
    if (at.length > 1 && !repeated.includes(key)) {
      repeated.push(key);
      notes.push(`"${read.trim()}" is repeated (columns ${at.join(', ')}): column ${position}, the first, was read`);
    }
    const raw = sqlIdentifier(read);
    const parsed = parse(column, raw);
    selects.push(`${parsed} as ${column.name}`);
    const problem = problemExpression(column, parsed, raw, read.trim());
    if (problem) problems.push(problem);
    const clean = cleanExpression(column, parsed, raw);
    if (clean) cleans.push(clean);
  }
  if (repeated.length && spec.repeatedHeaders !== 'first') {
    const names = repeated.map((key) => `"${byHeader.get(key)!.read.trim()}"`);
    throw new ExportUnreadableError(path, `the header repeats ${names.join(', ')}; each column must appear once, so it is not clear which one to load`);
  }
  if (missingRequired.length) throw new MissingColumnsError(path, spec.object, missingRequired);
  // A byte-order mark inside the file (two exports joined with cat) makes the next value
  // "\uFEFF\"00Q…\"": the reader no longer sees its quotes. The record is kept aside, whole.
  const first = sqlIdentifier(layout.headers[0]!);
  problems.unshift(`case when starts_with(${first}, chr(65279)) then 'the line starts with a byte-order mark (U+FEFF), as when two exports are joined into one file; remove the mark and load the record again' end`);
  // Rows that pass every column's cheap clean test skip the string work of saying what is wrong.
  const clean = [`not starts_with(${first}, chr(65279))`, ...cleans].join(' and ');
  const reason = `case when ${clean} then null else nullif(concat_ws('; ', ${problems.join(', ')}), '') end`;
  return { parses, selects, reason, missingOptional, notes };
}

/**
 * One text column from every header a family's pattern matches: `label<TAB>time` lines (UTC,
 * label = the pattern's first matching group, spaces kept), empty when none is filled. Repeats of
 * a header are read once.
 */
function familyColumn(column: ColumnSpec, layout: CsvLayout, parse: (column: ColumnSpec, raw: string) => string): { select: string; problems: string[]; cleans: string[] } {
  const { pattern, type } = column.family!;
  const members: ColumnSpec = { header: column.header, name: column.name, type };
  const seen = new Set<string>();
  const parts: string[] = [];
  const problems: string[] = [];
  const cleans: string[] = [];
  layout.labels.forEach((label, i) => {
    const match = pattern.exec(label.trim());
    if (!match || seen.has(normaliseHeader(label))) return;
    seen.add(normaliseHeader(label));
    const raw = sqlIdentifier(layout.headers[i]!);
    const parsed = parse(members, raw);
    parts.push(`case when ${parsed} is not null then ${sqlString(match.slice(1).find((g) => g !== undefined) ?? label.trim())} || chr(9) || strftime(${parsed}, '%Y-%m-%d %H:%M:%S') end`);
    const problem = problemExpression(members, parsed, raw, label.trim());
    if (problem) problems.push(problem);
    const clean = cleanExpression(members, parsed, raw);
    if (clean) cleans.push(clean);
  });
  return { select: parts.length ? `nullif(concat_ws(chr(10), ${parts.join(', ')}), '')` : 'cast(null as varchar)', problems, cleans };
}

/** The read_csv call: no sniffing — the header line gave delimiter and columns; malformed records are kept aside. */
function readCsvSql(path: string, layout: CsvLayout, encoding: string, gzip: boolean, strict: boolean): string {
  const columns = layout.headers.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(', ');
  return `read_csv(${sqlString(path)}, auto_detect = false, header = true, columns = {${columns}},
    delim = ${sqlString(layout.delimiter)}, quote = '"', escape = '"', comment = '', skip = 0, strict_mode = ${strict},
    encoding = ${sqlString(encoding)}, compression = ${sqlString(gzip ? 'gzip' : 'none')}, max_line_size = ${MAX_LINE_BYTES}, buffer_size = ${MAX_LINE_BYTES},
    store_rejects = true, rejects_table = ${sqlString(REJECTS)}, rejects_scan = ${sqlString(REJECT_SCANS)})`;
}

/**
 * Reads every record into the rows file (Parquet) in one pass, and makes the work view over it; the raw values are
 * kept only for rows with a problem, as the JSON text their quarantine row shows (`_raw_text`: one text column, which
 * for the rows without a problem costs the file almost nothing, where a struct of every raw column took 10 to 15% of
 * the pass over a Campaign Members file). Returns whether the reader met bytes that are not UTF-8.
 *
 * The rows go straight from the CSV reader through the parsing to the file, on every thread. Holding them in a temporary
 * table instead took as long and far more memory: at 1,000,000 leads the table of 20 million campaign members outgrew
 * DuckDB's bound (the ingest peaked at 3.1 to 3.9 GB of process memory under 2.5 GB, against 1.1 to 1.2 GB with the
 * file, in 61.5 to 63.8 s either way), and writing the lake file from the file takes 7 s where it took 13 s from the table.
 */
async function readRows(engine: DuckDbEngine, csv: { path: string; gzip: boolean }, rowsFile: string, layout: CsvLayout, projection: Projection, encoding: string, gzipCheck: GzipCheck, displayPath: string, strict: boolean): Promise<boolean> {
  await dropWorkTables(engine);
  try {
    // One pass over the file, in file order: the k-th row of the rows file is the k-th record
    // the reader returned. Each value is parsed once (parsed), each row then given the reason it
    // cannot be loaded, if any (explained); its raw values are kept only for those rows.
    const rawRow = `struct_pack(${layout.headers.map((h) => `${sqlIdentifier(h)} := ${sqlIdentifier(h)}`).join(', ')})`;
    await engine.execute(`copy (
      with parsed as (
        select *, ${projection.parses.length ? projection.parses.join(',\n          ') : 'null as __handoff_none'}
        from ${readCsvSql(csv.path, layout, encoding, csv.gzip, strict)}),
      explained as (select *, ${projection.reason} as _reason from parsed)
      select ${projection.selects.join(',\n        ')},
        _reason,
        case when _reason is not null then cast(to_json(${rawRow}) as varchar) end as _raw_text
      from explained) to ${sqlString(rowsFile)} (format parquet, compression ${ROWS_FILE_COMPRESSION})`);
  } catch (error) {
    if (/not latin-1 encoded/i.test((error as Error).message)) throw error;
    throw new ExportUnreadableError(displayPath, await readerError(error, gzipCheck, csv.path, displayPath));
  }
  // _k: the row's position in the file, from 1, which Parquet keeps (file_row_number counts from 0).
  await engine.execute(`create temp view ${LOADED} as
    select * exclude (file_row_number), file_row_number + 1 as _k from read_parquet(${sqlString(rowsFile)}, file_row_number = true)`);
  const [invalid] = await engine.query<{ n: number }>(`select count(*) as n from ${REJECTS} where error_type in ('INVALID ENCODING', 'INVALID UNICODE')`);
  return encoding === 'utf-8' && (invalid?.n ?? 0) > 0;
}

async function readReencoded(csv: { path: string; gzip: boolean }, to: string, encoding: string, gzipCheck: GzipCheck, read: (from: { path: string; gzip: boolean }, encoding: string) => Promise<boolean>): Promise<{ encoding: string }> {
  if (gzipCheck) {
    const check = await gzipCheck;
    if (!check.ok) throw new ExportUnreadableError(csv.path, check.reason);
  }
  try {
    await transcodeToUtf8(csv.path, to, encoding, csv.gzip);
  } catch (error) {
    throw new ExportUnreadableError(csv.path, (error as Error).message);
  }
  await read({ path: to, gzip: false }, 'utf-8');
  return { encoding: encoding.toLowerCase() };
}

/**
 * Writes the loaded rows and the quarantine (typed problems + records the CSV reader rejected)
 * as Parquet. Record numbers count data records from 1 (the header is not a record); a quoted
 * value spanning lines is one record. (One caveat: the reader skips blank lines but counts them
 * in the numbers of the records it rejects, so after a blank line in the middle of a file those
 * numbers run one ahead of the loaded rows'.)
 */
async function writeLake(engine: DuckDbEngine, spec: ObjectSpec, read: { encoding: string; missingOptional: string[] }, file: string, lakeDir: string, target: LoadTarget): Promise<FileLoad> {
  // One row per rejected record. DuckDB may log several rows for one record (one per missing
  // column, one per extra field): keep one message per kind, the one with the true field count.
  await engine.execute(`create or replace temp table ${UNREADABLE} as
    with errors as (
      select line, cast(error_type as varchar) as error_type, error_message, csv_line,
        try_cast(regexp_extract(error_message, 'Found: (\\d+)', 1) as bigint) as found
      from ${REJECTS}),
    kinds as (
      select line, error_type, first(csv_line) as csv_line,
        case error_type when 'MISSING COLUMNS' then arg_min(error_message, found)
          when 'INVALID ENCODING' then 'this line is not valid UTF-8 although the rest of the file is (bad bytes show as ?); fix the line or re-export the file'
          when 'TOO MANY COLUMNS' then arg_max(error_message, found) else min(error_message) end as message
      from errors group by line, error_type)
    select cast(line as bigint) - 1 as source_row_number,
      'unreadable CSV line: ' || string_agg(lower(error_type) || ': ' || message, '; ' order by error_type) as reason,
      first(csv_line) as raw_text
    from kinds group by line`);
  const [{ n: unreadable = 0 } = { n: 0 }] = await engine.query<{ n: number }>(`select count(*) as n from ${UNREADABLE}`);

  // The k-th record the reader returned is record k + (rejected records before it). Rejected
  // record r_i (sorted, i from 1) has r_i - i returned records before it, so record k comes after
  // every r_i with r_i - i < k: an ASOF join on that count. With no rejects (the usual case), k.
  const numbered = unreadable === 0
    ? `select * exclude (_k), _k as source_row_number from ${LOADED}`
    : `select l.* exclude (_k), l._k + coalesce(g.before_count, 0) as source_row_number
       from ${LOADED} l
       asof left join (
         select returned_before, max(i) as before_count
         from (select source_row_number - row_number() over (order by source_row_number) as returned_before,
                      row_number() over (order by source_row_number) as i from ${UNREADABLE})
         group by returned_before
       ) g on l._k > g.returned_before`;
  const order = unreadable === 0 ? '' : 'order by source_row_number';

  const exportDate = target.exportDate ?? (await newestDate(engine, spec)) ?? target.fileDate ?? new Date().toISOString().slice(0, 10);
  const lakeFile: LakeFile = { source: spec.source, object: spec.object, fileKey: target.fileKey, exportDate };
  const dataPath = join(lakeDir, lakeDataPath(lakeFile));
  const quarantinePath = join(lakeDir, lakeQuarantinePath(lakeFile));
  mkdirSync(dirname(dataPath), { recursive: true });
  mkdirSync(dirname(quarantinePath), { recursive: true });
  const fileName = sqlString(file);
  try {
    await engine.execute(`copy (select ${spec.columns.map((c) => c.name).join(', ')}, ${fileName} as source_file, source_row_number
        from (${numbered}) where _reason is null ${order}) to ${sqlString(dataPath)} (${KEPT_PARQUET})`);
    await engine.execute(`copy (
        select source_file, source_row_number, reason, raw_text from (
          select ${fileName} as source_file, source_row_number, _reason as reason, _raw_text as raw_text from (${numbered}) where _reason is not null
          union all
          select ${fileName}, source_row_number, reason, raw_text from ${UNREADABLE})
        order by source_row_number
      ) to ${sqlString(quarantinePath)} (${KEPT_PARQUET})`);
  } catch (error) {
    // Never leave half a file in the lake: the load is reported as failed, so the lake must not hold it.
    rmSync(dataPath, { force: true });
    rmSync(quarantinePath, { force: true });
    throw error;
  }
  const [counts] = await engine.query<{ loaded: number; quarantined: number }>(
    `select count(*) filter (where _reason is null) as loaded, count(*) filter (where _reason is not null) as quarantined from ${LOADED}`,
  );
  const loaded = counts?.loaded ?? 0;
  const quarantined = (counts?.quarantined ?? 0) + unreadable;
  return { source: spec.source, object: spec.object, file, exportDate, rowsRead: loaded + quarantined, rowsLoaded: loaded, rowsQuarantined: quarantined, encoding: read.encoding, missingOptional: read.missingOptional };
}

/**
 * An export without a date in its path is dated by its newest record change, so re-runs agree;
 * undefined when no loaded row has a change time (the caller then uses the file's own time).
 */
async function newestDate(engine: DuckDbEngine, spec: ObjectSpec): Promise<string | undefined> {
  const stamps = spec.columns.filter((c) => c.type === 'timestamp' || c.type === 'local_timestamp').map((c) => c.name);
  if (!stamps.length) return undefined;
  // greatest() skips nulls: a row with only some change columns filled still counts.
  const [row] = await engine.query<{ d: string | null }>(
    `select strftime(max(greatest(${stamps.join(', ')})), '%Y-%m-%d') as d from ${LOADED} where _reason is null`,
  );
  return row?.d ?? undefined;
}

async function dropWorkTables(engine: DuckDbEngine): Promise<void> {
  await engine.execute(`drop view if exists ${LOADED}`);
  for (const table of [UNREADABLE, REJECTS, REJECT_SCANS]) await engine.execute(`drop table if exists ${table}`);
}

function makeTempDir(target: LoadTarget, lakeDir: string): string {
  const parent = target.tempDir ?? dirname(resolve(lakeDir));
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, '.handoff-ingest-'));
}

/** A reader error in one line: what went wrong and where, without DuckDB's option dump, a 10 MB "Original Line" or a temp path. */
async function readerError(error: unknown, gzipCheck: GzipCheck, readPath: string, displayPath: string): Promise<string> {
  // A gzip stream that breaks makes DuckDB fail in odd ways; the zlib pass says what happened.
  if (gzipCheck) {
    const check = await gzipCheck;
    if (!check.ok) return check.reason;
  }
  return describeReaderError(((error as Error).message ?? String(error)).replaceAll(readPath, basename(displayPath)));
}

/** Turns a DuckDB CSV error message into one readable sentence. */
export function describeReaderError(message: string): string {
  const lines = message.split('\n').map((l) => l.trim());
  const tooLong = /Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+)/i.exec(message);
  const where = /CSV Error on Line:\s*(\d+)/i.exec(message);
  const record = where ? ` (record ${Math.max(Number(where[1]) - 1, 1)})` : '';
  if (tooLong) return `a record${record} is ${tooLong[2]} bytes long, over the reader's limit of ${tooLong[1]} bytes`;
  const first = (lines[0] ?? message).replace(/^[A-Za-z ]*Error:\s*/, '');
  const detail = lines.find((l, i) => i > 0 && l && !/^(Original Line|Possible|\*|file\s*=|LINE \d|\^)/i.test(l)) ?? '';
  const text = (detail && /CSV Error on Line/i.test(first) ? `${first}: ${detail}` : first).slice(0, 500);
  return `the CSV reader could not read the file: ${text}`;
}

function normaliseHeader(header: string): string {
  return header.replace(/^\uFEFF/, '').trim().toLowerCase();
}

function relativeName(path: string): string {
  return path.split('/').slice(-2).join('/');
}

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DuckDbEngine } from '../core/duckdb-engine.ts';
import type { HandoffConfig } from '../core/config.ts';
import { ExportUnreadableError } from '../core/errors.ts';
import { fileKeyOf, lakeIngestLogPath } from '../core/lake.ts';
import { DEFAULT_ZIP_LIMITS, readZip, zipEntryProblem, type ZipReader } from './archives.ts';
import { CONNECTORS, type Connectors } from './connectors/index.ts';
import { DEFAULT_INGEST_OPTIONS, type IngestOptions, type ObjectSpec } from '../core/catalogue.ts';
import { sqlString } from '../core/sql.ts';
import { ARCHIVE_FILE, EXPORT_FILE, findExports, type FoundExport } from './find-exports.ts';
import { loadFile, type FileLoad } from './load-file.ts';

export { ExportsFolderError } from './find-exports.ts';
/** Lake object name of an archive's own ingest record (its entries are recorded under their objects). */
export const ARCHIVE_OBJECT = 'archive';


/**
 * Finds which object an export file holds, from its name as the source names it (`Lead.csv`,
 * `Lead_2.csv.gz`): first an exact name in `files`, then a spec's `filePattern`, tested against
 * the same lower-cased base name (no extension, no `_2` suffix) and, failing that, the base name
 * with its suffix.
 */
export function specForFile(source: string, path: string, connectors: Connectors = CONNECTORS): ObjectSpec | undefined {
  const specs = connectors[source] ?? [];
  const stem = basename(path).replace(EXPORT_FILE, '').toLowerCase();
  const name = stem.replace(/[_-]\d+$/, '');
  return specs.find((spec) => spec.files.some((f) => f.toLowerCase() === name))
    ?? specs.find((spec) => spec.filePattern !== undefined && (name.search(spec.filePattern) !== -1 || stem.search(spec.filePattern) !== -1));
}

/** The export date written in a path (`…/2026-11-20/Lead.csv`), if any. */
export function exportDateInPath(path: string): string | undefined {
  return /(\d{4}-\d{2}-\d{2})/.exec(path)?.[1];
}

/** The ingest settings of a night's config, in the units ingest works in (bytes). */
export function ingestOptionsOf(ingest: HandoffConfig['ingest']): IngestOptions {
  const MB = 1024 * 1024;
  const zip = ingest.zip;
  const zipLimits = {
    ...(zip?.max_entry_mb ? { maxEntryBytes: zip.max_entry_mb * MB } : {}),
    ...(zip?.max_total_mb ? { maxTotalBytes: zip.max_total_mb * MB } : {}),
    ...(zip?.max_ratio ? { maxRatio: zip.max_ratio } : {}),
  };
  return {
    sourceTimeZone: ingest.source_time_zone,
    ...(ingest.encoding ? { encoding: ingest.encoding } : {}),
    ...(ingest.max_columns ? { maxColumns: ingest.max_columns } : {}),
    ...(Object.keys(zipLimits).length ? { zipLimits } : {}),
  };
}

/**
 * Loads every export file under the exports folder into the lake, in any layout the README shows
 * (`salesforce/Lead.csv`, `salesforce/2026-11-20/Lead.csv`, `2026-11-20/salesforce/Lead.csv`).
 * One bad file never stops the rest: its error is recorded and the night goes on; a FIFO or a
 * dangling link is recorded as skipped, never opened. A ZIP archive gives one load for the archive
 * itself (no rows; what was skipped, or why it could not be opened) and one per CSV entry. Throws
 * `ExportsFolderError` when the folder is missing, is a file, or holds nothing Handoff reads.
 */
export async function ingestExports(engine: DuckDbEngine, exportsDir: string, lakeDir: string, options: IngestOptions = DEFAULT_INGEST_OPTIONS, connectors: Connectors = CONNECTORS): Promise<FileLoad[]> {
  const found = findExports(exportsDir, connectors);
  const clashes = keyClashes(found.map((f) => f.rel));
  const loads: FileLoad[] = [];
  for (const file of found) {
    const fileDate = file.mtime ? dayOf(file.mtime) : undefined;
    const clash = clashes.get(file.rel);
    if (file.skip || clash) {
      const spec = specForFile(file.source, file.rel, connectors);
      const load = failed(file.source, spec?.object ?? 'unknown', file.rel, exportDateInPath(file.rel) ?? fileDate, file.skip ?? clash);
      await writeIngestLog(engine, load, lakeDir, fileKeyFor(file.rel));
      loads.push(load);
    } else if (ARCHIVE_FILE.test(file.path)) loads.push(...(await ingestArchive(engine, file.source, file.path, file.rel, lakeDir, options, connectors)));
    else loads.push(await ingestFile(engine, file.source, file.path, file.rel, lakeDir, options, connectors));
  }
  return loads;
}

/** `YYYY-MM-DD` (UTC) of a file time: the date of an export that has none in its path or data. */
function dayOf(time: Date): string {
  return time.toISOString().slice(0, 10);
}

/**
 * Files whose lake keys would be the same (only if two paths' hashes collide): each is refused,
 * naming the other, so neither overwrites the other in the lake.
 */
function keyClashes(rels: string[]): Map<string, string> {
  const byKey = new Map<string, string[]>();
  for (const rel of rels) byKey.set(fileKeyFor(rel), [...(byKey.get(fileKeyFor(rel)) ?? []), rel]);
  const clashes = new Map<string, string>();
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    for (const rel of group) clashes.set(rel, `its lake file would be the same as that of ${group.filter((r) => r !== rel).join(', ')}, so neither is loaded; rename one of them`);
  }
  return clashes;
}

/**
 * Loads one export file and records the outcome in the lake's ingest log, whatever happened.
 * For a ZIP archive the result describes the archive: row counts summed over its entries, the
 * entries' own loads in `entries`, and `error` set when the archive or any entry could not be read.
 */
export async function ingestFile(engine: DuckDbEngine, source: string, path: string, relativePath: string, lakeDir: string, options: IngestOptions = DEFAULT_INGEST_OPTIONS, connectors: Connectors = CONNECTORS): Promise<FileLoad> {
  if (ARCHIVE_FILE.test(path)) return ingestArchiveFile(engine, source, path, relativePath, lakeDir, options, connectors);
  const spec = specForFile(source, path, connectors);
  const exportDate = exportDateInPath(relativePath);
  const fileKey = fileKeyFor(relativePath);
  const fileDate = fileDateOf(path);
  let load: FileLoad;
  if (!spec) {
    load = failed(source, 'unknown', relativePath, exportDate ?? fileDate, unknownObject(source, basename(path), connectors));
  } else if (spec.notUsed) {
    load = { ...failed(source, spec.object, relativePath, exportDate ?? fileDate, undefined), notes: [`not used: ${spec.notUsed}`] };
  } else {
    load = await loadOne(engine, spec, path, relativePath, lakeDir, fileKey, exportDate, fileDate, options);
  }
  await writeIngestLog(engine, load, lakeDir, fileKey);
  return load;
}

/**
 * `ingestFile` for a ZIP archive that may have no local copy (the ingest function reads one in
 * place from S3, by byte ranges): one load for the archive with its entries' loads inside.
 */
export async function ingestArchiveFile(engine: DuckDbEngine, source: string, archive: ArchiveInput, relativePath: string, lakeDir: string, options: IngestOptions = DEFAULT_INGEST_OPTIONS, connectors: Connectors = CONNECTORS): Promise<FileLoad> {
  const [summary, ...entries] = await ingestArchive(engine, source, archive, relativePath, lakeDir, options, connectors);
  return summariseArchive(summary!, entries);
}

/** A ZIP archive to load: a local path, or a reader over it where it lies with the time it was written (it dates undated entries). */
export type ArchiveInput = string | (ZipReader & { modifiedAt?: Date });

/**
 * Loads the CSV entries of a ZIP archive dropped in a source folder (a Salesforce Data Export):
 * each entry is streamed to a temp file next to the lake, loaded like a plain file under the name
 * `<source>/<zip name>/<entry>`, and removed before the next one is extracted, so temp space
 * holds one entry at a time. Non-CSV entries (`ContentVersion/…` binaries) and CSVs of objects
 * Handoff does not read are skipped and listed in the archive's own load.
 */
export async function ingestArchive(engine: DuckDbEngine, source: string, archive: ArchiveInput, relativePath: string, lakeDir: string, options: IngestOptions = DEFAULT_INGEST_OPTIONS, connectors: Connectors = CONNECTORS): Promise<FileLoad[]> {
  const exportDate = exportDateInPath(relativePath);
  const archiveKey = fileKeyFor(relativePath);
  // Entries are dated by the archive's own file time when neither path nor data dates them.
  const fileDate = typeof archive === 'string' ? fileDateOf(archive) : archive.modifiedAt && dayOf(archive.modifiedAt);
  const entries: FileLoad[] = [];
  const names = new Map<string, number>();
  const limits = { ...DEFAULT_ZIP_LIMITS, ...options.zipLimits };
  let inflated = 0;
  const skipped = new Skipped(source);
  const parent = dirname(resolve(lakeDir));
  mkdirSync(parent, { recursive: true });
  const tempDir = mkdtempSync(join(parent, '.handoff-unzip-'));
  let error: string | undefined;
  try {
    await readZip(archive, async (entry) => {
      const entryFile = basename(entry.name);
      // Binary folders (ContentVersion/, Documents/), other files, and macOS metadata (__MACOSX/, ._Lead.csv).
      if (!EXPORT_FILE.test(entryFile) || entryFile.startsWith('.') || entry.name.startsWith('__MACOSX/')) return skipped.notCsv(entry.name);
      const spec = specForFile(source, entryFile, connectors);
      if (!spec || spec.notUsed) return skipped.unknown(entry.name);
      // Two entries of the same name (an archive appended to) are both loaded: the second is `Lead.csv#2`.
      const seen = (names.get(entry.name) ?? 0) + 1;
      names.set(entry.name, seen);
      const entryPath = `${relativePath}/${entry.name}${seen > 1 ? `#${seen}` : ''}`;
      const fileKey = fileKeyFor(entryPath);
      const entryDate = exportDateInPath(entryPath);
      const problem = zipEntryProblem(entry, limits, inflated);
      if (problem) {
        const refused = failed(source, spec.object, entryPath, entryDate ?? fileDate, problem.reason);
        await writeIngestLog(engine, refused, lakeDir, fileKey);
        entries.push(refused);
        if (problem.stopArchive) throw new Error(`stopped at ${entry.name}: ${problem.reason}`);
        return;
      }
      inflated += entry.uncompressedSize;
      const tempPath = join(tempDir, `entry-${entries.length}${/\.gz$/i.test(entryFile) ? '.csv.gz' : '.csv'}`);
      let load: FileLoad;
      try {
        await entry.extractTo(tempPath, Math.min(limits.maxEntryBytes, entry.uncompressedSize));
        load = await loadOne(engine, spec, tempPath, entryPath, lakeDir, fileKey, entryDate, fileDate, options);
      } catch (e) {
        load = failed(source, spec.object, entryPath, entryDate ?? fileDate, (e as Error).message);
      } finally {
        rmSync(tempPath, { force: true });
      }
      await writeIngestLog(engine, load, lakeDir, fileKey);
      entries.push(load);
    });
  } catch (e) {
    error = (e as Error).message;
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
  if (!error && entries.length === 0) {
    error = `the archive holds no CSV file of a ${source} object Handoff reads${skipped.count ? ` (skipped: ${skipped.list().join(', ')})` : ' (it is empty)'}; ${knownNames(source, connectors)}`;
  } else if (error && entries.some((e) => !e.error)) {
    const n = entries.filter((e) => !e.error).length;
    error = `${error}; ${n} file${n > 1 ? 's' : ''} before that ${n > 1 ? 'were' : 'was'} loaded`;
  }
  const archiveLoad: FileLoad = {
    ...failed(source, ARCHIVE_OBJECT, relativePath, exportDate ?? latestDate(entries) ?? fileDate, error),
    ...(skipped.count ? { skipped: skipped.list() } : {}),
  };
  await writeIngestLog(engine, archiveLoad, lakeDir, archiveKey);
  return [archiveLoad, ...entries];
}

async function loadOne(engine: DuckDbEngine, spec: ObjectSpec, path: string, relativePath: string, lakeDir: string, fileKey: string, exportDate: string | undefined, fileDate: string | undefined, options: IngestOptions): Promise<FileLoad> {
  try {
    return await loadFile(engine, spec, path, lakeDir, { fileKey, file: relativePath, ...(exportDate ? { exportDate } : {}), ...(fileDate ? { fileDate } : {}) }, options);
  } catch (error) {
    const message = (error as Error).message;
    const reason = error instanceof ExportUnreadableError ? message.slice(error.file.length + 2) : message.split('\n')[0]!.slice(0, 500);
    return failed(spec.source, spec.object, relativePath, exportDate ?? fileDate, reason);
  }
}

function fileDateOf(path: string): string | undefined {
  try {
    return dayOf(statSync(path).mtime);
  } catch {
    return undefined;
  }
}

/**
 * The lake key of an export file: readable (its path without the source and date folders,
 * `lead_csv`) and unique per input file, whatever its case or punctuation: a hash of its exact
 * path follows (`lead_csv_3f2a…`), so `Lead.csv` and `lead.csv`, or two entries of one archive,
 * never share a lake file. The same path always gives the same key, so a re-load overwrites itself.
 */
export function fileKeyFor(relativePath: string): string {
  const parts = relativePath.split('/');
  const source = parts.findIndex((part) => !/^\d{4}-\d{2}-\d{2}$/.test(part));
  const readable = parts.filter((_, i) => i !== source).join('/').replace(/\d{4}-\d{2}-\d{2}\/?/, '');
  return `${fileKeyOf(readable)}_${createHash('sha256').update(relativePath).digest('hex').slice(0, 10)}`;
}

function summariseArchive(archive: FileLoad, entries: FileLoad[]): FileLoad {
  const sum = (key: 'rowsRead' | 'rowsLoaded' | 'rowsQuarantined') => entries.reduce((n, e) => n + e[key], 0);
  const broken = entries.filter((e) => e.error);
  const entryErrors = broken.length ? `${broken.length} of ${entries.length} files in the archive could not be read: ${broken.map((e) => `${e.file.slice(archive.file.length + 1)}: ${e.error}`).join('; ')}` : undefined;
  const error = [archive.error, entryErrors].filter(Boolean).join('; ');
  const summary: FileLoad = { ...archive, rowsRead: sum('rowsRead'), rowsLoaded: sum('rowsLoaded'), rowsQuarantined: sum('rowsQuarantined'), entries };
  if (error) summary.error = error;
  return summary;
}

function latestDate(loads: FileLoad[]): string | undefined {
  return loads.map((l) => l.exportDate).sort().at(-1);
}

function failed(source: string, object: string, file: string, exportDate: string | undefined, error: string | undefined): FileLoad {
  // With neither a date nor a file time (never for a local file), today: an age of 0 says "unknown" better than 1970.
  return { source, object, file, exportDate: exportDate ?? dayOf(new Date()), rowsRead: 0, rowsLoaded: 0, rowsQuarantined: 0, encoding: '', ...(error !== undefined ? { error } : {}), missingOptional: [] };
}

function unknownObject(source: string, file: string, connectors: Connectors): string {
  if (!connectors[source]) return `Handoff has no connector for the "${source}" folder; known folders: ${Object.keys(connectors).sort().join(', ')}`;
  return `no ${source} object is named "${file.replace(EXPORT_FILE, '')}" (from ${file}); ${knownNames(source, connectors)}`;
}

function knownNames(source: string, connectors: Connectors): string {
  const specs = connectors[source] ?? [];
  const names = [...new Set(specs.flatMap((s) => s.files))].sort((a, b) => a.localeCompare(b));
  const patterns = specs.filter((s) => s.filePattern).map((s) => `${s.filePattern}`);
  return `name the file after the object: known names are ${names.join(', ')}${patterns.length ? `, or names matching ${patterns.join(', ')}` : ''} (.csv, .tsv or .csv.gz; a _2 suffix is allowed)`;
}

/** What an archive held that was not loaded, summarised: one line per folder of non-CSV files, one per other file. */
class Skipped {
  readonly #source: string;
  readonly #folders = new Map<string, number>();
  readonly #files: string[] = [];
  count = 0;
  constructor(source: string) {
    this.#source = source;
  }
  notCsv(name: string): void {
    this.count++;
    const folder = name.includes('/') ? name.slice(0, name.indexOf('/') + 1) : undefined;
    if (folder) this.#folders.set(folder, (this.#folders.get(folder) ?? 0) + 1);
    else this.#files.push(`${name} (not CSV)`);
  }
  unknown(name: string): void {
    this.count++;
    this.#files.push(`${name} (not a ${this.#source} object Handoff reads)`);
  }
  list(limit = 50): string[] {
    const all = [...[...this.#folders].map(([folder, n]) => `${folder} (${n} file${n > 1 ? 's' : ''}, not CSV)`), ...this.#files];
    return all.length > limit ? [...all.slice(0, limit), `… and ${all.length - limit} more`] : all;
  }
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
      ${sqlString(load.missingOptional.join(', '))} as missing_optional_columns,
      ${sqlString((load.skipped ?? []).join('\n'))} as skipped_entries,
      ${sqlString((load.notes ?? []).join('\n'))} as notes
    ) to ${sqlString(path)} (format parquet)`);
}

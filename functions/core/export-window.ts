// Which exports staging reads, so the night stays flat as the lake's history grows: per object,
// the newest export that holds every record of the exports before it (a full export), and every
// export after it. Earlier exports stay in the lake, unread: each of their records has a version in
// that full export or later, which is the one staging would keep anyway. A partial export (a
// delta) never starts the window, so it deletes nothing. The rule is the same on every engine;
// only where the lake is and how keys are compared differ (an `ExportWindowStore`).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ObjectSpec } from './catalogue.ts';
import type { DuckDbEngine } from './duckdb-engine.ts';
import { sqlString } from './sql.ts';

/** The folder name prefix of one export date in the lake: `<source>/<object>/export_date=<d>/`. */
export const EXPORT_DATE_PREFIX = 'export_date=';

/** One export date of an object, with a signature of its files (names and sizes). */
export interface LakeExport {
  date: string;
  signature: string;
}

/** The window found last night, so each night checks only what is new. */
export interface ExportWindowMarker {
  readFrom: string;
  /** Every export date the lake held then, with its files' signature: a change at or before the newest of them means starting over. */
  exports: Record<string, string>;
}

/** What the rule needs from a lake: its exports, last night's marker, and a key comparison. */
export interface ExportWindowStore {
  exports(source: string, object: string): Promise<LakeExport[]>;
  readMarker(source: string, object: string): Promise<ExportWindowMarker | undefined>;
  writeMarker(source: string, object: string, marker: ExportWindowMarker): Promise<void>;
  /** How many non-null keys of the `before` exports the `candidate` export lacks. */
  keysMissing(source: string, object: string, key: string, before: string[], candidate: string): Promise<number>;
}

/**
 * The marker's key in the lake. It lives in a folder of its own: a JSON file inside a folder the
 * catalog reads as Parquet (the ingest log) breaks Athena's scan.
 */
export function exportWindowMarkerKey(source: string, object: string): string {
  return `_export_window/${source}/${object}.json`;
}

/** The signature of one export date's files: names and sizes, not times (loading the same export again rewrites the same bytes). */
export function exportSignature(files: Array<{ name: string; size: number }>): string {
  return [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((f) => `${f.name}:${f.size}`).join('|');
}

/**
 * The first export date staging reads for one object (undefined: read them all). `key` is the
 * record's ID column; an object without one is read whole. Finds the newest export whose keys
 * include every key of the window found before (or of every older export, the first time, or when
 * an export at or before that window was loaded again), and keeps the answer for the next night.
 */
export async function findExportWindow(store: ExportWindowStore, source: string, object: string, key: string | undefined): Promise<string | undefined> {
  const exports = await store.exports(source, object);
  if (!key || exports.length === 0) return undefined;
  const marker = await store.readMarker(source, object);
  const known = marker && exports.every((e) => e.date > lastDate(marker) || marker.exports[e.date] === e.signature) && marker.exports[marker.readFrom] !== undefined;
  let from = known ? marker!.readFrom : exports[0]!.date;
  const candidates = exports.filter((e) => e.date > from).map((e) => e.date).reverse();
  for (const candidate of candidates) {
    const before = exports.filter((e) => e.date >= from && e.date < candidate).map((e) => e.date);
    if (await store.keysMissing(source, object, key, before, candidate) === 0) {
      from = candidate;
      break;
    }
  }
  await store.writeMarker(source, object, { readFrom: from, exports: Object.fromEntries(exports.map((e) => [e.date, e.signature])) });
  return from;
}

/** Each object's first export date to read (`<source>/<object>` → date; absent: read it all), the same rule for every engine's night. */
export async function exportWindows(store: ExportWindowStore, specs: ObjectSpec[]): Promise<Map<string, string | undefined>> {
  const from = new Map<string, string | undefined>();
  for (const spec of specs) {
    if (from.has(`${spec.source}/${spec.object}`)) continue;
    const key = spec.columns.find((c) => c.type === 'id')?.name;
    from.set(`${spec.source}/${spec.object}`, await findExportWindow(store, spec.source, spec.object, key));
  }
  return from;
}

/** Parses a stored marker; anything unreadable means no marker (the window is found from scratch). */
export function parseExportWindowMarker(text: string): ExportWindowMarker | undefined {
  try {
    const marker = JSON.parse(text) as ExportWindowMarker;
    return typeof marker.readFrom === 'string' && marker.exports && typeof marker.exports === 'object' ? marker : undefined;
  } catch {
    return undefined;
  }
}

/** The object's export dates holding Parquet files in a lake folder, oldest first, each with a signature of its files. */
export function lakeExports(objectDir: string): LakeExport[] {
  if (!existsSync(objectDir)) return [];
  return readdirSync(objectDir)
    .filter((d) => d.startsWith(EXPORT_DATE_PREFIX))
    .sort()
    .flatMap((d) => {
      const files = readdirSync(join(objectDir, d)).filter((f) => f.endsWith('.parquet'));
      if (!files.length) return [];
      return [{ date: d.slice(EXPORT_DATE_PREFIX.length), signature: exportSignature(files.map((f) => ({ name: f, size: statSync(join(objectDir, d, f)).size }))) }];
    });
}

/** The rule's store for a lake folder on this machine, keys compared by DuckDB. */
export function duckDbExportWindowStore(engine: DuckDbEngine, lakeDir: string): ExportWindowStore {
  const objectDir = (source: string, object: string) => join(lakeDir, source, object);
  const markerPath = (source: string, object: string) => join(lakeDir, exportWindowMarkerKey(source, object));
  const globs = (dir: string, dates: string[]) => `[${dates.map((d) => sqlString(join(dir, `${EXPORT_DATE_PREFIX}${d}`, '*.parquet'))).join(', ')}]`;
  return {
    exports: async (source, object) => lakeExports(objectDir(source, object)),
    readMarker: async (source, object) => {
      const path = markerPath(source, object);
      return existsSync(path) ? parseExportWindowMarker(readFileSync(path, 'utf8')) : undefined;
    },
    writeMarker: async (source, object, marker) => {
      const path = markerPath(source, object);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${JSON.stringify(marker)}\n`);
    },
    keysMissing: async (source, object, key, before, candidate) => {
      const dir = objectDir(source, object);
      const [row] = await engine.query<{ n: number }>(`select count(*) as n from (
        select ${key} from read_parquet(${globs(dir, before)}) where ${key} is not null
        except
        select ${key} from read_parquet(${globs(dir, [candidate])}))`);
      return row?.n ?? 0;
    },
  };
}

/** The first export date staging reads for one object of a lake folder on this machine (see `findExportWindow`). */
export async function firstExportToRead(engine: DuckDbEngine, lakeDir: string, source: string, object: string, key: string | undefined): Promise<string | undefined> {
  return findExportWindow(duckDbExportWindowStore(engine, lakeDir), source, object, key);
}

function lastDate(marker: ExportWindowMarker): string {
  return Object.keys(marker.exports).sort().at(-1) ?? '';
}

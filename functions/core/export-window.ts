// Which exports staging reads, so the night stays flat as the lake's history grows: per object,
// the newest export that holds every record of the exports before it (a full export), and every
// export after it. Earlier exports stay in the lake, unread: each of their records has a version in
// that full export or later, which is the one staging would keep anyway. A partial export (a
// delta) never starts the window, so it deletes nothing.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDbEngine } from './duckdb-engine.ts';
import { sqlString } from './sql.ts';

const PREFIX = 'export_date=';
/**
 * The window found last night, so each night checks only what is new. It lives in a folder of its
 * own: a JSON file inside a folder the catalog reads as Parquet (the ingest log) breaks Athena's scan.
 */
const MARKER_FOLDER = '_export_window';

interface Marker {
  readFrom: string;
  /** Every export date the lake held then, with its files' names and sizes: a change at or before the newest of them means starting over. */
  exports: Record<string, string>;
}

/** The object's export dates holding Parquet files, oldest first, each with a signature of its files. */
export function lakeExports(objectDir: string): Array<{ date: string; signature: string }> {
  if (!existsSync(objectDir)) return [];
  return readdirSync(objectDir)
    .filter((d) => d.startsWith(PREFIX))
    .sort()
    .flatMap((d) => {
      const files = readdirSync(join(objectDir, d)).filter((f) => f.endsWith('.parquet')).sort();
      if (!files.length) return [];
      const signature = files.map((f) => {
        const s = statSync(join(objectDir, d, f));
        // Names and sizes, not times: loading the same export again rewrites the same bytes.
        return `${f}:${s.size}`;
      }).join('|');
      return [{ date: d.slice(PREFIX.length), signature }];
    });
}

/**
 * The first export date staging reads for one object of the lake (undefined: read them all). `key`
 * is the record's ID column; an object without one is read whole. Finds the newest export whose
 * keys include every key of the window found before (or of every older export, the first time, or
 * when an export at or before that window was loaded again), and keeps the answer beside the
 * lake's _export_window folder for the next night.
 */
export async function firstExportToRead(engine: DuckDbEngine, lakeDir: string, source: string, object: string, key: string | undefined): Promise<string | undefined> {
  const objectDir = join(lakeDir, source, object);
  const exports = lakeExports(objectDir);
  if (!key || exports.length === 0) return undefined;
  const markerDir = join(lakeDir, MARKER_FOLDER, source);
  const markerPath = join(markerDir, `${object}.json`);
  const marker = readMarker(markerPath);
  const known = marker && exports.every((e) => e.date > lastDate(marker) || marker.exports[e.date] === e.signature) && marker.exports[marker.readFrom] !== undefined;
  let from = known ? marker!.readFrom : exports[0]!.date;
  const globs = (dates: string[]) => `[${dates.map((d) => sqlString(join(objectDir, `${PREFIX}${d}`, '*.parquet'))).join(', ')}]`;
  const candidates = exports.filter((e) => e.date > from).map((e) => e.date).reverse();
  for (const candidate of candidates) {
    const before = exports.filter((e) => e.date >= from && e.date < candidate).map((e) => e.date);
    const [row] = await engine.query<{ n: number }>(`select count(*) as n from (
        select ${key} from read_parquet(${globs(before)}) where ${key} is not null
        except
        select ${key} from read_parquet(${globs([candidate])}))`);
    if ((row?.n ?? 0) === 0) {
      from = candidate;
      break;
    }
  }
  const next: Marker = { readFrom: from, exports: Object.fromEntries(exports.map((e) => [e.date, e.signature])) };
  mkdirSync(markerDir, { recursive: true });
  writeFileSync(markerPath, `${JSON.stringify(next)}\n`);
  return from;
}

function readMarker(path: string): Marker | undefined {
  try {
    const marker = JSON.parse(readFileSync(path, 'utf8')) as Marker;
    return typeof marker.readFrom === 'string' && marker.exports && typeof marker.exports === 'object' ? marker : undefined;
  } catch {
    return undefined;
  }
}

function lastDate(marker: Marker): string {
  return Object.keys(marker.exports).sort().at(-1) ?? '';
}

// The lake's history: each night's snapshot of the closed months' figures, the records behind every kept month's
// figures, the effective definitions and the restatements the night found, so later nights can keep published
// figures, explain restatements and keep listing them for readers who missed a night.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDbEngine } from './duckdb-engine.ts';
import { linkOrCopy } from './files.ts';
import { KEPT_PARQUET } from './lake.ts';
import { sourceViewName } from './models.ts';
import { sqlString } from './sql.ts';

/** The history's tables, each partitioned by night: `_history/<kind>/as_of=<day>/snapshot.parquet`. */
export const HISTORY_KINDS = ['figures', 'records', 'definitions', 'restatements'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** The columns of each history table, in order: the same on disk, in DuckDB's views and in Glue. */
export const HISTORY_COLUMNS: Record<HistoryKind, Array<[string, 'date' | 'varchar' | 'double' | 'timestamp']>> = {
  figures: [['as_of_date', 'date'], ['metric', 'varchar'], ['area', 'varchar'], ['month', 'date'], ['breakdown_kind', 'varchar'], ['breakdown', 'varchar'], ['value', 'double'], ['closes_on', 'date'], ['as_of_at', 'timestamp']],
  records: [['as_of_date', 'date'], ['metric', 'varchar'], ['month', 'date'], ['breakdown', 'varchar'], ['record_kind', 'varchar'], ['record_id', 'varchar'], ['dated_at', 'timestamp'], ['amount', 'double'], ['business_minutes', 'double']],
  definitions: [['as_of_date', 'date'], ['definition_key', 'varchar'], ['area', 'varchar'], ['definition_value', 'varchar'], ['definitions_hash', 'varchar']],
  restatements: [
    ['as_of_date', 'date'], ['restated_on', 'date'], ['previous_as_of_date', 'date'], ['metric', 'varchar'], ['area', 'varchar'], ['month', 'date'],
    ['breakdown_kind', 'varchar'], ['breakdown', 'varchar'], ['old_value', 'double'], ['new_value', 'double'], ['record_kind', 'varchar'],
    ['record_id', 'varchar'], ['change', 'varchar'], ['old_amount', 'double'], ['new_amount', 'double'], ['dated_at', 'timestamp'], ['cause', 'varchar'],
  ],
};

/** Lake-relative folder of one night's snapshot of one history table. */
export function historyNightPath(kind: HistoryKind, asOfDate: string): string {
  return `_history/${kind}/as_of=${asOfDate}`;
}

/** Creates the views models read the history through (`source('history', …)`); empty typed views before the first night. */
export async function createHistoryViews(engine: DuckDbEngine, lakeDir: string): Promise<void> {
  for (const kind of HISTORY_KINDS) {
    const columns = HISTORY_COLUMNS[kind];
    const body = historyNights(lakeDir, kind).length
      ? `select ${columns.map(([name, type]) => `cast(${name} as ${type}) as ${name}`).join(', ')} from read_parquet(${sqlString(join(lakeDir, '_history', kind, '*', '*.parquet'))}, hive_partitioning = false, union_by_name = true)`
      : `select ${columns.map(([name, type]) => `cast(null as ${type}) as ${name}`).join(', ')} where false`;
    await engine.execute(`create or replace view ${sourceViewName('history', kind)} as ${body}`);
  }
}

/** The nights (as-of days) the history holds for one table, oldest first. */
export function historyNights(lakeDir: string, kind: HistoryKind): string[] {
  const dir = join(lakeDir, '_history', kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((d) => /^as_of=\d{4}-\d{2}-\d{2}$/.test(d)).map((d) => d.slice('as_of='.length)).sort();
}

/** What tonight's snapshot holds and how much of the history is kept (config `history`). */
export interface SnapshotOptions {
  /** Tonight's as-of time (ISO UTC); its day names the snapshot. */
  asOf: string;
  keepNights: number;
  keepMonths: number;
  /** Days the restatements found by each night stay listed (config `history.restatement_days`). */
  restatementDays: number;
}

/**
 * The SQL of tonight's snapshot of each history table, over the models as `ref` names them (DuckDB's tables or
 * Athena's), so both engines write the same rows.
 */
export function historySnapshotSql(ref: (name: string) => string, asOf: string, keepMonths: number): Record<HistoryKind, string> {
  const asOfDate = asOf.slice(0, 10);
  const date = `cast(${sqlString(asOfDate)} as date)`;
  return {
    definitions: `select ${date} as as_of_date, definition_key, area, definition_value, definitions_hash from ${ref('definitions')} order by definition_key`,
    restatements: `select ${date} as as_of_date, ${HISTORY_COLUMNS.restatements.slice(1).map(([name]) => name).join(', ')} from ${ref('restatements')}
      order by metric, month, breakdown, record_id`,
    // The records are not sorted: a later night only joins them by key, and sorting 32 million of them (1M leads)
    // took 47 s of CPU against 13 s for writing them as they are.
    records: `select ${date} as as_of_date, metric, month, breakdown, record_kind, record_id, dated_at, amount, business_minutes from ${ref('figure_records')}
      where month >= cast(${sqlString(firstKeptMonth(asOfDate, keepMonths))} as date)`,
    // The exact as-of time rides along: a run with --as-of set to it, on that night's exports, reproduces the snapshot.
    figures: `select ${date} as as_of_date, metric, area, month, breakdown_kind, breakdown, value, closes_on, (select as_of_at from ${ref('run_context')}) as as_of_at
      from ${ref('monthly_figures')} where is_closed order by metric, month, breakdown`,
  };
}

/** The order the tables of a snapshot are written in: figures last, so a night whose figures exist is complete. */
export const SNAPSHOT_ORDER: HistoryKind[] = ['definitions', 'records', 'restatements', 'figures'];

/**
 * Writes tonight's snapshot from the marts and the definitions seed, then prunes the history. Each table's file is
 * written beside the lake and renamed in, figures last.
 */
export async function writeHistorySnapshot(engine: DuckDbEngine, lakeDir: string, stagingDir: string, options: SnapshotOptions): Promise<Record<HistoryKind, number>> {
  const asOfDate = options.asOf.slice(0, 10);
  const queries = historySnapshotSql((name) => name, options.asOf, options.keepMonths);
  const rows = {} as Record<HistoryKind, number>;
  const staged = join(stagingDir, 'history');
  for (const kind of SNAPSHOT_ORDER) {
    const dir = join(staged, kind);
    mkdirSync(dir, { recursive: true });
    if (kind === 'records' && (await recordsMartIsSnapshot(engine, asOfDate, options.keepMonths))) linkOrCopy(engine.modelFile('figure_records'), join(dir, 'snapshot.parquet'));
    else await engine.execute(`copy (${queries[kind]}) to ${sqlString(join(dir, 'snapshot.parquet'))} (${KEPT_PARQUET})`);
    const [count] = await engine.query<{ n: number }>(`select count(*) as n from read_parquet(${sqlString(join(dir, 'snapshot.parquet'))})`);
    rows[kind] = Number(count?.n ?? 0);
  }
  for (const kind of SNAPSHOT_ORDER) {
    const target = join(lakeDir, historyNightPath(kind, asOfDate));
    rmSync(target, { recursive: true, force: true });
    mkdirSync(join(target, '..'), { recursive: true });
    renameSync(join(staged, kind), target);
  }
  await pruneHistory(engine, lakeDir, asOfDate, options.keepNights, options.restatementDays);
  return rows;
}

/**
 * Whether the figure_records mart's file is tonight's records snapshot as it is: it carries tonight's as-of day and the
 * history's columns, so it is when every record is in a kept month (the usual case: younger than `keepMonths`). Then
 * the snapshot is a link to it, not a copy: at 1,000,000 leads writing its 32 million records again took 9 to 11 s.
 */
async function recordsMartIsSnapshot(engine: DuckDbEngine, asOfDate: string, keepMonths: number): Promise<boolean> {
  if (!existsSync(engine.modelFile('figure_records'))) return false;
  const [row] = await engine.query<{ oldest: string | null; other_night: boolean | null }>(
    `select strftime(min(month), '%Y-%m-%d') as oldest, bool_or(as_of_date <> cast(${sqlString(asOfDate)} as date)) as other_night from figure_records`);
  return !row?.oldest || (row.oldest >= firstKeptMonth(asOfDate, keepMonths) && !row.other_night);
}

/**
 * The retention rule: figures and records are kept for the latest `keepNights` nights up to tonight plus every
 * night that published a closed month (its first snapshot after closing); nights after tonight are left alone.
 */
export function nightsToRemove(nights: string[], asOfDate: string, keepNights: number, publishing: Iterable<string>): string[] {
  const past = nights.filter((night) => night <= asOfDate).sort();
  const keep = new Set([...past.slice(-keepNights), ...publishing]);
  return past.filter((night) => !keep.has(night));
}

/** Restatements stay listed for `days` days: the nights (up to tonight) that found them earlier than that are removed. */
export function expiredRestatementNights(nights: string[], asOfDate: string, days: number): string[] {
  const first = firstListedDay(asOfDate, days);
  return nights.filter((night) => night < first);
}

/** The first day whose restatements are still listed on `asOfDate`: `days` days before it, counted inclusively. */
export function firstListedDay(asOfDate: string, days: number): string {
  return new Date(Date.parse(`${asOfDate}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
}

/** Definitions are kept only for the nights they changed: the nights whose hash repeats the night before. */
export function repeatedDefinitionNights(hashes: Array<{ night: string; hash: string }>): string[] {
  const sorted = [...hashes].sort((a, b) => (a.night < b.night ? -1 : 1));
  return sorted.filter((h, i) => i > 0 && sorted[i - 1]!.hash === h.hash).map((h) => h.night);
}

/** Prunes the lake's history on disk by the retention rules (`nightsToRemove`, `repeatedDefinitionNights`, `expiredRestatementNights`). */
export async function pruneHistory(engine: DuckDbEngine, lakeDir: string, asOfDate: string, keepNights: number, restatementDays: number): Promise<void> {
  for (const night of expiredRestatementNights(historyNights(lakeDir, 'restatements'), asOfDate, restatementDays)) {
    rmSync(join(lakeDir, historyNightPath('restatements', night)), { recursive: true, force: true });
  }
  const remove = nightsToRemove(historyNights(lakeDir, 'figures'), asOfDate, keepNights, await publishingNights(engine, lakeDir));
  for (const kind of ['figures', 'records'] as const) {
    for (const night of remove) rmSync(join(lakeDir, historyNightPath(kind, night)), { recursive: true, force: true });
  }
  const hashes: Array<{ night: string; hash: string }> = [];
  for (const night of historyNights(lakeDir, 'definitions')) {
    const file = join(lakeDir, historyNightPath('definitions', night), 'snapshot.parquet');
    const [row] = await engine.query<{ h: string | null }>(`select min(definitions_hash) as h from read_parquet(${sqlString(file)})`);
    hashes.push({ night, hash: row?.h ?? '' });
  }
  for (const night of repeatedDefinitionNights(hashes)) rmSync(join(lakeDir, historyNightPath('definitions', night)), { recursive: true, force: true });
}

/** The SQL naming the night that published each closed month (its first snapshot on or after closing), over a figures table. */
export function publishingNightsSql(figures: string): string {
  return `select distinct cast(min(as_of_date) as varchar) as night from ${figures} where as_of_date >= closes_on group by month`;
}

// The first night on or after each month's close, per the snapshots on disk: the night that published it.
async function publishingNights(engine: DuckDbEngine, lakeDir: string): Promise<string[]> {
  if (!historyNights(lakeDir, 'figures').length) return [];
  const rows = await engine.query<{ night: string }>(publishingNightsSql(`read_parquet(${sqlString(join(lakeDir, '_history', 'figures', '*', '*.parquet'))})`));
  return rows.map((r) => r.night);
}

/** The first month history keeps records for: the first day of the month `months` before the month of `day` (YYYY-MM-DD). */
export function firstKeptMonth(day: string, months: number): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1)).toISOString().slice(0, 10);
}

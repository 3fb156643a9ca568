// The AWS night's history: tonight's snapshot written into the lake's _history/ by Athena UNLOAD from the swapped-in
// marts (the same SQL as the CLI night), then the history pruned by the same retention rule.
import type { S3Client } from '@aws-sdk/client-s3';
import type { AthenaEngine } from '../core/athena-engine.ts';
import { expiredRestatementNights, historyNightPath, historySnapshotSql, nightsToRemove, publishingNightsSql, repeatedDefinitionNights, SNAPSHOT_ORDER, type SnapshotOptions } from '../core/history.ts';
import { lakeTableName } from '../core/athena-lake.ts';
import { deleteKeys, listKeys } from './prune-runs.ts';

/** Where the models and the lake's history tables are. */
export interface HistorySettings {
  modelDatabase: string;
  lakeDatabase: string;
  lakeBucket: string;
}

/** The tables a night must have built for its snapshot: without them (a partial plan) no snapshot is written. */
export const SNAPSHOT_TABLES = ['definitions', 'figure_records', 'monthly_figures', 'restatements', 'run_context'];

/** Writes tonight's snapshot into `_history/<kind>/as_of=<day>/` (replacing a re-run's), then prunes the history. */
export async function writeHistoryOnAthena(deps: { engine: AthenaEngine; s3: S3Client }, settings: HistorySettings, options: SnapshotOptions): Promise<{ removedNights: string[] }> {
  const asOfDate = options.asOf.slice(0, 10);
  const queries = historySnapshotSql((name) => `"${settings.modelDatabase}"."${name}"`, options.asOf, options.keepMonths);
  for (const kind of SNAPSHOT_ORDER) {
    const prefix = `${historyNightPath(kind, asOfDate)}/`;
    // UNLOAD refuses a folder that holds files: a re-run of the same night replaces its snapshot.
    await deleteKeys(deps.s3, settings.lakeBucket, await listKeys(deps.s3, settings.lakeBucket, prefix), `files of tonight's earlier ${kind} snapshot`);
    await deps.engine.execute(`unload (${queries[kind]}) to 's3://${settings.lakeBucket}/${prefix}' with (format = 'PARQUET', compression = 'ZSTD')`, `the ${kind} snapshot`);
  }
  const lake = (kind: string) => `"${settings.lakeDatabase}"."${lakeTableName('history', kind)}"`;
  const publishing = await deps.engine.query<{ night: string }>(publishingNightsSql(lake('figures')), 'the nights that published a month');
  const nights = [...new Set((await listKeys(deps.s3, settings.lakeBucket, '_history/figures/')).map(nightOf).filter((n): n is string => !!n))];
  const removed = nightsToRemove(nights, asOfDate, options.keepNights, publishing.map((p) => p.night));
  const hashes = await deps.engine.query<{ night: string; hash: string }>(
    `select cast(as_of_date as varchar) as night, min(definitions_hash) as hash from ${lake('definitions')} group by as_of_date`, 'the definitions of each night');
  const repeated = repeatedDefinitionNights(hashes);
  const stale: string[] = [];
  for (const kind of ['figures', 'records', 'definitions'] as const) {
    const drop = new Set(kind === 'definitions' ? repeated : removed);
    if (!drop.size) continue;
    stale.push(...(await listKeys(deps.s3, settings.lakeBucket, `_history/${kind}/`)).filter((key) => drop.has(nightOf(key) ?? '')));
  }
  const restatementKeys = await listKeys(deps.s3, settings.lakeBucket, '_history/restatements/');
  const expired = new Set(expiredRestatementNights([...new Set(restatementKeys.map(nightOf).filter((n): n is string => !!n))], asOfDate, options.restatementDays));
  stale.push(...restatementKeys.filter((key) => expired.has(nightOf(key) ?? '')));
  await deleteKeys(deps.s3, settings.lakeBucket, stale, 'files of pruned history nights');
  return { removedNights: removed };
}

// The night of a history key: `_history/figures/as_of=2026-12-07/…` → `2026-12-07`.
function nightOf(key: string): string | undefined {
  return /\/as_of=(\d{4}-\d{2}-\d{2})\//.exec(key)?.[1];
}

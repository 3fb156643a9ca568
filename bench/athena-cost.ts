// Measures what a night's models would be billed on Athena: runs the night on the benchmark's
// synthetic company with DuckDB (ingest, lake), then every model, seed and data test on a real
// Trino (Athena v3's engine) over that lake, and prices each statement's physical input bytes at
// Athena's $5 per TB with its 10 MB minimum per query. Trino builds every model as a table, but
// on Athena a `materialized: view` model is a view (free DDL; the tables reading it are billed for
// what it reads), so those models' statements are left out of the bill.
// Usage: node bench/athena-cost.ts [--scale 0.1] [--work /tmp/handoff-athena-cost]
//        node bench/athena-cost.ts --stats <athena-cost.json> [--scale 0.1]   (re-price a saved measurement)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../functions/core/config.ts';
import { loadModels, type Model } from '../functions/core/sql.ts';
import type { TrinoQueryStat } from '../functions/core/trino-engine.ts';
import { runNight } from '../functions/night/run-night.ts';
import { startTrino } from '../test/helpers/trino.ts';
import { runTrinoNight } from '../test/helpers/trino-night.ts';
import { LEADS_PER_SCALE } from './run.ts';
import { generateScaleExports, SCALE_AS_OF } from './scale-data.ts';

/** Athena's list price (us-east-1): $5 per TB (10¹² bytes) scanned, each query billed at least 10 MB. */
export const ATHENA_USD_PER_TB = 5;
export const ATHENA_MIN_BYTES = 10 * 1024 * 1024;

/** The models Athena keeps as views (`-- materialized: view`): building one is DDL, billed nothing. */
export function viewModels(models: Pick<Model, 'name' | 'materialized'>[] = loadModels()): Set<string> {
  return new Set(models.filter((m) => m.materialized === 'view').map((m) => m.name));
}

/**
 * The bytes Athena would bill for a night's statements, and what that costs; `factor` scales each
 * statement's bytes first (reads grow with the leads), to extrapolate from a smaller scale. The
 * statements labelled with a model in `views` are not billed: Athena creates a view for it, and a
 * view costs only when a table reads it, which that table's own bytes already count.
 */
export function athenaBill(all: TrinoQueryStat[], factor = 1, views: ReadonlySet<string> = new Set()): { queries: number; scannedBytes: number; billedBytes: number; usd: number } {
  const stats = all.filter((s) => s.billed && !views.has(s.label));
  const scannedBytes = stats.reduce((n, s) => n + s.physicalInputBytes * factor, 0);
  const billedBytes = stats.reduce((n, s) => n + Math.max(s.physicalInputBytes * factor, ATHENA_MIN_BYTES), 0);
  return { queries: stats.length, scannedBytes, billedBytes, usd: (billedBytes / 1e12) * ATHENA_USD_PER_TB };
}

/** Prints the bill at the measured scale and, extrapolated, at scale 1. */
function report(stats: TrinoQueryStat[], scale: number): void {
  const views = viewModels();
  const leads = Math.round(scale * LEADS_PER_SCALE);
  const say = (label: string, bill: ReturnType<typeof athenaBill>) => console.log(`${label}: ${bill.queries} statements, ${(bill.scannedBytes / 1e6).toFixed(1)} MB read, `
    + `${(bill.billedBytes / 1e9).toFixed(2)} GB billed with the 10 MB minimum, $${bill.usd.toFixed(4)} a night`);
  console.log(`not billed: ${[...views].sort().join(', ')} (views on Athena)`);
  say(`scale ${scale} (${leads} leads), measured`, athenaBill(stats, 1, views));
  if (scale !== 1) say(`scale 1 (${LEADS_PER_SCALE} leads), each statement's bytes × ${1 / scale}`, athenaBill(stats, 1 / scale, views));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: '0.1' }, work: { type: 'string' }, stats: { type: 'string' } } });
  const scale = Number(values.scale);
  if (values.stats) return report(JSON.parse(readFileSync(values.stats, 'utf8')) as TrinoQueryStat[], scale);
  const work = values.work ?? join(tmpdir(), 'handoff-athena-cost');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const leads = Math.round(scale * LEADS_PER_SCALE);
  const data = await generateScaleExports(join(work, 'exports'), { leads, asOf: SCALE_AS_OF });
  const config = parseConfig({});
  const night = await runNight({ exportsDir: join(work, 'exports'), outDir: join(work, 'night'), config, asOf: data.asOf, skipSite: true });
  const server = await startTrino(console.log);
  try {
    const started = performance.now();
    const trino = await runTrinoNight(server.url, join(work, 'night'), config, night.asOf, 'cost');
    console.log(`Trino night: ${trino.models.length} models in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const byModel = new Map<string, number>();
    for (const s of trino.engine.stats) byModel.set(s.label, (byModel.get(s.label) ?? 0) + s.physicalInputBytes);
    const top = [...byModel].sort((a, b) => b[1] - a[1]).slice(0, 12);
    for (const [label, bytes] of top) console.log(`  ${label.padEnd(48)} ${(bytes / 1e6).toFixed(1).padStart(9)} MB`);
    report(trino.engine.stats, scale);
    writeFileSync(join(work, 'athena-cost.json'), `${JSON.stringify(trino.engine.stats, null, 1)}\n`);
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

import { totalmem } from 'node:os';
import { join } from 'node:path';
import { parseAsOf } from '../core/as-of.ts';
import { sqlString } from '../core/sql.ts';
import type { HandoffConfig } from '../core/config.ts';
import { DuckDbEngine } from '../core/duckdb-engine.ts';
import type { Engine } from '../core/engine.ts';
import { createHistoryViews, writeHistorySnapshot } from '../core/history.ts';
import { createIngestLogView, createSourceViews, exportMarts, loadSeeds, prepareSeeds, runModels, sourceViewName, type ModelRun } from '../core/models.ts';
import { connectorsFor } from '../ingest/connectors/index.ts';
import { ingestExports, ingestOptionsOf } from '../ingest/ingest.ts';
import type { FileLoad } from '../ingest/load-file.ts';
import { crmEmails } from '../digests/crm-emails.ts';
import { writeDigests } from '../digests/write.ts';
import { buildSite } from '../publish/build-site.ts';
import { claimOutFolder } from './out-folder.ts';
import { writeSiteData } from './site-data.ts';

export interface NightOptions {
  exportsDir: string;
  outDir: string;
  config: HandoffConfig;
  /** Fixes the as-of time (ISO UTC); by default the newest record change in the exports. */
  asOf?: string;
  /** DuckDB's memory bound (`2GB`); by default 4 GB, or half the machine's memory when that is less. */
  memoryLimit?: string;
  /** Skip the Astro build (tests of the data stages). */
  skipSite?: boolean;
  log?: (line: string) => void;
}

export interface NightResult {
  asOf: string;
  loads: FileLoad[];
  models: ModelRun[];
  marts: string[];
  siteDir?: string;
}

/**
 * The whole night, the same code path for the CLI and (stage by stage) the Lambdas: ingest into
 * the lake, seeds, SQL models, marts, history snapshot, site data, site. Each stage prints one progress line.
 */
export async function runNight(options: NightOptions): Promise<NightResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  // Everything that can be refused is refused before anything is written.
  const asOfFlag = options.asOf !== undefined ? parseAsOf(options.asOf, Date.now(), 'as-of') : undefined;
  const out = claimOutFolder(options.outDir, options.exportsDir);
  const lakeDir = join(options.outDir, 'lake');
  const memoryLimit = options.memoryLimit ?? nightMemoryLimit();
  let engine: DuckDbEngine;
  try {
    // One database file for the night, in the staging folder (removed with it when the night ends),
    // and a bounded DuckDB: model tables live in the file and big intermediates spill to disk
    // instead of all of it living in RAM (benchmark at 1M leads: peak 14.1 GB with DuckDB's default
    // of 80% of RAM).
    engine = await DuckDbEngine.open({
      path: join(out.stagingDir, 'night.duckdb'),
      tempDirectory: join(out.stagingDir, 'duckdb-tmp'),
      modelsDirectory: join(out.stagingDir, 'models'),
      memoryLimit,
    });
  } catch (error) {
    out.release();
    throw error;
  }
  // Reading the exports, running the models and writing the site data allocate the most beyond DuckDB's bound, so they
  // run under a lower one (workMemoryLimit).
  const underWorkBound = <T>(work: () => Promise<T>) => withMemoryLimit(engine, workMemoryLimit(memoryLimit), memoryLimit, work);
  let engineOpen = true;
  const closeEngine = async () => {
    if (engineOpen) await engine.close();
    engineOpen = false;
  };
  try {
    const connectors = connectorsFor(options.config);
    const loads = await stage(log, 'ingest', async () => {
      const result = await underWorkBound(() =>
        ingestExports(engine, options.exportsDir, lakeDir, ingestOptionsOf(options.config.ingest), connectors));
      const read = result.reduce((n, l) => n + l.rowsRead, 0);
      const quarantined = result.reduce((n, l) => n + l.rowsQuarantined, 0);
      const failed = result.filter((l) => l.error);
      for (const f of failed) log(`  ! ${f.file}: ${f.error}`);
      return { result, summary: `${result.length} files, ${read} rows read, ${read - quarantined} loaded, ${quarantined} quarantined, ${failed.length} unreadable files` };
    });
    const { asOf, asOfSource, seeds } = await stage(log, 'seeds', async () => {
      await createSourceViews(engine, lakeDir, connectors);
      await createIngestLogView(engine, lakeDir);
      await createHistoryViews(engine, lakeDir);
      const result = await prepareSeeds(engine, options.config, connectors, asOfFlag);
      await loadSeeds(engine, result.seeds);
      const oldest = await oldestRecordTime(engine);
      if (oldest && Date.parse(result.asOf) < Date.parse(oldest)) {
        log(`  ! the as-of ${result.asOf} is before every record (the oldest was created ${oldest}): every count is empty and every SLA pending; give a later --as-of`);
      }
      return { result, summary: `as of ${result.asOf}, ${result.seeds.reduce((n, s) => n + s.rows.length, 0)} seed rows` };
    });
    void seeds;
    const models = await stage(log, 'models', async () => {
      const result = await underWorkBound(() => runModels(engine));
      const marts = result.filter((r) => r.layer === 'marts').map((r) => `${r.model} ${r.rows}`);
      return { result, summary: `${result.length} models (slowest: ${slowest(result)}); marts: ${marts.join(', ')}` };
    });
    // Marts, site data and site are each built in the staging folder and swapped in whole when complete.
    const marts = await stage(log, 'marts', async () => {
      const result = await exportMarts(engine, out.stagingDir);
      out.publish('marts', join(out.stagingDir, 'marts'));
      return { result, summary: `${result.length} Parquet files in ${join(options.outDir, 'marts')}` };
    });
    // Tonight's snapshot goes into the lake's history only once the marts are out: a failed night adds none.
    await stage(log, 'history', async () => {
      const { history } = options.config;
      const result = await writeHistorySnapshot(engine, lakeDir, out.stagingDir, { asOf, keepNights: history.keep_nights, keepMonths: history.keep_months, restatementDays: history.restatement_days });
      return { result, summary: `snapshot ${asOf.slice(0, 10)}: ${result.figures} closed-month figures, ${result.records} records, ${result.definitions} definitions, ${result.restatements} restatement rows` };
    });
    const siteDataDir = join(options.outDir, 'site-data');
    // Site data too runs under the lower bound: its queries allocate beyond DuckDB's buffers, and under the night's whole
    // bound this stage set the night's peak (3,691 MB at 1,000,000 leads; 2,680 MB under two thirds of it).
    await stage(log, 'site data', async () => {
      const staged = join(out.stagingDir, 'site-data');
      const result = await underWorkBound(() =>
        writeSiteData(engine, staged, { config: options.config, asOf, asOfSource, generatedAt: new Date().toISOString() }));
      out.publish('site-data', staged);
      return { result, summary: Object.entries(result).map(([f, n]) => `${f} ${n}`).join(', ') };
    });
    // Each audience's message, from the same site data and sentences as the site; sending is `handoff deliver`'s job.
    await stage(log, 'digests', async () => {
      const staged = join(out.stagingDir, 'digests');
      const repIds = Object.keys(options.config.delivery.reps);
      const result = writeDigests(siteDataDir, staged, { siteUrl: options.config.delivery.site_url ?? null, repIds, repEmails: await crmEmails(engine, repIds) });
      out.publish('digests', staged);
      return { result, summary: `${result.digests.length} digests in ${join(options.outDir, 'digests')}` };
    });
    // The site build runs in its own process and reads only the site data: free DuckDB's memory first.
    await closeEngine();
    let siteDir: string | undefined;
    if (!options.skipSite) {
      siteDir = join(options.outDir, 'site');
      const target = siteDir;
      await stage(log, 'site', async () => {
        const staged = join(out.stagingDir, 'site');
        const result = await buildSite({ dataDir: siteDataDir, outDir: staged, workDir: out.stagingDir });
        out.publish('site', staged);
        return { result, summary: `${result.pages} pages in ${target}` };
      });
    }
    return { asOf, loads, models, marts, ...(siteDir ? { siteDir } : {}) };
  } finally {
    await closeEngine();
    out.release();
  }
}

/** When the oldest person of any source was created (ISO UTC), so an as-of before all data can be told apart. */
async function oldestRecordTime(engine: Engine): Promise<string | undefined> {
  const people = [sourceViewName('salesforce', 'lead'), sourceViewName('salesforce', 'contact'), sourceViewName('hubspot', 'contact'), sourceViewName('marketo', 'lead'), sourceViewName('mapped', 'lead')];
  const [row] = await engine.query<{ t: string | null }>(
    `select cast(min(created_at) as varchar) as t from (${people.map((view) => `select created_at from ${view}`).join(' union all ')}) as people`,
  );
  return row?.t ? new Date(`${row.t.replace(' ', 'T')}Z`).toISOString() : undefined;
}

/**
 * DuckDB's memory for the night: 3 GB, or half the machine's memory when it has less than 6 GB. DuckDB's bound covers
 * its buffers, not everything it allocates nor Node's own heap, so 3 GB keeps the whole night near 4 GB.
 */
function nightMemoryLimit(): string {
  const halfMb = Math.floor(totalmem() / 2 / 1024 / 1024);
  return `${Math.min(3072, halfMb)}MB`;
}

/** A memory size as the night takes it: megabytes or gigabytes ("2GB", "1500MB"). */
export const MEMORY_SIZE = /^(\d+(?:\.\d+)?)(MB|GB)$/;

/**
 * DuckDB's memory while it reads the exports, runs the models and writes the site data: two thirds of the night's
 * (sizes in MB or GB, as the CLI takes them; any other size is kept). Part of what DuckDB allocates in those stages lies
 * outside its bound (the CSV reader's buffers; the models' joins and aggregates; the site data's results). At 1,000,000
 * leads, when the staging and intermediate models were temporary tables, the models stage peaked at 3.70 to 3.75 GB of
 * process memory under 2.5 GB and at 2.65 to 3.32 GB under 2 GB, in the same time; with every model a Parquet file,
 * 2.28 to 2.54 GB under 2 GB.
 */
export function workMemoryLimit(limit: string): string {
  const size = MEMORY_SIZE.exec(limit);
  if (!size) return limit;
  const mb = Number(size[1]) * (size[2] === 'GB' ? 1000 : 1);
  return `${Math.floor((mb * 2) / 3)}MB`;
}

/** Runs work with DuckDB bounded to `during`, then bounds it to `after` again, whatever happened. */
export async function withMemoryLimit<T>(engine: DuckDbEngine, during: string, after: string, work: () => Promise<T>): Promise<T> {
  await engine.execute(`set memory_limit = ${sqlString(during)}`);
  try {
    return await work();
  } finally {
    await engine.execute(`set memory_limit = ${sqlString(after)}`);
  }
}

async function stage<T>(log: (line: string) => void, name: string, work: () => Promise<{ result: T; summary: string }>): Promise<T> {
  const started = performance.now();
  const { result, summary } = await work();
  log(`${name.padEnd(10)} ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ${summary}`);
  return result;
}

// The five models that took longest, so a slow night says where its time went ("int_sla_clocks 4.2 s, …").
function slowest(runs: Array<{ model: string; ms: number }>): string {
  return [...runs].sort((a, b) => b.ms - a.ms).slice(0, 5).map((r) => `${r.model} ${(r.ms / 1000).toFixed(1)} s`).join(', ');
}

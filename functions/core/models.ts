import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { builtInSpecs, CANONICAL_OBJECTS, LAKE_TYPES, mappedSpecs, type Connectors } from './catalogue.ts';
import { linkOrCopy } from './files.ts';
import { sqlString } from './sql.ts';
import type { HandoffConfig } from './config.ts';
import type { DuckDbEngine } from './duckdb-engine.ts';
import type { Engine } from './engine.ts';
import { ConfigError, ModelError } from './errors.ts';
import { duckDbExportWindowStore, exportWindows } from './export-window.ts';
import { lakeObjectGlob } from './lake.ts';
import { buildSeeds, SEED_NAMES, type Seed } from './seeds.ts';
import { dataTestSql, loadMacros, loadModels, orderModels, renderModel, sqlTimestamp, type DataTest, type Model, type RenderContext } from './sql.ts';

export interface ModelRun {
  model: string;
  layer: Model['layer'];
  /** Rows built; null for a view, which is not counted. */
  rows: number | null;
  ms: number;
}

/** How models read lake objects on DuckDB: a view over the object's Parquet files (or an empty typed one). */
export function sourceViewName(source: string, object: string): string {
  return `src_${source}__${object}`;
}

export const duckDbContext: RenderContext = {
  dialect: 'duckdb',
  ref: (name) => name,
  source: sourceViewName,
};

/** What differs between engines when running models: how names are written and how seeds get in. */
export interface ModelRuntime {
  context: RenderContext;
  loadSeeds(seeds: Seed[]): Promise<void>;
}

/** The DuckDB runtime: bare table names, views over the lake, seeds inlined as VALUES. */
export function duckDbRuntime(engine: Engine): ModelRuntime {
  return { context: duckDbContext, loadSeeds: (seeds) => loadSeeds(engine, seeds) };
}

/**
 * Creates one view per connector object over the lake, so every model sees every source, loaded or
 * not. Each view lists only the exports staging reads (export-window.ts: the newest export holding every
 * record of the ones before it, and later ones), so older exports cost the night nothing.
 */
export async function createSourceViews(engine: DuckDbEngine, lakeDir: string, connectors: Connectors): Promise<void> {
  const specs = [...builtInSpecs(connectors), ...mappedSpecs(connectors)];
  const from = await exportWindows(duckDbExportWindowStore(engine, lakeDir), specs);
  const read = (source: string, object: string) => readLakeObject(lakeDir, source, object, from.get(`${source}/${object}`));
  for (const spec of builtInSpecs(connectors)) {
    const view = sourceViewName(spec.source, spec.object);
    const columns = spec.columns.map((c): [string, keyof typeof LAKE_TYPES] => [c.name, c.type]);
    if (hasLakeFiles(lakeDir, spec.source, spec.object)) await createLakeView(engine, view, read(spec.source, spec.object), columns);
    else await engine.execute(`create or replace view ${view} as select ${typedNulls(columns)}, cast(null as varchar) as source_file, cast(null as bigint) as source_row_number, cast(null as date) as export_date where false`);
  }
  await createMappedSourceViews(engine, lakeDir, connectors, read);
}

/**
 * A view over an object's lake files that has every column the catalogue names now: a lake written before a column was
 * added (a person's full name) lacks it in every file, so the view gives it as empty instead of failing the models.
 */
async function createLakeView(engine: DuckDbEngine, view: string, query: string, columns: Array<[string, keyof typeof LAKE_TYPES]>): Promise<void> {
  await engine.execute(`create or replace view ${view} as ${query}`);
  const present = new Set((await engine.query<{ name: string }>(`select column_name as name from duckdb_columns() where table_name = ${sqlString(view)}`)).map((c) => c.name));
  const missing = columns.filter(([name]) => !present.has(name));
  if (missing.length) await engine.execute(`create or replace view ${view} as select *, ${typedNulls(missing)} from (${query})`);
}

/**
 * Mapped CSV sources are named by config (`pipedrive/`, `zoho/`), so models read each canonical
 * object through one `{{ source('mapped', '<object>') }}` view: the union of every mapped source
 * holding it, with the source's name in `mapped_source`.
 */
async function createMappedSourceViews(engine: DuckDbEngine, lakeDir: string, connectors: Connectors, read: (source: string, object: string) => string): Promise<void> {
  const specs = mappedSpecs(connectors);
  for (const [object, columns] of Object.entries(CANONICAL_OBJECTS)) {
    const sources = [...new Set(specs.filter((s) => s.object === object).map((s) => s.source))].filter((source) => hasLakeFiles(lakeDir, source, object));
    const names = Object.keys(columns);
    const typed = Object.entries(columns).map(([name, c]): [string, keyof typeof LAKE_TYPES] => [name, c.type]);
    const parts: string[] = [];
    for (const source of sources) {
      const part = sourceViewName(source, object);
      await createLakeView(engine, part, read(source, object), typed);
      parts.push(`select ${sqlString(source)} as mapped_source, ${names.join(', ')}, source_file, source_row_number, export_date from ${part}`);
    }
    const body = parts.length
      ? parts.join(' union all ')
      : `select cast(null as varchar) as mapped_source, ${typedNulls(typed)}, cast(null as varchar) as source_file, cast(null as bigint) as source_row_number, cast(null as date) as export_date where false`;
    await engine.execute(`create or replace view ${sourceViewName('mapped', object)} as ${body}`);
  }
}

function hasLakeFiles(lakeDir: string, source: string, object: string): boolean {
  const dir = join(lakeDir, source, object);
  return existsSync(dir) && readdirSync(dir).some((d) => d.startsWith('export_date='));
}

/** The object's Parquet files from export date `from` on (every export date without it). */
function readLakeObject(lakeDir: string, source: string, object: string, from?: string): string {
  const dir = join(lakeDir, source, object);
  const dates = readdirSync(dir)
    .filter((d) => d.startsWith('export_date=') && (!from || d.slice('export_date='.length) >= from))
    .filter((d) => readdirSync(join(dir, d)).some((f) => f.endsWith('.parquet')))
    .sort();
  const globs = from && dates.length ? dates.map((d) => sqlString(join(dir, d, '*.parquet'))) : [sqlString(lakeObjectGlob(lakeDir, source, object))];
  return `select * from read_parquet([${globs.join(', ')}], hive_partitioning = true, union_by_name = true)`;
}

function typedNulls(columns: Array<[string, keyof typeof LAKE_TYPES]>): string {
  return columns.map(([name, type]) => `cast(null as ${LAKE_TYPES[type]}) as ${name}`).join(', ');
}

/** The ingest log view (one row per export file loaded), for data_health; empty before any load. */
export async function createIngestLogView(engine: DuckDbEngine, lakeDir: string): Promise<void> {
  const dir = join(lakeDir, '_ingest');
  const body = existsSync(dir)
    ? `select * from read_parquet(${sqlString(join(dir, '*', '*', '*', '*.parquet'))}, hive_partitioning = false, union_by_name = true)`
    : `select cast(null as varchar) as source, cast(null as varchar) as object, cast(null as varchar) as source_file, cast(null as date) as export_date,
        cast(null as bigint) as rows_read, cast(null as bigint) as rows_loaded, cast(null as bigint) as rows_quarantined,
        cast(null as varchar) as encoding, cast(null as varchar) as error, cast(null as varchar) as missing_optional_columns, cast(null as varchar) as skipped_entries, cast(null as varchar) as notes where false`;
  await engine.execute(`create or replace view ${sourceViewName('handoff', 'ingest_log')} as ${body}`);
}

/**
 * The export time: the newest record change in the lake, of every source (mapped CSV sources
 * included), so re-running an old night gives the same answer and an export of 2018 is judged
 * as of 2018, not as of today. A change dated after tomorrow (a typo'd 9999, a clock gone wrong)
 * never becomes the as-of: it would judge every lead as of the far future and build calendars
 * to it.
 */
export async function newestRecordTime(engine: Engine, connectors: Connectors, source: RenderContext['source'] = sourceViewName, now = new Date()): Promise<string | undefined> {
  const STAMPS = ['created_at', 'last_modified_at', 'system_modstamp_at'];
  const objects = [
    ...builtInSpecs(connectors).map((spec) => ({ view: source(spec.source, spec.object), columns: spec.columns.map((c) => c.name) })),
    ...Object.entries(CANONICAL_OBJECTS).map(([object, columns]) => ({ view: source('mapped', object), columns: Object.keys(columns) })),
  ];
  const parts = objects
    .filter((o) => o.columns.includes('created_at'))
    .map((o) => STAMPS.filter((s) => o.columns.includes(s)).map((s) => `select max(${s}) as t from ${o.view}`).join(' union all '));
  const tomorrow = sqlTimestamp(new Date(now.getTime() + 86_400_000));
  const [row] = await engine.query<{ t: string | null }>(
    `select max(t) as t from (${parts.join(' union all ')}) as stamps where t <= ${tomorrow} and t >= timestamp '${EARLIEST_RECORD}'`,
  );
  return row?.t ?? undefined;
}

/** Record times before this are not real CRM data (a 0001-01-01 placeholder): they never set the as-of or the calendar range. */
const EARLIEST_RECORD = '1970-01-01 00:00:00';

/** Where the as-of time came from: the --as-of flag, the newest record change, or (no record times at all) the clock. */
export type AsOfSource = 'flag' | 'exports' | 'clock';

/** Loads the seeds into DuckDB as tables (small: config values and calendar windows). */
export async function loadSeeds(engine: Engine, seeds: Seed[]): Promise<void> {
  for (const seed of seeds) {
    const names = Object.keys(seed.columns);
    const casts = names.map((n) => `cast(${n} as ${seed.columns[n]}) as ${n}`).join(', ');
    if (!seed.rows.length) {
      await engine.execute(`create or replace table ${seed.name} as select ${names.map((n) => `cast(null as ${seed.columns[n]}) as ${n}`).join(', ')} where false`);
      continue;
    }
    const values = seed.rows.map((row) => `(${names.map((n) => literal(row[n] ?? null)).join(', ')})`);
    await engine.execute(`create or replace table ${seed.name} as select ${casts} from (values ${values.join(',\n')}) as seed(${names.join(', ')})`);
  }
}

function literal(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return sqlString(value);
}

export interface DataTestResult {
  model: string;
  test_name: string;
  column_name: string;
  failures: number;
  status: 'pass' | 'fail';
}

/** The table data tests write and data_health reads; it exists only after the tests ran. */
export const DATA_TEST_RESULTS = 'data_test_results';

/**
 * Runs every SQL model in dependency order, then the data tests declared in the models, then the
 * models that report on the tests (data_health). The same steps on every engine: DuckDB by
 * default, Athena with its runtime (`athenaRuntime`).
 */
export async function runModels(engine: Engine, onModel?: (run: ModelRun) => void, runtime: ModelRuntime = duckDbRuntime(engine)): Promise<ModelRun[]> {
  const macros = loadMacros();
  const models = orderModels(loadModels(), [...SEED_NAMES, DATA_TEST_RESULTS]);
  const afterTests = models.filter((m) => m.refs.includes(DATA_TEST_RESULTS));
  const runs: ModelRun[] = [];
  for (const model of models.filter((m) => !afterTests.includes(m))) runs.push(await runModel(engine, model, macros, runtime.context, onModel));
  await storeDataTestResults(runtime, await runDataTests(engine, models.filter((m) => !afterTests.includes(m)), runtime.context.ref));
  for (const model of afterTests) runs.push(await runModel(engine, model, macros, runtime.context, onModel));
  return runs;
}

/** Runs every data test declared in the models' headers; failures are reported, not thrown. */
export async function runDataTests(engine: Engine, models: Model[], ref: RenderContext['ref'] = duckDbContext.ref): Promise<DataTestResult[]> {
  const results: DataTestResult[] = [];
  for (const model of models) {
    for (const test of model.tests) {
      const [row] = await engine.query<{ failures: number }>(dataTestSql(model.name, test, ref));
      const failures = row?.failures ?? 0;
      results.push({ model: model.name, test_name: dataTestName(test), column_name: test.column, failures, status: failures ? 'fail' : 'pass' });
    }
  }
  return results;
}

/** How data_health names a test: its kind, with its bounds or target. */
export function dataTestName(test: DataTest): string {
  switch (test.kind) {
    case 'relationships': return `relationships to ${test.to!.model}.${test.to!.column}`;
    case 'accepted_values': return `accepted values (${test.values!.join(', ')})`;
    case 'accepted_range': return `accepted range (${test.range!.min ?? 'any'} to ${test.range!.max ?? 'any'})`;
    default: return test.kind.replaceAll('_', ' ');
  }
}

async function storeDataTestResults(runtime: ModelRuntime, results: DataTestResult[]): Promise<void> {
  await runtime.loadSeeds([{
    name: DATA_TEST_RESULTS,
    columns: { model: 'varchar', test_name: 'varchar', column_name: 'varchar', failures: 'bigint', status: 'varchar' },
    rows: results as unknown as Seed['rows'],
  }]);
}

async function runModel(engine: Engine, model: Model, macros: ReturnType<typeof loadMacros>, context: RenderContext, onModel?: (run: ModelRun) => void): Promise<ModelRun> {
  const started = performance.now();
  let rows: number | null;
  try {
    rows = await engine.materialize(model.name, renderModel(model, macros, context), model.materialized, model.layer);
  } catch (error) {
    throw new ModelError(model.name, error);
  }
  const run = { model: model.name, layer: model.layer, rows, ms: performance.now() - started };
  onModel?.(run);
  const check = CURRENCY_CHECKS[model.name];
  if (check) await assertConvertibleCurrencies(engine, context.ref(model.name), { what: check.what, missing: check.missing(context.ref) });
  return run;
}

/** The models whose amounts must all convert to the reporting currency, and what their rows are. */
export const CURRENCY_CHECKS: Record<string, { missing: (ref: RenderContext['ref']) => string; what: string }> = {
  int_opportunities: { missing: () => 'amount is null and amount_record_currency is not null', what: 'opportunities' },
  int_campaign_costs: {
    missing: (ref) => `cost is not null and currency_code is not null and currency_code not in (select currency_code from ${ref('currency_rates')})`,
    what: 'campaign costs',
  },
};

/** Mixed currencies are converted with config rates; one without a rate stops the night, never a silent sum. */
export async function assertConvertibleCurrencies(engine: Engine, table: string, check: { missing: string; what: string }): Promise<void> {
  const missing = await engine.query<{ currency_code: string; n: number }>(
    `select currency_code, count(*) as n from ${table} where ${check.missing} group by currency_code order by currency_code`,
  );
  if (missing.length) {
    const list = missing.map((m) => `${m.currency_code ?? 'no currency'} (${m.n} ${check.what})`).join(', ');
    throw new ConfigError(`${check.what} are in currencies without a rate to the reporting currency: ${list}; add them to currency.rates in the config, e.g. "currency": { "rates": { "${missing[0]!.currency_code}": 1.1 } }`);
  }
}

/**
 * Puts each mart's Parquet file, the public data product, in `<outDir>/marts/<mart>.parquet`. The models wrote the
 * files already (DuckDbEngine keeps a mart as its file): each is linked in, or copied where a link cannot be made.
 */
export async function exportMarts(engine: DuckDbEngine, outDir: string): Promise<string[]> {
  const dir = join(outDir, 'marts');
  mkdirSync(dir, { recursive: true });
  const marts = loadModels().filter((m) => m.layer === 'marts').map((m) => m.name);
  for (const mart of marts) linkOrCopy(engine.modelFile(mart), join(dir, `${mart}.parquet`));
  return marts;
}

/**
 * Prepares seeds from config and the lake: as-of time, owner time zones, calendar range. The
 * queries are portable SQL, so the same function reads DuckDB's views or Athena's lake tables.
 */
export async function prepareSeeds(engine: Engine, config: HandoffConfig, connectors: Connectors, asOfFlag?: string, source: RenderContext['source'] = sourceViewName): Promise<{ asOf: string; asOfSource: AsOfSource; seeds: Seed[] }> {
  const newest = asOfFlag ? undefined : await newestRecordTime(engine, connectors, source);
  const asOfSource: AsOfSource = asOfFlag ? 'flag' : newest ? 'exports' : 'clock';
  const asOf = asOfFlag ?? newest ?? new Date().toISOString();
  // Owners come from every source that knows users; calendars must cover the oldest person of any source.
  const userSources = [source('salesforce', 'user'), source('hubspot', 'owner'), source('mapped', 'user')];
  const zones = await engine.query<{ tz: string }>(
    `select distinct time_zone as tz from (${userSources.map((s) => `select time_zone from ${s}`).join(' union all ')}) as users where time_zone is not null order by 1`,
  );
  const peopleSources = [source('salesforce', 'lead'), source('salesforce', 'contact'), source('hubspot', 'contact'), source('marketo', 'lead'), source('mapped', 'lead')];
  const [oldest] = await engine.query<{ d: string | null }>(
    `select cast(cast(min(created_at) as date) as varchar) as d from (${peopleSources.map((s) => `select created_at from ${s}`).join(' union all ')}) as people where created_at >= timestamp '${EARLIEST_RECORD}'`,
  );
  // Calendars cover at most 30 years before the as-of: a person dated 1971 by mistake must not cost 55 years of windows.
  const fromYear = Math.max(Number((oldest?.d ?? asOf).slice(0, 4)) - 1, Number(asOf.slice(0, 4)) - 30);
  const fromDate = `${fromYear}-01-01`;
  const seeds = buildSeeds(config, { asOf, ownerTimeZones: zones.map((z) => z.tz), fromDate });
  return { asOf, asOfSource, seeds };
}

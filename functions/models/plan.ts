import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createViewSql, ctasSql, type AthenaEngine } from '../core/athena-engine.ts';
import { athenaContext, mappedViewStatements, type AthenaDatabases } from '../core/athena-lake.ts';
import { externalJsonTableSql, seedJsonLines } from '../core/athena-seeds.ts';
import { builtInSpecs, mappedSpecs } from '../core/catalogue.ts';
import type { HandoffConfig } from '../core/config.ts';
import { exportWindows } from '../core/export-window.ts';
import { connectorsFor } from '../ingest/connectors/index.ts';
import { DATA_TEST_RESULTS, dataTestName, prepareSeeds } from '../core/models.ts';
import { SEED_NAMES, type Seed } from '../core/seeds.ts';
import { dataTestSql, loadMacros, loadModels, orderModels, renderModel, type Model, type RenderContext } from '../core/sql.ts';
import { athenaExportWindowStore } from './export-windows.ts';

/** One table the night builds: a CTAS under the run's own table name, run by Step Functions. */
export interface PlannedTable {
  /** The public name (`leads`) the table is swapped into once every table of the night is built. */
  table: string;
  layer: Model['layer'] | 'seeds' | 'tests';
  /** The name it is built under tonight (`leads__r20261120t050000z_abcd1234`). */
  buildName: string;
  /** The CTAS: Parquet in `_models/<table>/<run-id>/`, never over an existing table; a view model's CREATE VIEW over tonight's tables. */
  sql: string;
  /** A view model only: its public view over the public tables, created by the finish step once they are swapped in. */
  publicSql?: string;
}

/** What the plan step returns to the state machine (small: the SQL itself is in S3). */
export interface NightPlan {
  runId: string;
  /** Suffix of tonight's table names; sorts by time like the run id. */
  tag: string;
  asOf: string;
  /** One S3 key per dependency level, in order: a JSON array of `PlannedTable`, read by a Distributed Map. */
  levelKeys: string[];
  levelCount: number;
  /** Every table of the night by public name, in build order (the finish step swaps them in). */
  tables: string[];
  /** The marts among them. */
  marts: string[];
  seedRows: number;
  /** Seeds' JSON tables made by the plan (`<seed>__json__<tag>`), removed by the finish step. */
  helperTables: string[];
  /** When the plan started (ISO): a lake write after this means a late delivery during the night. */
  startedAt: string;
  /** The first export date staging reads, by `<source>/<object>` (objects read whole are absent). */
  exportWindows: Record<string, string>;
  /** Where the view models' public CREATE VIEWs are (`_plans/<run-id>/views.json`, in build order), for the finish step. */
  viewsKey: string;
}

export interface PlanDeps {
  /** Runs the plan's own few statements (views, seeds' JSON tables, the as-of queries). */
  engine: AthenaEngine;
  s3: S3Client;
}

export interface PlanSettings {
  databases: AthenaDatabases;
  lakeBucket: string;
  config: HandoffConfig;
}

/** The suffix of one run's table names: lower-case, Glue-safe, sortable by time. */
export function tableTag(runId: string): string {
  return `r${runId.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
}

/** The name a table is built under in one run, before it is swapped in. */
export function buildName(table: string, tag: string): string {
  return `${table}__${tag}`;
}

/** Where the plan of one run is written: `_plans/<run-id>/level-<n>.json`. */
export function levelKey(runId: string, level: number): string {
  return `_plans/${runId}/level-${String(level).padStart(2, '0')}.json`;
}

/** Where one run's seed rows are written (a folder per run, so a running night never sees another's). */
export function seedRunPrefix(seed: string, runId: string): string {
  return `_seeds/${seed}/${runId}/`;
}

/**
 * Plans a night on Athena: finds each lake object's export window (the same rule as on this
 * machine; staging reads only those exports), creates the mapped sources' views, works out the as-of time and the
 * seeds, writes each seed's rows to S3 under the run, and writes one file per dependency level
 * holding the CTAS of every table of that level, built under the run's own name
 * (`<table>__<tag>`) and reading tonight's tables only. Nothing existing is dropped or replaced:
 * the finish step swaps the tables in once all of them are built and checked.
 */
export async function planNight(deps: PlanDeps, settings: PlanSettings, options: { runId: string; asOf?: string; now?: Date }): Promise<NightPlan> {
  const startedAt = (options.now ?? new Date()).toISOString();
  const { engine, s3 } = deps;
  const { databases, lakeBucket } = settings;
  const tag = tableTag(options.runId);
  const location = (table: string) => `s3://${lakeBucket}/_models/${table}/${options.runId}/`;
  const ctas = (table: string, select: string) => ctasSql(databases.models, buildName(table, tag), location(table), select);

  const connectors = connectorsFor(settings.config);
  const windows = await exportWindows(athenaExportWindowStore(deps, { lakeBucket, lakeDatabase: databases.lake }), [...builtInSpecs(connectors), ...mappedSpecs(connectors)]);
  const windowOf = (source: string, object: string) => windows.get(`${source}/${object}`);
  const base = athenaContext(databases, windowOf);
  const context: RenderContext = { ...base, ref: (name) => `"${databases.models}"."${buildName(name, tag)}"` };
  for (const sql of mappedViewStatements(connectors, databases, windowOf)) await engine.execute(sql, "the mapped sources' views");
  const { asOf, seeds } = await prepareSeeds(engine, settings.config, connectors, options.asOf, base.source);

  const levels: PlannedTable[][] = [[]];
  const helperTables: string[] = [];
  for (const seed of seeds) {
    const prefix = seedRunPrefix(seed.name, options.runId);
    await s3.send(new PutObjectCommand({ Bucket: lakeBucket, Key: `${prefix}${seed.name}.json`, Body: seedJsonLines(seed), ContentType: 'application/x-ndjson' }));
    const jsonTable = `${seed.name}__json__${tag}`;
    await engine.execute(externalJsonTableSql(databases.models, jsonTable, Object.keys(seed.columns), `s3://${lakeBucket}/${prefix}`), `seed ${seed.name}`);
    helperTables.push(jsonTable);
    levels[0]!.push({ table: seed.name, layer: 'seeds', buildName: buildName(seed.name, tag), sql: ctas(seed.name, seedSelect(seed, `"${databases.models}"."${jsonTable}"`)) });
  }

  const macros = loadMacros();
  const models = orderModels(loadModels(), [...SEED_NAMES, DATA_TEST_RESULTS]);
  const afterTests = new Set(models.filter((m) => m.refs.includes(DATA_TEST_RESULTS)).map((m) => m.name));
  const levelOf = new Map<string, number>(seeds.map((s) => [s.name, 0]));
  const place = (table: string, level: number, item: PlannedTable) => {
    levelOf.set(table, level);
    while (levels.length <= level) levels.push([]);
    levels[level]!.push(item);
  };
  const levelAfter = (refs: string[]) => 1 + Math.max(0, ...refs.map((r) => levelOf.get(r) ?? 0));
  const build = (model: Model): PlannedTable => (model.materialized === 'view'
    ? {
      table: model.name, layer: model.layer, buildName: buildName(model.name, tag),
      sql: createViewSql(databases.models, buildName(model.name, tag), renderModel(model, macros, context)),
      publicSql: createViewSql(databases.models, model.name, renderModel(model, macros, base)),
    }
    : { table: model.name, layer: model.layer, buildName: buildName(model.name, tag), sql: ctas(model.name, renderModel(model, macros, context)) });
  for (const model of models.filter((m) => !afterTests.has(m.name))) place(model.name, levelAfter(model.refs), build(model));
  const tested = models.filter((m) => !afterTests.has(m.name));
  place(DATA_TEST_RESULTS, levelAfter(tested.map((m) => m.name)), {
    table: DATA_TEST_RESULTS, layer: 'tests', buildName: buildName(DATA_TEST_RESULTS, tag), sql: ctas(DATA_TEST_RESULTS, dataTestResultsSelect(tested, context.ref)),
  });
  for (const model of models.filter((m) => afterTests.has(m.name))) place(model.name, levelAfter(model.refs), build(model));

  const levelKeys: string[] = [];
  for (const [index, items] of levels.entries()) {
    const key = levelKey(options.runId, index);
    await s3.send(new PutObjectCommand({ Bucket: lakeBucket, Key: key, Body: JSON.stringify(items), ContentType: 'application/json' }));
    levelKeys.push(key);
  }
  const views = levels.flat().filter((t) => t.publicSql).map((t) => ({ table: t.table, sql: t.publicSql! }));
  const viewsKey = `_plans/${options.runId}/views.json`;
  await s3.send(new PutObjectCommand({ Bucket: lakeBucket, Key: viewsKey, Body: JSON.stringify(views), ContentType: 'application/json' }));
  return {
    runId: options.runId,
    tag,
    asOf,
    levelKeys,
    levelCount: levelKeys.length,
    tables: levels.flat().map((t) => t.table),
    marts: models.filter((m) => m.layer === 'marts').map((m) => m.name),
    seedRows: seeds.reduce((n, s) => n + s.rows.length, 0),
    helperTables,
    startedAt,
    viewsKey,
    exportWindows: Object.fromEntries([...windows].filter((entry): entry is [string, string] => entry[1] !== undefined)),
  };
}

/** A seed's typed SELECT over its JSON table (every column text there). */
function seedSelect(seed: Seed, jsonTable: string): string {
  const casts = Object.keys(seed.columns).map((n) => `cast("${n}" as ${seed.columns[n]}) as "${n}"`).join(', ');
  return `select ${casts} from ${jsonTable}`;
}

/**
 * The data tests of the night as one SELECT (one row per test, as `runDataTests` gives on DuckDB),
 * so the results are a table built like any other and data_health refs it.
 */
export function dataTestResultsSelect(models: Model[], ref: RenderContext['ref']): string {
  const text = (value: string) => `'${value.replaceAll("'", "''")}'`;
  const rows = models.flatMap((model) => model.tests.map((test) => `select ${text(model.name)} as model, ${text(dataTestName(test))} as test_name, ${text(test.column)} as column_name, `
    + `cast(failures as bigint) as failures, case when failures > 0 then 'fail' else 'pass' end as status from (${dataTestSql(model.name, test, ref)}) as t`));
  if (!rows.length) return "select cast(null as varchar) as model, cast(null as varchar) as test_name, cast(null as varchar) as column_name, cast(null as bigint) as failures, cast(null as varchar) as status where false";
  return rows.join('\nunion all\n');
}

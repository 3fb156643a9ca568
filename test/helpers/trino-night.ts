import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { athenaContext, INGEST_LOG_TABLE, lakeTableName, mappedViewStatements, type AthenaDatabases } from '../../functions/core/athena-lake.ts';
import { seedJsonLines } from '../../functions/core/athena-seeds.ts';
import type { HandoffConfig } from '../../functions/core/config.ts';
import { HISTORY_KINDS } from '../../functions/core/history.ts';
import { prepareSeeds, runModels, type ModelRun, type ModelRuntime } from '../../functions/core/models.ts';
import type { Seed } from '../../functions/core/seeds.ts';
import { TrinoEngine } from '../../functions/core/trino-engine.ts';
import { connectorsFor } from '../../functions/ingest/connectors/index.ts';
import { historyTableColumns } from '../../infra/constructs/history-tables.ts';
import { INGEST_LOG_COLUMNS, sourceTableColumns, sourceTableName, type GlueColumn } from '../../infra/constructs/lake-catalog.ts';

/** A night's models on Trino: the engine (its tables and per-statement reads), the as-of and each model's run. */
export interface TrinoNight {
  engine: TrinoEngine;
  asOf: string;
  models: ModelRun[];
}

/**
 * Runs the night's models on Trino over a lake the DuckDB night wrote, as the models function does
 * on Athena: the lake's tables as the Glue catalog defines them (one per connector object,
 * partitioned by export date, the ingest log and the history), the mapped-source views, seeds loaded from JSON
 * lines through a text table, then every model by CTAS with the SQL rendered for Athena.
 */
export async function runTrinoNight(url: string, outDir: string, config: HandoffConfig, asOf?: string, name = 'night'): Promise<TrinoNight> {
  const databases: AthenaDatabases = { lake: `${name}_lake`, models: `${name}_models` };
  const engine = new TrinoEngine({ url, catalog: 'hive', schema: databases.models });
  const connectors = connectorsFor(config);
  for (const schema of [databases.lake, databases.models]) {
    await engine.execute(`drop schema if exists hive."${schema}" cascade`);
    await engine.execute(`create schema hive."${schema}"`);
  }
  const empty = join(outDir, 'trino', 'empty');
  // Every connector object has a table, as the Glue catalog gives it one, loaded or not.
  for (const spec of Object.values(connectors).flat()) {
    if (spec.notUsed) continue;
    const folder = join(outDir, 'lake', spec.source, spec.object);
    await createLakeTable(engine, databases.lake, sourceTableName(spec), sourceTableColumns(spec), existsSync(folder) ? folder : emptyFolder(empty, sourceTableName(spec)), true);
  }
  const ingestLog = join(outDir, 'lake', '_ingest');
  await createLakeTable(engine, databases.lake, INGEST_LOG_TABLE, INGEST_LOG_COLUMNS, existsSync(ingestLog) ? ingestLog : emptyFolder(empty, INGEST_LOG_TABLE), false);
  // The history of earlier nights, as the Glue tables over _history/ give it (empty before the first snapshot).
  for (const kind of HISTORY_KINDS) {
    const folder = join(outDir, 'lake', '_history', kind);
    const table = lakeTableName('history', kind);
    await createLakeTable(engine, databases.lake, table, historyTableColumns(kind), existsSync(folder) ? folder : emptyFolder(empty, table), false);
  }
  for (const statement of mappedViewStatements(connectors, databases)) await engine.execute(statement);
  const runtime = trinoRuntime(engine, databases, join(outDir, 'trino', 'seeds'));
  const seeds = await prepareSeeds(engine, config, connectors, asOf, runtime.context.source);
  await runtime.loadSeeds(seeds.seeds);
  const models = await runModels(engine, undefined, runtime);
  return { engine, asOf: seeds.asOf, models };
}

/** An external Parquet table over a lake folder, partitioned by export date as the Glue tables are (exported for tests that read a lake on Trino). */
export async function createLakeTable(engine: TrinoEngine, schema: string, table: string, columns: GlueColumn[], folder: string, partitioned: boolean): Promise<void> {
  const typed = columns.map((c) => `"${c.name}" ${c.type === 'string' ? 'varchar' : c.type}`);
  const properties = [`external_location = 'local://${folder}'`, `format = 'PARQUET'`];
  if (partitioned) {
    typed.push('"export_date" date');
    properties.push(`partitioned_by = array['export_date']`);
  }
  await engine.execute(`create table hive."${schema}"."${table}" (${typed.join(', ')}) with (${properties.join(', ')})`, table);
  if (partitioned) await engine.execute(`call hive.system.sync_partition_metadata('${schema}', '${table}', 'ADD')`, table);
}

function emptyFolder(root: string, table: string): string {
  const folder = join(root, table);
  mkdirSync(folder, { recursive: true });
  return folder;
}

/**
 * Seeds on Trino as on Athena: rows written as JSON lines (`seedJsonLines`, what Athena reads from
 * S3), read through a text-column JSON table, then typed by CTAS with the same casts.
 */
function trinoRuntime(engine: TrinoEngine, databases: AthenaDatabases, seedDir: string): ModelRuntime {
  return {
    context: athenaContext(databases),
    loadSeeds: async (seeds: Seed[]) => {
      for (const seed of seeds) {
        const names = Object.keys(seed.columns);
        const folder = join(seedDir, seed.name);
        mkdirSync(folder, { recursive: true });
        writeFileSync(join(folder, `${seed.name}.json`), seedJsonLines(seed));
        const text = `${seed.name}__json`;
        await engine.execute(`drop table if exists "${databases.models}"."${text}"`, `seed ${seed.name}`);
        await engine.execute(`create table "${databases.models}"."${text}" (${names.map((n) => `"${n}" varchar`).join(', ')}) with (external_location = 'local://${folder}', format = 'JSON')`, `seed ${seed.name}`);
        const casts = names.map((n) => `cast("${n}" as ${seed.columns[n]}) as "${n}"`).join(', ');
        await engine.materialize(seed.name, `select ${casts} from "${databases.models}"."${text}"`);
      }
    },
  };
}

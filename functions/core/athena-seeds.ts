import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { dropTableSql, type AthenaEngine } from './athena-engine.ts';
import { athenaContext, type AthenaDatabases } from './athena-lake.ts';
import type { ModelRuntime } from './models.ts';
import type { Seed } from './seeds.ts';

export interface AthenaSeedDeps {
  engine: AthenaEngine;
  s3: S3Client;
}

/** Where a seed's rows are written as JSON lines (one file, overwritten by each run). */
export function seedKey(name: string): string {
  return `_seeds/${name}/${name}.json`;
}

/** The external table over a seed's JSON file: every column text, typed by the CTAS that follows. */
export function seedJsonTable(name: string): string {
  return `${name}__json`;
}

/**
 * Loads seeds on Athena. Seeds can be large (calendar windows run to thousands of rows, past
 * Athena's 262,144-byte query limit), so rows never go into SQL: each seed is written to S3 as
 * JSON lines, read through an external table of text columns, and materialized by CTAS into a
 * typed Parquet table named like the seed, which the models ref like any model.
 */
export async function loadSeedsOnAthena(deps: AthenaSeedDeps, seeds: Seed[]): Promise<Record<string, number>> {
  const loaded: Record<string, number> = {};
  for (const seed of seeds) {
    const names = Object.keys(seed.columns);
    await deps.s3.send(new PutObjectCommand({
      Bucket: deps.engine.lakeBucket,
      Key: seedKey(seed.name),
      Body: seedJsonLines(seed),
      ContentType: 'application/x-ndjson',
    }));
    const table = seedJsonTable(seed.name);
    await deps.engine.execute(dropTableSql(deps.engine.database, table), `seed ${seed.name}`);
    await deps.engine.execute(externalJsonTableSql(deps.engine.database, table, names, `s3://${deps.engine.lakeBucket}/_seeds/${seed.name}/`), `seed ${seed.name}`);
    const casts = names.map((n) => `cast("${n}" as ${seed.columns[n]}) as "${n}"`).join(', ');
    loaded[seed.name] = await deps.engine.materialize(seed.name, `select ${casts} from "${deps.engine.database}"."${table}"`);
  }
  return loaded;
}

/** One JSON object per line, every value as text (or null), so the SerDe never guesses a type. */
export function seedJsonLines(seed: Seed): string {
  const names = Object.keys(seed.columns);
  return seed.rows.map((row) => JSON.stringify(Object.fromEntries(names.map((n) => {
    const value = row[n];
    return [n, value === null || value === undefined ? null : String(value)];
  })))).join('\n') + (seed.rows.length ? '\n' : '');
}

/** Hive DDL for a text-column table over a folder of JSON lines. */
export function externalJsonTableSql(database: string, table: string, columns: string[], location: string): string {
  return `create external table \`${database}\`.\`${table}\` (${columns.map((c) => `\`${c}\` string`).join(', ')})\n`
    + `row format serde 'org.openx.data.jsonserde.JsonSerDe'\nlocation '${location}'`;
}

/** The Athena runtime for `runModels`: names written for the two Glue databases, seeds loaded through S3. */
export function athenaRuntime(deps: AthenaSeedDeps, databases: AthenaDatabases): ModelRuntime {
  return {
    context: athenaContext(databases),
    loadSeeds: async (seeds) => {
      await loadSeedsOnAthena(deps, seeds);
    },
  };
}

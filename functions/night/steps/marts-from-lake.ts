import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetTableCommand, type GlueClient } from '@aws-sdk/client-glue';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { DuckDbEngine } from '../../core/duckdb-engine.ts';
import { sqlString } from '../../core/sql.ts';

/** A table in the models' Glue database that cannot be read back: names it and what to do. */
export class MartUnreadableError extends Error {
  override name = 'MartUnreadableError';
  readonly table: string;
  constructor(database: string, table: string, reason: string) {
    super(`${database}.${table} cannot be read from the lake: ${reason}; run the models step first, then re-run this step`);
    this.table = table;
  }
}

export interface MartsFromLakeDeps {
  glue: GlueClient;
  s3: S3Client;
}

export interface LoadedTable {
  location: string;
  files: number;
}

/**
 * Brings tables the models wrote on Athena into a DuckDB engine, by the Glue catalog: each
 * table's current S3 location and columns. Its Parquet files are downloaded to `scratchDir`
 * (never buffered in memory) and become a DuckDB table of the same name; a table with no
 * files (no rows) becomes an empty table with the catalog's column types.
 */
export async function loadTablesFromLake(deps: MartsFromLakeDeps, engine: DuckDbEngine, options: { database: string; tables: string[]; scratchDir: string }): Promise<Record<string, LoadedTable>> {
  const loaded: Record<string, LoadedTable> = {};
  for (const table of options.tables) {
    const { Table: glueTable } = await deps.glue.send(new GetTableCommand({ DatabaseName: options.database, Name: table })).catch((error: unknown) => {
      throw new MartUnreadableError(options.database, table, `the Glue catalog has no such table (${(error as Error).message})`);
    });
    const location = glueTable?.StorageDescriptor?.Location;
    const columns = (glueTable?.StorageDescriptor?.Columns ?? []).map((c) => ({ name: c.Name!, type: duckDbType(c.Type ?? '', options.database, table) }));
    if (!location || !columns.length) throw new MartUnreadableError(options.database, table, 'its catalog entry has no location or no columns');
    const paths = await downloadParquet(deps.s3, location, join(options.scratchDir, table));
    const names = columns.map((c) => `"${c.name}"`).join(', ');
    const body = paths.length
      ? `select ${names} from read_parquet([${paths.map(sqlString).join(', ')}])`
      : `select ${columns.map((c) => `cast(null as ${c.type}) as "${c.name}"`).join(', ')} where false`;
    await engine.execute(`create or replace table ${table} as ${body}`);
    loaded[table] = { location, files: paths.length };
  }
  return loaded;
}

async function downloadParquet(s3: S3Client, location: string, dir: string): Promise<string[]> {
  const match = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(location);
  if (!match) throw new Error(`"${location}" is not an S3 location`);
  const [, bucket, rawPrefix] = match as unknown as [string, string, string];
  const prefix = rawPrefix && !rawPrefix.endsWith('/') ? `${rawPrefix}/` : rawPrefix;
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    for (const object of page.Contents ?? []) {
      // Athena writes data files without an extension; folder markers and empty files hold no rows.
      if (!object.Key || object.Key.endsWith('/') || object.Key.endsWith('_$folder$') || !object.Size) continue;
      const path = join(dir, `${paths.length}.parquet`);
      const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
      await pipeline(body.Body as Readable, createWriteStream(path));
      paths.push(path);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return paths;
}

const SIMPLE_TYPES: Record<string, string> = {
  string: 'varchar', varchar: 'varchar', char: 'varchar', boolean: 'boolean', tinyint: 'tinyint', smallint: 'smallint',
  int: 'integer', integer: 'integer', bigint: 'bigint', float: 'float', real: 'float', double: 'double', date: 'date', timestamp: 'timestamp', binary: 'blob',
};

/** A Glue (Hive) column type as DuckDB writes it. */
export function duckDbType(glueType: string, database: string, table: string): string {
  const type = glueType.trim().toLowerCase();
  const base = type.replace(/\(.*\)$/, '');
  if (base === 'decimal') return type;
  if (SIMPLE_TYPES[base]) return SIMPLE_TYPES[base];
  const array = /^array<(.+)>$/.exec(type);
  if (array) return `${duckDbType(array[1]!, database, table)}[]`;
  throw new MartUnreadableError(database, table, `its column type "${glueType}" has no DuckDB counterpart here`);
}

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Engine, Layer, Materialization, Row } from './engine.ts';
import { KEPT_PARQUET } from './lake.ts';
import { sqlString } from './sql.ts';

export interface DuckDbOptions {
  /** Database file; ':memory:' (default) keeps what is not a model's file in memory and spills to tempDirectory. */
  path?: string;
  threads?: number;
  memoryLimit?: string;
  tempDirectory?: string;
  /** Where the models are written, one Parquet file each; by default a folder of the engine's own, removed at close. */
  modelsDirectory?: string;
}

/** DuckDB engine: one instance, one connection, UTC session; big data never leaves DuckDB. */
export class DuckDbEngine implements Engine {
  readonly dialect = 'duckdb' as const;
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;
  // The models' folder: the one given, or one of the engine's own, made when a model first needs it.
  #modelsDirectory: string | undefined;
  readonly #ownsModelsDirectory: boolean;

  private constructor(instance: DuckDBInstance, connection: DuckDBConnection, modelsDirectory: string | undefined) {
    this.#instance = instance;
    this.#connection = connection;
    this.#modelsDirectory = modelsDirectory;
    this.#ownsModelsDirectory = modelsDirectory === undefined;
  }

  /** Opens DuckDB with the session settings every model assumes (UTC clock, insertion order kept). */
  static async open(options: DuckDbOptions = {}): Promise<DuckDbEngine> {
    const settings: Record<string, string> = {};
    if (options.threads) settings['threads'] = String(options.threads);
    if (options.memoryLimit) settings['memory_limit'] = options.memoryLimit;
    if (options.tempDirectory) settings['temp_directory'] = options.tempDirectory;
    const instance = await DuckDBInstance.create(options.path ?? ':memory:', settings);
    const connection = await instance.connect();
    // ICU is loaded on first use, so the time zone is set on the connection, not at open.
    await connection.run(`set TimeZone = 'UTC'`);
    return new DuckDbEngine(instance, connection, options.modelsDirectory);
  }

  async execute(sql: string): Promise<void> {
    await this.#connection.run(sql);
  }

  async query<T extends Row = Row>(sql: string): Promise<T[]> {
    const reader = await this.#connection.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((row) => toJsonSafe(row) as T);
  }

  /**
   * A view is created, not counted: counting would run its query (tens of millions of rows for the
   * campaign members) once more for a number nobody reads.
   *
   * Any other model is written once, as a Parquet file (`modelFile`), and read through a view over it; its count comes
   * with the COPY. A mart's file is the one the night publishes (KEPT_PARQUET: zstd); a staging or intermediate model's is read
   * only by the night (lz4, quick to write). As tables in the database file the marts were written twice (compressed
   * into the file, then exported): at 1,000,000 leads figure_records (32 million rows) took 19.0 s as a table plus
   * 8.6 s to export, and 10.3 s as a file, read back as fast. The staging and intermediate models were temporary
   * tables, held uncompressed in DuckDB's memory (the 17 million campaign responses alone took 1.9 GB) and spilled
   * beyond its bound: as files the models stage took 72.8 and 67.5 s (141.3 and 129.7 s CPU, peaks 2,544 and
   * 2,278 MB) against 78.6 and 73.7 s (151.8 and 141.9 s CPU, peaks 3,120 and 2,912 MB), alternate runs on one lake.
   * The file is written beside its final name and renamed over it, so a view reading the previous file never sees a
   * half-written one.
   */
  async materialize(name: string, selectSql: string, as: Materialization = 'table', layer?: Layer): Promise<number | null> {
    if (as === 'view') {
      await this.execute(`create or replace view ${name} as\n${selectSql}`);
      return null;
    }
    const file = this.modelFile(name);
    const writing = `${file}.writing`;
    mkdirSync(dirname(file), { recursive: true });
    const format = layer === 'staging' || layer === 'intermediate' ? 'format parquet, compression lz4_raw' : KEPT_PARQUET;
    const reader = await this.#connection.runAndReadAll(`copy (\n${selectSql}\n) to ${sqlString(writing)} (${format})`);
    renameSync(writing, file);
    await this.execute(`create or replace view ${name} as select * from read_parquet(${sqlString(file)})`);
    return Number(reader.getRows()[0]?.[0] ?? 0);
  }

  /** The Parquet file a model built by this engine lives in (see materialize); the file exists once the model is built. */
  modelFile(name: string): string {
    this.#modelsDirectory ??= mkdtempSync(join(tmpdir(), 'handoff-models-'));
    return join(this.#modelsDirectory, `${name}.parquet`);
  }

  async close(): Promise<void> {
    this.#connection.closeSync();
    this.#instance.closeSync();
    if (this.#ownsModelsDirectory && this.#modelsDirectory && existsSync(this.#modelsDirectory)) rmSync(this.#modelsDirectory, { recursive: true, force: true });
  }
}

/** BIGINT arrives as bigint and timestamps as Date; the rest of the code wants plain JSON values. */
function toJsonSafe(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = jsonValue(value);
  return out;
}

function jsonValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'object' && value !== null && 'toDouble' in value && typeof value.toDouble === 'function') {
    return value.toDouble() as number; // DECIMAL values
  }
  return String(value);
}

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine, Layer, Materialization, Row } from './engine.ts';
import { sqlString } from './sql.ts';

export interface DuckDbOptions {
  /** Database file; ':memory:' (default) keeps the night's tables in memory and spills to tempDirectory. */
  path?: string;
  threads?: number;
  memoryLimit?: string;
  tempDirectory?: string;
  /** Where the marts are written, one Parquet file each; by default a folder of the engine's own, removed at close. */
  martsDirectory?: string;
}

/** DuckDB engine: one instance, one connection, UTC session; big data never leaves DuckDB. */
export class DuckDbEngine implements Engine {
  readonly dialect = 'duckdb' as const;
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;
  readonly #martsDirectory: string;
  readonly #ownsMartsDirectory: boolean;

  private constructor(instance: DuckDBInstance, connection: DuckDBConnection, martsDirectory: string | undefined) {
    this.#instance = instance;
    this.#connection = connection;
    this.#martsDirectory = martsDirectory ?? mkdtempSync(join(tmpdir(), 'handoff-marts-'));
    this.#ownsMartsDirectory = martsDirectory === undefined;
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
    return new DuckDbEngine(instance, connection, options.martsDirectory);
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
   * campaign members) once more for a number nobody reads. A table's count comes with its CTAS, a mart's with its COPY.
   *
   * A staging or intermediate model's table is temporary: only the night reads it, so it is never written into the
   * database file; DuckDB keeps it in memory up to its bound and spills the rest. Writing a table into the file
   * compresses every column, and the 17 million campaign responses were written that way to be read twice: at
   * 1,000,000 leads the models stage took 98.0 s (186 s of CPU) with its tables in the file, 80.8 to 82.1 s (155 to
   * 156 s) with temporary tables.
   */
  async materialize(name: string, selectSql: string, as: Materialization = 'table', layer?: Layer): Promise<number | null> {
    if (as === 'view') {
      await this.execute(`create or replace view ${name} as\n${selectSql}`);
      return null;
    }
    if (layer === 'marts') return this.#materializeMart(name, selectSql);
    const kind = layer === 'staging' || layer === 'intermediate' ? 'temporary table' : 'table';
    const reader = await this.#connection.runAndReadAll(`create or replace ${kind} ${name} as\n${selectSql}`);
    return Number(reader.getRows()[0]?.[0] ?? 0);
  }

  /**
   * A mart is written once, as the Parquet file the night publishes (`martFile`), and read through a view over it.
   * As a table in the database file it was written twice, compressed into the file and then exported: at 1,000,000
   * leads figure_records (32 million rows) took 19.0 s as a table plus 8.6 s to export, and 10.3 s as a file, read
   * back as fast. The file is written beside its final name and renamed over it, so a view reading the previous
   * file never sees a half-written one.
   */
  async #materializeMart(name: string, selectSql: string): Promise<number> {
    const file = this.martFile(name);
    const writing = `${file}.writing`;
    mkdirSync(this.#martsDirectory, { recursive: true });
    const reader = await this.#connection.runAndReadAll(`copy (\n${selectSql}\n) to ${sqlString(writing)} (format parquet, compression zstd)`);
    renameSync(writing, file);
    await this.execute(`create or replace view ${name} as select * from read_parquet(${sqlString(file)})`);
    return Number(reader.getRows()[0]?.[0] ?? 0);
  }

  /** The Parquet file a mart built by this engine lives in (see materialize); the file exists once the mart is built. */
  martFile(name: string): string {
    return join(this.#martsDirectory, `${name}.parquet`);
  }

  /** Drops the temporary tables (the staging and intermediate models'), except those named in `keep`. */
  async dropTemporaryTables(keep: readonly string[] = []): Promise<void> {
    const tables = await this.query<{ name: string }>(`select table_name as name from duckdb_tables() where temporary order by table_name`);
    for (const { name } of tables) if (!keep.includes(name)) await this.execute(`drop table "${name}"`);
  }

  async close(): Promise<void> {
    this.#connection.closeSync();
    this.#instance.closeSync();
    if (this.#ownsMartsDirectory && existsSync(this.#martsDirectory)) rmSync(this.#martsDirectory, { recursive: true, force: true });
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

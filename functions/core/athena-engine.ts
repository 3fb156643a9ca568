import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type ColumnInfo,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import type { Engine, Materialization, Row } from './engine.ts';

/** Athena refuses a query string longer than this many bytes (UTF-8). */
export const ATHENA_MAX_QUERY_BYTES = 262_144;

/** How long to wait between polls of a running query: exponential, capped, with a bounded total. */
export interface PollPolicy {
  /** First wait after starting a query (default 200 ms). */
  initialDelayMs: number;
  /** Each wait is the previous one times this (default 2). */
  factor: number;
  /** No single wait is longer than this (default 5 s). */
  maxDelayMs: number;
  /** A query still running after this long is stopped and reported (default 10 min). */
  maxWaitMs: number;
}

export const DEFAULT_POLL_POLICY: PollPolicy = { initialDelayMs: 200, factor: 2, maxDelayMs: 5_000, maxWaitMs: 600_000 };

export interface AthenaEngineOptions {
  client: AthenaClient;
  /** The workgroup enforces the query result location and its encryption; queries never set them. */
  workGroup: string;
  /** Glue database the models are written to; unqualified table names resolve here. */
  database: string;
  /** Bucket whose `_models/` prefix holds the models' Parquet files. */
  lakeBucket: string;
  /** Names this run's folder under `_models/<name>/`, so every run writes to a fresh, empty location. */
  runId: string;
  /** Glue Data Catalog name (default AwsDataCatalog). */
  catalog?: string;
  poll?: Partial<PollPolicy>;
  /** Injected in tests so polling takes no real time. */
  sleep?: (ms: number) => Promise<void>;
}

/** A query that Athena failed or cancelled; carries the query id, its final state and Athena's reason. */
export class AthenaQueryError extends Error {
  override name = 'AthenaQueryError';
  readonly queryExecutionId: string;
  readonly state: string;
  readonly reason: string;
  constructor(label: string, queryExecutionId: string, state: string, reason: string) {
    super(`Athena query for ${label} ${state}: ${reason} (query ${queryExecutionId}; see it in the Athena console's recent queries)`);
    this.queryExecutionId = queryExecutionId;
    this.state = state;
    this.reason = reason;
  }
}

/** A query still queued or running when the engine's bounded wait ran out; it has been asked to stop. */
export class AthenaTimeoutError extends Error {
  override name = 'AthenaTimeoutError';
  readonly queryExecutionId: string;
  constructor(label: string, queryExecutionId: string, waitedMs: number) {
    super(`Athena query for ${label} did not finish within ${Math.round(waitedMs / 1000)} s and was stopped (query ${queryExecutionId}); raise the engine's maxWaitMs or make the query cheaper`);
    this.queryExecutionId = queryExecutionId;
  }
}

/** A statement longer than Athena accepts; names what it was for. */
export class AthenaQueryTooLongError extends Error {
  override name = 'AthenaQueryTooLongError';
  constructor(label: string, bytes: number) {
    super(`the SQL for ${label} is ${bytes} bytes, more than Athena's limit of ${ATHENA_MAX_QUERY_BYTES}; load large inputs from S3 (as seeds do) instead of inlining them`);
  }
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Athena engine: each statement is one query execution in the workgroup, polled with exponential
 * backoff up to a bounded wait. Models become unpartitioned Parquet tables made by CTAS (so
 * Athena's 100-partitions-per-statement limit never applies) in a fresh S3 folder per run.
 */
export class AthenaEngine implements Engine {
  readonly dialect = 'athena' as const;
  readonly database: string;
  readonly lakeBucket: string;
  readonly runId: string;
  readonly #client: AthenaClient;
  readonly #workGroup: string;
  readonly #catalog: string;
  readonly #poll: PollPolicy;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: AthenaEngineOptions) {
    assertIdentifier(options.database, 'database');
    if (!/^[a-zA-Z0-9_-]+$/.test(options.runId)) throw new Error(`run id "${options.runId}" must be letters, digits, "-" or "_" (it names an S3 folder)`);
    this.#client = options.client;
    this.#workGroup = options.workGroup;
    this.database = options.database;
    this.lakeBucket = options.lakeBucket;
    this.runId = options.runId;
    this.#catalog = options.catalog ?? 'AwsDataCatalog';
    this.#poll = { ...DEFAULT_POLL_POLICY, ...options.poll };
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async execute(sql: string, label = 'a statement'): Promise<void> {
    await this.run(sql, label);
  }

  async query<T extends Row = Row>(sql: string, label = 'a query'): Promise<T[]> {
    const id = await this.run(sql, label);
    return (await this.#readRows(id)) as T[];
  }

  /**
   * Drops the model's table (its old files stay where they were) and recreates it by CTAS in this
   * run's folder; a view model becomes an Athena view instead (no files written).
   */
  async materialize(name: string, selectSql: string, as: Materialization = 'table'): Promise<number> {
    assertIdentifier(name, 'table');
    await this.run(dropTableSql(this.database, name), name);
    if (as === 'view') {
      await this.run(createViewSql(this.database, name, selectSql), name);
      const [row] = await this.query<{ n: number }>(`select count(*) as n from "${this.database}"."${name}"`, name);
      return row?.n ?? 0;
    }
    const id = await this.run(ctasSql(this.database, name, this.modelLocation(name), selectSql), name);
    const result = await this.#client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: 1 }));
    if (result.UpdateCount !== undefined) return result.UpdateCount;
    const [row] = await this.query<{ n: number }>(`select count(*) as n from "${this.database}"."${name}"`, name);
    return row?.n ?? 0;
  }

  /** Where this run writes a model's Parquet files: `s3://<lake>/_models/<name>/<run-id>/`. */
  modelLocation(name: string): string {
    return `s3://${this.lakeBucket}/_models/${name}/${this.runId}/`;
  }

  async close(): Promise<void> {
    // Nothing to release: the client is shared and owned by the caller.
  }

  /** Starts one query, waits for it to succeed and returns its id; failures name `label`. */
  async run(sql: string, label: string): Promise<string> {
    const bytes = Buffer.byteLength(sql, 'utf8');
    if (bytes > ATHENA_MAX_QUERY_BYTES) throw new AthenaQueryTooLongError(label, bytes);
    const started = await this.#client.send(new StartQueryExecutionCommand({
      QueryString: sql,
      WorkGroup: this.#workGroup,
      QueryExecutionContext: { Catalog: this.#catalog, Database: this.database },
    }));
    const id = started.QueryExecutionId;
    if (!id) throw new Error(`Athena started the query for ${label} but returned no query execution id`);
    await this.#waitFor(id, label);
    return id;
  }

  async #waitFor(id: string, label: string): Promise<QueryExecution> {
    let delay = this.#poll.initialDelayMs;
    let waited = 0;
    for (;;) {
      const { QueryExecution: execution } = await this.#client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const state = execution?.Status?.State;
      if (state === 'SUCCEEDED') return execution!;
      if (state === 'FAILED' || state === 'CANCELLED') {
        const reason = execution?.Status?.StateChangeReason ?? execution?.Status?.AthenaError?.ErrorMessage ?? 'Athena gave no reason';
        throw new AthenaQueryError(label, id, state, reason);
      }
      if (waited >= this.#poll.maxWaitMs) {
        await this.#client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
        throw new AthenaTimeoutError(label, id, waited);
      }
      const wait = Math.min(delay, this.#poll.maxDelayMs, this.#poll.maxWaitMs - waited);
      await this.#sleep(wait);
      waited += wait;
      delay *= this.#poll.factor;
    }
  }

  async #readRows(id: string): Promise<Row[]> {
    const rows: Row[] = [];
    let token: string | undefined;
    let first = true;
    let columns: ColumnInfo[] = [];
    do {
      const page = await this.#client.send(new GetQueryResultsCommand({ QueryExecutionId: id, ...(token ? { NextToken: token } : {}) }));
      if (first) columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      const data = page.ResultSet?.Rows ?? [];
      // A SELECT's first row on the first page repeats the column names.
      for (const row of first ? data.slice(1) : data) {
        const out: Row = {};
        columns.forEach((column, i) => {
          out[column.Name!] = cellValue(row.Data?.[i]?.VarCharValue, column.Type ?? 'varchar');
        });
        rows.push(out);
      }
      first = false;
      token = page.NextToken;
    } while (token);
    return rows;
  }
}

const NUMBER_TYPES = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint', 'real', 'float', 'double', 'decimal']);

/**
 * Athena returns every cell as text; this gives the same JSON-safe values DuckDbEngine does:
 * numbers as numbers, booleans as booleans, timestamps and dates as ISO UTC instants, the rest as text.
 */
export function cellValue(text: string | undefined, type: string): string | number | boolean | null {
  if (text === undefined) return null;
  const base = type.toLowerCase().replace(/\(.*$/, '').trim();
  if (NUMBER_TYPES.has(base)) return text === '' ? null : Number(text);
  if (base === 'boolean') return text === 'true';
  if (base === 'timestamp') return isoInstant(text);
  if (base === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : text;
  return text;
}

function isoInstant(text: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/.exec(text);
  if (!match) return text;
  return `${match[1]}T${match[2]}.${(match[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
}

/** Hive DDL (Athena runs DROP TABLE as DDL), so names are quoted with backticks, not double quotes. */
export function dropTableSql(database: string, name: string): string {
  return `drop table if exists \`${database}\`.\`${name}\``;
}

/** The CTAS that writes one model: Parquet, unpartitioned, in its own folder. */
export function ctasSql(database: string, name: string, location: string, selectSql: string): string {
  return `create table "${database}"."${name}"\nwith (format = 'PARQUET', write_compression = 'ZSTD', external_location = '${location}')\nas\n${selectSql}`;
}

/** The statement that keeps a view model: its query, no files. */
export function createViewSql(database: string, name: string, selectSql: string): string {
  return `create or replace view "${database}"."${name}" as\n${selectSql}`;
}

function assertIdentifier(name: string, what: string): void {
  if (!IDENTIFIER.test(name)) throw new Error(`${what} name "${name}" must be lower-case letters, digits and "_" (a Glue/Athena identifier)`);
}

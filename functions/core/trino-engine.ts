import { cellValue } from './athena-engine.ts';
import type { Engine, Row } from './engine.ts';

export interface TrinoEngineOptions {
  /** The coordinator's base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Catalog unqualified names resolve in (`hive`). */
  catalog: string;
  /** Schema the models are written to; Athena's models database. */
  schema: string;
  user?: string;
  /** A query still running after this long is cancelled and reported (default 10 min). */
  maxWaitMs?: number;
}

/** What Trino read for one statement: the bytes Athena would bill it for, before its 10 MB minimum. */
export interface TrinoQueryStat {
  label: string;
  /** Athena bills queries and CTAS; DDL (drop, create schema, table or view, procedures) is free. */
  billed: boolean;
  physicalInputBytes: number;
  elapsedMs: number;
}

/** A statement Trino failed; carries Trino's error name and message and what the statement was for. */
export class TrinoQueryError extends Error {
  override name = 'TrinoQueryError';
  readonly errorName: string;
  constructor(label: string, errorName: string, message: string) {
    super(`Trino query for ${label} failed: ${errorName}: ${message}`);
    this.errorName = errorName;
  }
}

interface StatementResponse {
  id: string;
  nextUri?: string;
  columns?: Array<{ name: string; type: string }>;
  data?: unknown[][];
  updateCount?: number;
  stats: { state: string; physicalInputBytes?: number; elapsedTimeMillis?: number };
  error?: { errorName: string; message: string };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const DDL = /^\s*(drop|create|alter|call)\b/i;

/**
 * Runs the models on a Trino server over its HTTP client protocol (POST /v1/statement, then follow
 * nextUri): the open-source engine Athena v3 is built on, so the SQL Athena gets can be run and
 * its marts compared with DuckDB's. Models become Parquet tables in the Hive catalog. Every
 * statement's physical input bytes are kept, to price a night on Athena.
 */
export class TrinoEngine implements Engine {
  readonly dialect = 'athena' as const;
  readonly schema: string;
  readonly stats: TrinoQueryStat[] = [];
  readonly #url: string;
  readonly #headers: Record<string, string>;
  readonly #maxWaitMs: number;

  constructor(options: TrinoEngineOptions) {
    assertIdentifier(options.schema, 'schema');
    this.schema = options.schema;
    this.#url = options.url.replace(/\/$/, '');
    this.#maxWaitMs = options.maxWaitMs ?? 600_000;
    // Athena runs every query in UTC; so does this session, whatever the server's clock says.
    this.#headers = {
      'X-Trino-User': options.user ?? 'handoff',
      'X-Trino-Catalog': options.catalog,
      'X-Trino-Schema': options.schema,
      'X-Trino-Time-Zone': 'UTC',
    };
  }

  async execute(sql: string, label = 'a statement'): Promise<void> {
    await this.run(sql, label);
  }

  async query<T extends Row = Row>(sql: string, label = 'a query'): Promise<T[]> {
    return (await this.run(sql, label)).rows as T[];
  }

  /** Drops the model's table and recreates it by CTAS as Parquet; returns the rows written. */
  async materialize(name: string, selectSql: string): Promise<number> {
    assertIdentifier(name, 'table');
    await this.run(`drop table if exists "${this.schema}"."${name}"`, name);
    const { updateCount } = await this.run(`create table "${this.schema}"."${name}"\nwith (format = 'PARQUET')\nas\n${selectSql}`, name, true);
    return updateCount ?? 0;
  }

  async close(): Promise<void> {
    // Nothing to release: each statement is its own HTTP exchange.
  }

  /** Runs one statement to completion, bounded by maxWaitMs; failures name `label`. `billed`: see TrinoQueryStat. */
  async run(sql: string, label: string, billed = !DDL.test(sql)): Promise<{ rows: Row[]; updateCount?: number }> {
    const started = Date.now();
    let response = await this.#send(`${this.#url}/v1/statement`, { method: 'POST', body: sql, headers: this.#headers }, label);
    const rows: Row[] = [];
    let columns: StatementResponse['columns'];
    for (;;) {
      columns ??= response.columns;
      for (const values of response.data ?? []) rows.push(toRow(columns!, values));
      if (response.error) throw new TrinoQueryError(label, response.error.errorName, response.error.message);
      if (!response.nextUri) break;
      if (Date.now() - started > this.#maxWaitMs) {
        await fetch(response.nextUri, { method: 'DELETE' }).catch(() => undefined);
        throw new TrinoQueryError(label, 'TIMEOUT', `still ${response.stats.state} after ${Math.round(this.#maxWaitMs / 1000)} s; it was cancelled`);
      }
      response = await this.#send(response.nextUri, { method: 'GET', headers: this.#headers }, label);
    }
    this.stats.push({ label, billed, physicalInputBytes: response.stats.physicalInputBytes ?? 0, elapsedMs: response.stats.elapsedTimeMillis ?? 0 });
    return { rows, ...(response.updateCount !== undefined ? { updateCount: response.updateCount } : {}) };
  }

  async #send(url: string, init: RequestInit, label: string): Promise<StatementResponse> {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new TrinoQueryError(label, `HTTP ${response.status}`, (await response.text()).slice(0, 500));
    return (await response.json()) as StatementResponse;
  }
}

/** Trino sends JSON values; the rest of the code wants those Athena's text cells become (`cellValue`). */
function toRow(columns: Array<{ name: string; type: string }>, values: unknown[]): Row {
  const row: Row = {};
  columns.forEach((column, i) => {
    const value = values[i];
    if (value === null || value === undefined) row[column.name] = null;
    else if (typeof value === 'object') row[column.name] = JSON.stringify(value);
    else row[column.name] = cellValue(String(value), column.type);
  });
  return row;
}

function assertIdentifier(name: string, what: string): void {
  if (!IDENTIFIER.test(name)) throw new Error(`${what} name "${name}" must be lower-case letters, digits and "_"`);
}

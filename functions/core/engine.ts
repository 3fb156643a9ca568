/** The one interface both engines (DuckDB here, Athena in AWS) implement, so models run unchanged on either. */

export type Dialect = 'duckdb' | 'athena';

/**
 * How a model is kept: a table (its rows written), or a view (its query kept) for a model that only
 * unions or filters others, so tens of millions of rows are not copied once more.
 */
export type Materialization = 'table' | 'view';

/** The model layers, in the order the night runs them (sql/<layer>/). */
export type Layer = 'staging' | 'intermediate' | 'marts';

/** A row of a small, aggregated result, already converted to JSON-safe values. */
export type Row = Record<string, string | number | boolean | null>;

export interface Engine {
  readonly dialect: Dialect;
  /** Runs a statement for its effect. */
  execute(sql: string): Promise<void>;
  /** Runs a query whose result is small (aggregates, site data) and returns JSON-safe rows. */
  query<T extends Row = Row>(sql: string): Promise<T[]>;
  /**
   * Builds a model's table (or view) from its rendered SELECT; returns the row count, or null where
   * counting would cost a query of its own (a DuckDB view: its query would run once more just to be counted).
   * `layer` says who reads the table: a mart is exported and published, a staging or intermediate model is read
   * only by the night itself, so an engine may keep it more cheaply (DuckDB: a Parquet file compressed for speed, not size).
   */
  materialize(name: string, selectSql: string, as?: Materialization, layer?: Layer): Promise<number | null>;
  close(): Promise<void>;
}

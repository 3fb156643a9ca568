import { join } from 'node:path';
import { DuckDbEngine } from '../../functions/core/duckdb-engine.ts';
import type { Row } from '../../functions/core/engine.ts';
import { sqlString } from '../../functions/core/sql.ts';
import type { TrinoEngine } from '../../functions/core/trino-engine.ts';

/** Doubles that are not money may differ in their last bits between engines (summation order); nothing else may. */
export const RELATIVE_TOLERANCE = 1e-9;

/** One difference between the DuckDB and the Trino mart, in words a reader can act on. */
export type MartDifference = string;

/**
 * Compares one mart as DuckDB wrote it (`<outDir>/marts/<mart>.parquet`) with the same mart as
 * Trino wrote it (its table's Parquet files): both read back through one DuckDB reader, so a
 * difference is in the values, never in how two clients print them. Rows are matched after a
 * sort on every column; integers, text, dates, times, decimals and money compare exactly, other
 * doubles within RELATIVE_TOLERANCE.
 */
export async function compareMart(outDir: string, trino: TrinoEngine, mart: string): Promise<MartDifference[]> {
  const files = (await trino.query<{ path: string }>(`select distinct "$path" as path from "${trino.schema}"."${mart}"`, mart)).map((r) => r.path.replace(/^local:\/\//, ''));
  const duck = await DuckDbEngine.open({ threads: 1 });
  try {
    const duckSource = `read_parquet(${sqlString(join(outDir, 'marts', `${mart}.parquet`))})`;
    const types = await duck.query<{ column_name: string; column_type: string }>(`select column_name, column_type from (describe select * from ${duckSource})`);
    const expected = await duck.query(`select * from ${duckSource}`);
    const actual = files.length ? await duck.query(`select * from read_parquet([${files.map(sqlString).join(', ')}])`) : [];
    const differences: MartDifference[] = [];
    const trinoColumns = files.length ? Object.keys(actual[0] ?? {}) : types.map((t) => t.column_name);
    const missing = types.map((t) => t.column_name).filter((c) => !trinoColumns.includes(c));
    if (missing.length) differences.push(`${mart}: Trino has no column ${missing.join(', ')}`);
    if (expected.length !== actual.length) differences.push(`${mart}: DuckDB has ${expected.length} rows, Trino ${actual.length}`);
    if (differences.length) return differences;
    const inexact = new Set(types.filter((t) => t.column_type === 'DOUBLE' || t.column_type === 'FLOAT').map((t) => t.column_name).filter((c) => !isMoney(c)));
    const columns = types.map((t) => t.column_name);
    const [left, right] = [sortRows(expected, columns), sortRows(actual, columns)];
    left.forEach((row, i) => {
      for (const column of columns) {
        const a = row[column] ?? null;
        const b = right[i]![column] ?? null;
        if (!valuesMatch(a, b, inexact.has(column))) {
          differences.push(`${mart} row ${i + 1} ${column}: DuckDB ${JSON.stringify(a)}, Trino ${JSON.stringify(b)} (row ${JSON.stringify(row)})`);
        }
      }
    });
    return differences;
  } finally {
    await duck.close();
  }
}

/** Money columns hold amounts, costs, revenue and pipeline; those must agree to the cent, so exactly. */
function isMoney(column: string): boolean {
  return /(amount|cost|revenue|pipeline|spend|_usd|_eur)/.test(column) && !/(_rate|_ratio|roi|_share|_per_|pct)/.test(column);
}

function valuesMatch(a: Row[string], b: Row[string], inexact: boolean): boolean {
  if (a === b) return true;
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  if (!inexact) return false;
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** Sorts on every column in order; doubles by 8 significant digits, so last-bit noise cannot reorder rows. */
function sortRows(rows: Row[], columns: string[]): Row[] {
  const key = (row: Row) => JSON.stringify(columns.map((c) => {
    const v = row[c] ?? null;
    return typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(8)) : v;
  }));
  return rows.map((row) => [key(row), row] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

import parserPackage from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { loadMacros, loadModels, renderModel, type RenderContext } from '../../functions/core/sql.ts';

// node-sql-parser accepts a few things Trino does not (`::` casts) and knows no function names,
// so the grammar check is paired with a list of DuckDB-only syntax and functions.
const DUCKDB_ONLY: Array<[RegExp, string]> = [
  [/::/, ':: cast'],
  [/\bfilter\s*\(\s*where\b/i, 'FILTER (WHERE …)'],
  [/\bqualify\b/i, 'QUALIFY'],
  [/\bgroup\s+by\s+all\b/i, 'GROUP BY ALL'],
  [/\bexclude\s*\(/i, 'EXCLUDE'],
  [/\b(strftime|strptime|epoch|quantile_cont|median|to_seconds|regexp_full_match|list_value|struct_pack|read_parquet|read_csv)\s*\(/i, 'DuckDB-only function'],
];

const athena: RenderContext = {
  dialect: 'athena',
  ref: (name) => `"handoff"."${name}"`,
  source: (source, object) => `"handoff_lake"."${source}_${object}"`,
};

const { Parser } = parserPackage as unknown as { Parser: new () => { astify(sql: string, options: { database: string }): unknown } };

describe('every model renders to SQL Athena (Trino) can run', () => {
  const macros = loadMacros();
  const models = loadModels();

  it('finds the models', () => {
    expect(models.length).toBeGreaterThanOrEqual(20);
  });

  for (const model of models) {
    it(`${model.name} parses with the Trino grammar and uses no DuckDB-only syntax`, () => {
      const sql = renderModel(model, macros, athena);
      expect(sql).not.toMatch(/\{\{|\}\}/);
      expect(() => new Parser().astify(sql, { database: 'trino' })).not.toThrow();
      for (const [pattern, what] of DUCKDB_ONLY) expect(pattern.test(sql), `${model.name} uses ${what}`).toBe(false);
    });
  }

  it('the check itself rejects DuckDB-only syntax', () => {
    const bad = ['select x::int from t', 'select count(*) filter (where a) from t', "select strftime(a, '%Y') from t"];
    for (const sql of bad) expect(DUCKDB_ONLY.some(([pattern]) => pattern.test(sql))).toBe(true);
    expect(() => new Parser().astify('select a from t qualify row_number() over () = 1', { database: 'trino' })).toThrow();
  });
});

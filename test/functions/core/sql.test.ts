import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataTestSql, loadMacros, loadModels, orderModels, renderModel } from '../../../functions/core/sql.ts';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-sql-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('SQL rendering', () => {
  const dir = project({
    'macros/add_one.sql': "-- macro add_one(x): test macro\n-- duckdb\n({{ x }} + 1)\n-- athena\nplus_one({{ x }})\n",
    'staging/stg_a.sql': "-- stg_a: a\n-- grain: one row per a\nselect * from {{ source('crm', 'a') }}\n",
    'marts/m.sql': "-- m: the mart\n-- grain: one row per a\n-- column n: a number\nselect {{ add_one('stg_a.n') }} as n from {{ ref('stg_a') }}\n",
  });

  it('reads grain, column docs and refs from the model header', () => {
    const models = loadModels(dir);
    const mart = models.find((m) => m.name === 'm')!;
    expect(mart).toMatchObject({ layer: 'marts', description: 'the mart', grain: 'one row per a', refs: ['stg_a'], columns: [{ name: 'n', description: 'a number' }] });
  });

  it('renders refs, sources and the macro variant of each engine', () => {
    const macros = loadMacros(dir);
    const mart = loadModels(dir).find((m) => m.name === 'm')!;
    const duck = renderModel(mart, macros, { dialect: 'duckdb', ref: (n) => n, source: (s, o) => `${s}_${o}` });
    const athena = renderModel(mart, macros, { dialect: 'athena', ref: (n) => `"db"."${n}"`, source: (s, o) => `${s}_${o}` });
    expect(duck).toContain('select (stg_a.n + 1) as n from stg_a');
    expect(athena).toContain('select plus_one(stg_a.n) as n from "db"."stg_a"');
  });

  it('orders models after what they ref and names a missing ref', () => {
    const models = loadModels(dir);
    expect(orderModels(models, []).map((m) => m.name)).toEqual(['stg_a', 'm']);
    const broken = project({ 'marts/x.sql': "-- x\n-- grain: one row\nselect * from {{ ref('nope') }}\n" });
    expect(() => orderModels(loadModels(broken), [])).toThrow('x refs nope, which is neither a model nor a seed');
  });

  it('refuses a model without a stated grain', () => {
    const noGrain = project({ 'marts/y.sql': '-- y: no grain\nselect 1\n' });
    expect(() => loadModels(noGrain)).toThrow(/grain/);
  });
});

describe('range and expression data tests', () => {
  it('reads accepted_range and expression_is_true lines, and counts the rows outside', async () => {
    const dir = project({
      'marts/rates.sql': [
        '-- rates: test model', '-- grain: one row per month',
        '-- test accepted_range: rate, share between 0 and 1', '-- test accepted_range: days >= 0',
        '-- test expression_is_true: mql_at <= sal_at',
        "select * from (values (0.5, 1.0, -1.0, timestamp '2026-10-02 10:00:00', timestamp '2026-10-01 10:00:00'), (1.5, 0.0, 3.0, null, timestamp '2026-10-01 10:00:00')) as t(rate, share, days, mql_at, sal_at)",
      ].join('\n'),
    });
    const [model] = loadModels(dir);
    expect(model!.tests).toEqual([
      { kind: 'accepted_range', column: 'rate', range: { min: 0, max: 1 } },
      { kind: 'accepted_range', column: 'share', range: { min: 0, max: 1 } },
      { kind: 'accepted_range', column: 'days', range: { min: 0 } },
      { kind: 'expression_is_true', column: 'mql_at <= sal_at' },
    ]);
    const { DuckDbEngine } = await import('../../../functions/core/duckdb-engine.ts');
    const engine = await DuckDbEngine.open();
    try {
      await engine.execute(`create table rates as ${renderModel(model!, loadMacros(dir), { dialect: 'duckdb', ref: (n) => n, source: (s, o) => `${s}_${o}` })}`);
      const failures = [];
      for (const test of model!.tests) failures.push(Number((await engine.query<{ failures: number }>(dataTestSql('rates', test)))[0]!.failures));
      // rate 1.5 is above 1; shares are in range; days -1 is below 0; the first row's MQL comes after its SAL (the second's MQL is null: no failure).
      expect(failures).toEqual([1, 0, 1, 1]);
    } finally {
      await engine.close();
    }
  });

  it('refuses a range it cannot read', () => {
    const dir = project({ 'marts/bad.sql': '-- bad: test\n-- grain: one row per x\n-- test accepted_range: rate from 0 to 1\nselect 1 as rate\n' });
    expect(() => loadModels(dir)).toThrow(/accepted_range: column between 0 and 1/);
  });
});

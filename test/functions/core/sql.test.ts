import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../../functions/core/engine.ts';
import { dataTestSql, loadMacros, loadModels, orderModels, renderModel } from '../../../functions/core/sql.ts';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-sql-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/**
 * Renders one model of `dir` for an engine's dialect (sources named `<source>_<object>`) and runs it on a fresh DuckDB
 * holding the tables of `setup`: both macro variants must give the same rows, and DuckDB runs either.
 */
async function runModel<T extends Row>(dir: string, name: string, dialect: 'duckdb' | 'athena', setup: string, query: (sql: string) => string): Promise<T[]> {
  const model = loadModels(dir).find((m) => m.name === name)!;
  const sql = renderModel(model, loadMacros(), { dialect, ref: (n) => n, source: (s, o) => `${s}_${o}` });
  const { DuckDbEngine } = await import('../../../functions/core/duckdb-engine.ts');
  const engine = await DuckDbEngine.open();
  try {
    await engine.execute(setup);
    return await engine.query<T>(query(sql));
  } finally {
    await engine.close();
  }
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

  it('passes a relation to a macro as ref() or source(), which renders there and counts as a dependency', () => {
    const withRelation = project({
      'macros/count_of.sql': '-- macro count_of(relation): test macro\n-- duckdb\n(select count(*) from {{ relation }})\n-- athena\n(select count(*) from {{ relation }})\n',
      'staging/stg_a.sql': "-- stg_a: a\n-- grain: one row per a\nselect * from {{ source('crm', 'a') }}\n",
      'marts/counts.sql': "-- counts: counts\n-- grain: one row\nselect {{ count_of(ref('stg_a')) }} as a, {{ count_of(source('crm', 'b')) }} as b\n",
    });
    const models = loadModels(withRelation);
    const counts = models.find((m) => m.name === 'counts')!;
    expect(counts).toMatchObject({ refs: ['stg_a'], sources: [{ source: 'crm', object: 'b' }] });
    expect(orderModels(models, []).map((m) => m.name)).toEqual(['stg_a', 'counts']);
    const duck = renderModel(counts, loadMacros(withRelation), { dialect: 'duckdb', ref: (n) => `models.${n}`, source: (s, o) => `${s}_${o}` });
    expect(duck).toContain('select (select count(*) from models.stg_a) as a, (select count(*) from crm_b) as b');
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

describe('latest_versions', () => {
  // Each record's latest version: newest change, then newest export, then the last row of the file. On DuckDB a key seen
  // once is taken as it is and only repeated keys are ranked; the Athena variant ranks every row. Both must keep the same rows.
  const dir = project({
    'staging/stg_things.sql': [
      '-- stg_things: the latest version of each thing', '-- grain: one row per source and thing',
      "select * from {{ latest_versions(source('crm', 'thing'), 'origin, thing_id', 'modified_at') }} as latest",
    ].join('\n'),
  });
  const rows = [
    // [origin, thing_id, modified_at, export_date, source_row_number, label]
    ['a', 'k1', '2026-11-19 10:00:00', '2026-11-19', 1, 'k1 alone'],
    ['a', 'k2', '2026-11-19 10:00:00', '2026-11-19', 5, 'k2 older export'],
    ['a', 'k2', '2026-11-19 10:00:00', '2026-11-20', 1, 'k2 newest change, newest export'],
    ['a', 'k2', '2026-11-19 09:00:00', '2026-11-21', 9, 'k2 older change'],
    ['a', 'k3', '2026-11-19 12:00:00', '2026-11-20', 2, 'k3 earlier row'],
    ['a', 'k3', '2026-11-19 12:00:00', '2026-11-20', 7, 'k3 last row'],
    ['b', 'k1', '2026-11-18 08:00:00', '2026-11-18', 3, 'k1 of the other source'],
  ];

  it.each(['duckdb', 'athena'] as const)('keeps the newest change, then the newest export, then the last row (%s variant)', async (dialect) => {
    const values = rows.map(([o, k, m, e, r, l]) => `('${o}', '${k}', timestamp '${m}', date '${e}', ${r}, '${l}')`).join(', ');
    const kept = await runModel<{ label: string; version_rank: number }>(dir, 'stg_things', dialect,
      `create table crm_thing as select * from (values ${values}) as t(origin, thing_id, modified_at, export_date, source_row_number, label)`,
      (sql) => `select label, version_rank from (${sql}) as staged order by origin, thing_id`);
    expect(kept.map((row) => [row.label, Number(row.version_rank)])).toEqual([
      ['k1 alone', 1],
      ['k2 newest change, newest export', 1],
      ['k3 last row', 1],
      ['k1 of the other source', 1],
    ]);
  });
});

describe('grouped_by_key', () => {
  // One row per key with its aggregates. On DuckDB a key seen once takes its row as it is (`one_row`), and only repeated
  // keys are grouped; the Athena variant groups every row. Both must give the same rows.
  const dir = project({
    'marts/firsts.sql': [
      '-- firsts: each person\'s first touch of each campaign', '-- grain: one row per campaign and person',
      "select * from {{ grouped_by_key(source('crm', 'touch'), 'campaign_id, person_id', 'touched_at as first_at, 1 as times', 'min(touched_at) as first_at, count(*) as times') }} as firsts",
    ].join('\n'),
  });

  it.each(['duckdb', 'athena'] as const)('gives each key its aggregates, whether it has one row or several (%s variant)', async (dialect) => {
    const rows = await runModel<{ campaign_id: string; person_id: string; first_at: string; times: number }>(dir, 'firsts', dialect,
      `create table crm_touch as select * from (values
        ('c1', 'p1', timestamp '2026-11-02 09:00:00'),
        ('c1', 'p2', timestamp '2026-11-03 09:00:00'), ('c1', 'p2', timestamp '2026-11-01 08:00:00'), ('c1', 'p2', timestamp '2026-11-05 10:00:00'),
        ('c2', 'p1', timestamp '2026-11-04 12:00:00')) as t(campaign_id, person_id, touched_at)`,
      (sql) => `select campaign_id, person_id, strftime(first_at, '%Y-%m-%d %H:%M') as first_at, times from (${sql}) as firsts order by campaign_id, person_id`);
    // p2's three touches of c1: the first on 1 November at 08:00.
    expect(rows.map((r) => [r.campaign_id, r.person_id, r.first_at, Number(r.times)])).toEqual([
      ['c1', 'p1', '2026-11-02 09:00', 1],
      ['c1', 'p2', '2026-11-01 08:00', 3],
      ['c2', 'p1', '2026-11-04 12:00', 1],
    ]);
  });
});

describe('CTEs that only read a relation', () => {
  const dir = project({
    'marts/won.sql': [
      '-- won: won deals', '-- grain: one row per deal',
      'with deals as (',
      "    select * from {{ ref('stg_deals') }}",
      '    where is_won',
      '        and amount > 0',
      '),',
      '',
      'owners as (',
      "    select * from {{ ref('stg_owners') }} as o join {{ ref('stg_teams') }} as t on t.team_id = o.team_id",
      '),',
      '',
      'final as (',
      '    select deals.deal_id from deals join owners on owners.owner_id = deals.owner_id where deals.amount > (select avg(amount) from deals)',
      ')',
      '',
      'select * from final',
    ].join('\n'),
  });

  it('are read where they are used on DuckDB (not materialized), and left as written for Athena', () => {
    const model = loadModels(dir).find((m) => m.name === 'won')!;
    const duck = renderModel(model, loadMacros(), { dialect: 'duckdb', ref: (n) => n, source: (s, o) => `${s}_${o}` });
    const athena = renderModel(model, loadMacros(), { dialect: 'athena', ref: (n) => n, source: (s, o) => `${s}_${o}` });
    // deals reads one model (filtered): inlined; owners joins two: DuckDB may keep it once; final is no relation read.
    expect(duck).toContain('with deals as not materialized (\n    select * from stg_deals\n    where is_won\n        and amount > 0\n),');
    expect(duck).toContain('owners as (\n');
    expect(duck).toContain('final as (\n');
    expect(athena).not.toContain('materialized');
  });
});

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMacros, loadModels, orderModels, renderModel } from '../../../functions/core/sql.ts';

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

import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AthenaEngine } from '../../../functions/core/athena-engine.ts';
import { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import { exportMarts } from '../../../functions/core/models.ts';
import { loadModels } from '../../../functions/core/sql.ts';
import { resultPage } from '../models/fake-athena.ts';

const athena = mockClient(AthenaClient);
afterEach(() => {
  athena.reset();
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-sql-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('a model kept as a view (-- materialized: view)', () => {
  it('reads the setting from the header: view when stated, table by default, anything else refused', () => {
    // Prepare
    const dir = project({
      'intermediate/int_u.sql': '-- int_u: a union\n-- grain: one row per a\n-- materialized: view\nselect 1 as a\n',
      'intermediate/int_t.sql': '-- int_t: a table\n-- grain: one row per a\nselect 1 as a\n',
    });
    const bad = project({ 'intermediate/int_x.sql': '-- int_x\n-- grain: one row\n-- materialized: ephemeral\nselect 1\n' });

    // Act
    const byName = Object.fromEntries(loadModels(dir).map((m) => [m.name, m.materialized]));

    // Assess
    expect(byName).toEqual({ int_t: 'table', int_u: 'view' });
    expect(() => loadModels(bad)).toThrow(/"-- materialized:" is table or view, not "ephemeral"/);
  });

  it('the union-only models and two models read by one model alone are views; the other staging models and the marts are tables', () => {
    const models = loadModels();
    const views = models.filter((m) => m.materialized === 'view').map((m) => m.name).sort();
    expect(views).toEqual([
      'int_activities', 'int_campaign_costs', 'int_campaign_figure_records', 'int_campaigns', 'int_marketing_touches', 'int_owner_periods',
      'int_stage_events_observed', 'int_users', 'stg_salesforce__campaign_members',
    ]);
    // Each of the two is read by one model only, so a view is computed once, as a table would be.
    const readers = (name: string) => models.filter((m) => m.refs.includes(name)).map((m) => m.name);
    expect(readers('stg_salesforce__campaign_members')).toEqual(['int_marketing_touches_from_salesforce']);
    expect(readers('int_campaign_figure_records')).toEqual(['figure_records']);
    expect(models.filter((m) => m.layer === 'marts').every((m) => m.materialized === 'table')).toBe(true);
  });

  it('DuckDB keeps a view: it follows its tables and holds no rows of its own', async () => {
    // Prepare
    const engine = await DuckDbEngine.open();
    await engine.execute('create table a as select * from (values (1), (2)) t(n)');

    // Act
    const rows = await engine.materialize('u', 'select n from a union all select n + 10 from a', 'view');
    await engine.execute('insert into a values (3)');
    const [kind] = await engine.query<{ t: string }>(`select table_type as t from information_schema.tables where table_name = 'u'`);
    const [after] = await engine.query<{ n: number; s: number }>('select count(*) as n, sum(n) as s from u');
    await engine.close();

    // Assess: not counted when made (counting would run its query once more); after a third row in a,
    // 3 + 3 rows summing 1+2+3 + 11+12+13 = 42.
    expect(rows).toBeNull();
    expect(kind!.t).toBe('VIEW');
    expect(after).toEqual({ n: 6, s: 42 });
  });

  it('DuckDB counts a model\'s rows as it writes them, without a query of its own', async () => {
    // Prepare
    const engine = await DuckDbEngine.open();
    await engine.execute('create table a as select * from (values (1), (2), (3)) t(n)');

    // Act
    const rows = await engine.materialize('t', 'select n * 10 as n from a where n > 1');
    const empty = await engine.materialize('e', 'select n from a where n > 3');
    const [sum] = await engine.query<{ s: number }>('select sum(n) as s from t');
    await engine.close();

    // Assess: 2 and 3 pass the filter, so 2 rows summing 20 + 30 = 50; nothing is above 3.
    expect(rows).toBe(2);
    expect(empty).toBe(0);
    expect(sum!.s).toBe(50);
  });

  it('DuckDB keeps every model as a Parquet file read through a view: lz4 for the night\'s own models, zstd for the published marts', async () => {
    // Prepare: a night's database file and its models folder
    const dir = mkdtempSync(join(tmpdir(), 'handoff-layers-'));
    const modelsDirectory = join(dir, 'models');
    const engine = await DuckDbEngine.open({ path: join(dir, 'night.duckdb'), modelsDirectory });
    await engine.execute('create table src as select * from (values (1), (2), (3)) t(n)');

    // Act
    const staged = await engine.materialize('stg_s', 'select n from src', 'table', 'staging');
    const intermediate = await engine.materialize('int_i', 'select n * 2 as n from stg_s', 'table', 'intermediate');
    const mart = await engine.materialize('m', 'select sum(n) as total from int_i', 'table', 'marts');
    const kinds = await engine.query<{ name: string; kind: string }>(
      `select table_name as name, table_type as kind from information_schema.tables where table_name in ('stg_s', 'int_i', 'm') order by table_name`);
    const codecs = await engine.query<{ file: string; codec: string }>(
      `select distinct parse_filename(file_name) as file, compression as codec from parquet_metadata('${join(modelsDirectory, '*.parquet')}') order by file`);
    await engine.close();
    const reopened = await DuckDbEngine.open({ path: join(dir, 'night.duckdb') });
    const [total] = await reopened.query<{ total: number }>('select total from m');
    await reopened.close();

    // Assess: 3 rows, doubled to 2 + 4 + 6 = 12; the views outlive the connection and still read the files, which the
    // engine was given and so leaves in place
    expect([staged, intermediate, mart]).toEqual([3, 3, 1]);
    expect(kinds).toEqual([{ name: 'int_i', kind: 'VIEW' }, { name: 'm', kind: 'VIEW' }, { name: 'stg_s', kind: 'VIEW' }]);
    expect(codecs).toEqual([{ file: 'int_i.parquet', codec: 'LZ4_RAW' }, { file: 'm.parquet', codec: 'ZSTD' }, { file: 'stg_s.parquet', codec: 'LZ4_RAW' }]);
    expect(total!.total).toBe(12);
    expect(readdirSync(modelsDirectory).sort()).toEqual(['int_i.parquet', 'm.parquet', 'stg_s.parquet']);
  });

  it('DuckDB rebuilds a mart over the file its view reads, and removes a models folder of its own when closed', async () => {
    // Prepare: no models folder given, so the engine makes one
    const engine = await DuckDbEngine.open();
    await engine.execute('create table src as select * from (values (1), (2), (3)) t(n)');
    await engine.materialize('m', 'select n from src where n > 1', 'table', 'marts');
    const [first] = await engine.query<{ n: number; s: number }>('select count(*) as n, sum(n) as s from m');

    // Act: the same mart again, from a query that reads its own previous rows
    const rows = await engine.materialize('m', 'select n * 10 as n from m', 'table', 'marts');
    const [second] = await engine.query<{ n: number; s: number }>('select count(*) as n, sum(n) as s from m');
    const folder = dirname(engine.modelFile('m'));
    const before = readdirSync(folder);
    await engine.close();

    // Assess: 2 + 3 = 5, then 20 + 30 = 50 from the same 2 rows; no half-written file left beside it; the folder goes
    expect(first).toEqual({ n: 2, s: 5 });
    expect(rows).toBe(2);
    expect(second).toEqual({ n: 2, s: 50 });
    expect(before).toEqual(['m.parquet']);
    expect(existsSync(folder)).toBe(false);
  });

  it('the marts export links each mart\'s file into marts/ (no bytes written again)', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'handoff-export-'));
    const engine = await DuckDbEngine.open({ modelsDirectory: join(dir, 'models') });
    for (const mart of loadModels().filter((m) => m.layer === 'marts')) await engine.materialize(mart.name, 'select 1 as n', 'table', 'marts');

    // Act
    const marts = await exportMarts(engine, join(dir, 'out'));
    await engine.close();

    // Assess: every mart's file is the engine's file (same inode, two links)
    expect(marts.length).toBe(loadModels().filter((m) => m.layer === 'marts').length);
    for (const mart of marts) {
      const published = statSync(join(dir, 'out', 'marts', `${mart}.parquet`));
      expect(published.ino, mart).toBe(statSync(join(dir, 'models', `${mart}.parquet`)).ino);
      expect(published.nlink, mart).toBe(2);
    }
  });

  it('Athena keeps a view: drops an older table of that name, creates the view (no files), counts its rows', async () => {
    // Prepare
    const engine = new AthenaEngine({
      client: new AthenaClient({ region: 'us-east-1' }),
      workGroup: 'handoff', database: 'handoff_models', lakeBucket: 'handoff-lake', runId: '20261120T020000Z-abcd1234',
      sleep: async () => {},
    });
    athena.on(StartQueryExecutionCommand).resolvesOnce({ QueryExecutionId: 'q1' }).resolvesOnce({ QueryExecutionId: 'q2' }).resolvesOnce({ QueryExecutionId: 'q3' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand, { QueryExecutionId: 'q3' }).resolves(resultPage([['n', 'bigint']], [['n'], ['7']]));

    // Act
    const rows = await engine.materialize('int_users', 'select user_id from "handoff_models"."stg_salesforce__users"', 'view');

    // Assess
    expect(rows).toBe(7);
    expect(athena.commandCalls(StartQueryExecutionCommand).map((call) => call.args[0].input.QueryString)).toEqual([
      'drop table if exists `handoff_models`.`int_users`',
      'create or replace view "handoff_models"."int_users" as\nselect user_id from "handoff_models"."stg_salesforce__users"',
      'select count(*) as n from "handoff_models"."int_users"',
    ]);
  });
});

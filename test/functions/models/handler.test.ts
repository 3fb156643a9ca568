import {
  CreateTableCommand, DeleteTableCommand, EntityNotFoundException, GetTableCommand, GetTablesCommand, GlueClient, UpdateTableCommand, BatchDeleteTableCommand,
} from '@aws-sdk/client-glue';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import parserPackage from 'node-sql-parser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../../functions/core/errors.ts';
import { SEED_NAMES } from '../../../functions/core/seeds.ts';
import { loadModels } from '../../../functions/core/sql.ts';
import { CANONICAL_OBJECT_NAMES } from '../../../functions/core/catalogue.ts';
import { LateDeliveryError, type ModelsSummary } from '../../../functions/models/finish.ts';
import type { NightPlan, PlannedTable } from '../../../functions/models/plan.ts';
import { fakeAthena, type FakeAnswer } from './fake-athena.ts';

/** The SELECT of a planned CTAS or CREATE VIEW. */
const bodyOf = (sql: string) => (sql.startsWith('create or replace view') ? sql.slice(sql.indexOf(' as\n') + 4) : sql.slice(sql.indexOf('\nas\n') + 4));

const { Parser } = parserPackage as unknown as { Parser: new () => { astify(sql: string, options: { database: string }): unknown } };

const ENV = {
  AWS_REGION: 'us-east-1',
  ATHENA_WORKGROUP: 'handoff',
  GLUE_DATABASE: 'handoff_models',
  LAKE_DATABASE: 'handoff_lake',
  LAKE_BUCKET: 'handoff-lake',
  // One mapped CSV source (Pipedrive people as leads), so the mapped views union a real table.
  CONFIG_JSON: JSON.stringify({ company: { name: 'Acme' }, mapped_sources: { pipedrive: { files: { people: { object: 'lead', columns: { lead_id: 'Person ID', created_at: 'Person created' } } } } } }),
  POWERTOOLS_METRICS_NAMESPACE: 'Handoff',
};

const context = {
  functionName: 'handoff-models', awsRequestId: 'abcd1234-0000-4000-8000-000000000000', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:handoff-models',
  memoryLimitInMB: '512', getRemainingTimeInMillis: () => 900_000,
} as unknown as Context;

/** What the state machine sends: the execution started at 05:00:00 UTC, its name starts "exec1234". */
const PLAN_EVENT = { step: 'plan', execution: 'exec1234-5678-90ab', startedAt: '2026-11-20T05:00:00.123Z', input: { time: '2026-11-20T05:00:00Z' } };
const RUN = '20261120T050000Z-exec1234';
const TAG = 'r20261120t050000z_exec1234';

/** Answers for the plan's queries: the lake's newest change and time zones, the oldest person; the marts' row counts. */
function answers(counts: Record<string, number> = {}) {
  return (sql: string): FakeAnswer | undefined => {
    if (/^select max\(t\) as t from/.test(sql)) return { columns: [['t', 'timestamp']], rows: [['2026-11-20 01:00:00.000']] };
    if (sql.includes('as tz from')) return { columns: [['tz', 'varchar']], rows: [['America/New_York']] };
    if (sql.includes('as d from')) return { columns: [['d', 'varchar']], rows: [['2026-01-05']] };
    if (sql.startsWith("select 'attribution' as mart")) return { columns: [['mart', 'varchar'], ['n', 'bigint']], rows: Object.entries(counts).map(([m, n]) => [m, String(n)]) };
    if (sql.startsWith('select currency_code, count(*) as n')) return { columns: [['currency_code', 'varchar'], ['n', 'bigint']], rows: [] };
    return undefined;
  };
}

describe('models function: the night planned per dependency level, finished by swapping every table in', () => {
  let handler: (event: unknown, context: Context) => Promise<NightPlan | ModelsSummary>;
  const s3 = mockClient(S3Client);
  const glue = mockClient(GlueClient);
  const models = loadModels();
  /** Plan files written, by key. */
  let written: Record<string, string>;

  beforeAll(async () => {
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    ({ handler } = await import('../../../functions/models/handler.ts'));
  });

  afterAll(() => {
    vi.unstubAllEnvs();
  });

  beforeEach(() => {
    s3.reset();
    glue.reset();
    written = {};
    s3.on(PutObjectCommand).callsFake((input: { Key: string; Body: string }) => {
      written[input.Key] = input.Body;
      return {};
    });
    s3.on(ListObjectsV2Command).resolves({ Contents: [] });
    s3.on(DeleteObjectsCommand).resolves({});
    glue.on(GetTablesCommand).resolves({ TableList: [] });
    // Logs and EMF metrics are JSON lines on stdout and stderr; keep the test output readable.
    for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, 'write').mockImplementation(() => true);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  const plan = async () => {
    const athena = fakeAthena(answers());
    const result = (await handler(PLAN_EVENT, context)) as NightPlan;
    const levels = result.levelKeys.map((key) => JSON.parse(written[key]!) as PlannedTable[]);
    return { ...athena, result, levels };
  };

  it('plans every table as a CTAS under tonight\'s own name, level after level, and drops nothing', async () => {
    // Act
    const { result, levels, statements } = await plan();
    const views = new Set(models.filter((m) => m.materialized === 'view').map((m) => m.name));

    // Assess: the plan names the run after the execution's start and name; the as-of time is the lake's newest change.
    expect(result).toMatchObject({ runId: RUN, tag: TAG, asOf: '2026-11-20T01:00:00.000Z', levelCount: levels.length, startedAt: expect.any(String) });
    expect(result.levelKeys[0]).toBe(`_plans/${RUN}/level-00.json`);
    // 11 seeds, every model, and the data test results: each exactly once.
    const tables = levels.flat();
    expect(tables.map((t) => t.table).sort()).toEqual([...SEED_NAMES, ...models.map((m) => m.name), 'data_test_results'].sort());
    expect(result.tables).toEqual(tables.map((t) => t.table));
    expect(result.marts.sort()).toEqual(models.filter((m) => m.layer === 'marts').map((m) => m.name).sort());
    // Level 0 is the seeds; data_test_results comes after every model it tests; data_health after it.
    expect(levels[0]!.map((t) => t.table).sort()).toEqual([...SEED_NAMES].sort());
    const levelOf = (table: string) => levels.findIndex((level) => level.some((t) => t.table === table));
    for (const model of models) {
      for (const ref of model.refs) expect(levelOf(ref), `${model.name} refs ${ref}`).toBeLessThan(levelOf(model.name));
    }
    expect(levelOf('data_test_results')).toBe(levelOf('data_health') - 1);
    for (const model of models.filter((m) => m.name !== 'data_health')) expect(levelOf(model.name)).toBeLessThan(levelOf('data_test_results'));

    // Every table is a CTAS under <table>__<tag> in its run folder, reading only tonight's tables.
    for (const t of tables) {
      expect(t.buildName).toBe(`${t.table}__${TAG}`);
      const head = views.has(t.table)
        ? `create or replace view "handoff_models"."${t.table}__${TAG}" as\n`
        : `create table "handoff_models"."${t.table}__${TAG}"\nwith (format = 'PARQUET', write_compression = 'ZSTD', external_location = 's3://handoff-lake/_models/${t.table}/${RUN}/')\nas\n`;
      expect(t.sql.startsWith(head), t.table).toBe(true);
      const refs = [...t.sql.matchAll(/"handoff_models"\."([a-z0-9_]+)"/g)].map((m) => m[1]!).slice(1);
      for (const ref of refs) expect(ref.endsWith(`__${TAG}`) || ref.startsWith('mapped_'), `${t.table} reads ${ref}`).toBe(true);
    }
    // Never drop first: no DROP in any planned table nor in what the plan step ran itself.
    expect([...statements, ...tables.map((t) => t.sql)].filter((sql) => /\bdrop\s+table\b/i.test(sql))).toEqual([]);
  });

  it('runs itself only the views, the as-of queries and the seeds\' JSON tables, in tonight\'s seed folders', async () => {
    // Act
    const { statements, result } = await plan();

    // Assess: one view per canonical object first (here Pipedrive's leads), then 3 queries, then 11 external tables.
    expect(statements.slice(0, CANONICAL_OBJECT_NAMES.length).map((sql) => /^create or replace view "handoff_models"\."(mapped_[a-z_]+)" as\n/.exec(sql)?.[1])).toEqual(CANONICAL_OBJECT_NAMES.map((o) => `mapped_${o}`));
    const externals = statements.filter((sql) => sql.startsWith('create external table'));
    expect(externals).toHaveLength(SEED_NAMES.length);
    expect(externals[0]).toMatch(new RegExp(`^create external table \`handoff_models\`\\.\`([a-z_]+)__json__${TAG}\` \\(.*\\)\\nrow format serde 'org\\.openx\\.data\\.jsonserde\\.JsonSerDe'\\nlocation 's3://handoff-lake/_seeds/\\1/${RUN}/'$`));
    expect(statements).toHaveLength(CANONICAL_OBJECT_NAMES.length + 3 + SEED_NAMES.length);
    expect(result.helperTables).toEqual([...SEED_NAMES].map((s) => expect.stringMatching(new RegExp(`^[a-z_]+__json__${TAG}$`))));
    // Seed rows and the level files are written under tonight's run.
    const keys = Object.keys(written);
    expect(keys.filter((k) => k.startsWith('_seeds/')).every((k) => k.includes(`/${RUN}/`))).toBe(true);
    expect(keys.filter((k) => k.startsWith('_seeds/'))).toHaveLength(SEED_NAMES.length);
    expect(keys.filter((k) => k.startsWith('_plans/'))).toEqual([...result.levelKeys, `_plans/${RUN}/views.json`]);
  });

  it('plans only SQL that parses with the Trino grammar (every CTAS body)', async () => {
    // Act
    const { levels } = await plan();

    // Assess
    for (const t of levels.flat()) {
      const body = bodyOf(t.sql);
      expect(() => new Parser().astify(body, { database: 'trino' }), `${t.table}: ${body.slice(0, 200)}`).not.toThrow();
      expect(body, 'no DuckDB-only syntax').not.toMatch(/::|\bstrftime\s*\(|\bread_parquet\s*\(|\bcreate or replace table\b/i);
    }
  });

  it('reads each lake object from its export window: staging and the mapped views skip exports older than the newest full one', async () => {
    // Prepare: Salesforce leads exported on 11-18 (full), 11-19 (a delta) and 11-20 (full again, lacking none of the earlier keys);
    // Pipedrive people (mapped leads) once, on 11-20. No marker yet.
    const files: Record<string, Array<{ Key: string; Size: number }>> = {
      'salesforce/lead/export_date=': ['2026-11-18', '2026-11-19', '2026-11-20'].map((d, i) => ({ Key: `salesforce/lead/export_date=${d}/lead_csv.parquet`, Size: 100 + i })),
      'pipedrive/lead/export_date=': [{ Key: 'pipedrive/lead/export_date=2026-11-20/people_csv.parquet', Size: 50 }],
    };
    s3.on(ListObjectsV2Command).callsFake((input: { Prefix: string }) => ({ Contents: files[input.Prefix] ?? [] }));
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'no marker', $metadata: {} }));
    const athena = fakeAthena((sql) => (sql.includes('as earlier') ? { columns: [['n', 'bigint']], rows: [['0']] } : answers()(sql)));

    // Act
    const result = (await handler(PLAN_EVENT, context)) as NightPlan;
    const levels = result.levelKeys.map((key) => JSON.parse(written[key]!) as PlannedTable[]);

    // Assess: leads are read from 11-20 on. Mapped objects have no ID column (their keys are plain text), so they are read whole, as on DuckDB.
    expect(result.exportWindows).toEqual({ 'salesforce/lead': '2026-11-20' });
    const windowed = `(select * from "handoff_lake"."salesforce_lead" where export_date >= date '2026-11-20')`;
    expect(levels.flat().find((t) => t.table === 'stg_salesforce__leads')!.sql).toContain(`from ${windowed} as ranked`);
    // An object with no exports (contacts) is read whole, as before.
    expect(levels.flat().find((t) => t.table === 'stg_salesforce__contacts')!.sql).toContain('from "handoff_lake"."salesforce_contact"');
    expect(athena.statements.find((sql) => sql.includes('"mapped_lead" as'))).toContain('from "handoff_lake"."pipedrive_lead" as lake_rows');
    // The as-of query reads the window too (as DuckDB's views do).
    expect(athena.statements.find((sql) => sql.startsWith('select max(t) as t from'))).toContain(windowed);
    // The window is kept for the next night.
    expect(JSON.parse(written['_export_window/salesforce/lead.json']!)).toEqual({
      readFrom: '2026-11-20', exports: { '2026-11-18': 'lead_csv.parquet:100', '2026-11-19': 'lead_csv.parquet:101', '2026-11-20': 'lead_csv.parquet:102' },
    });
    expect(Object.keys(written).filter((k) => k.startsWith('_export_window/'))).toEqual(['_export_window/salesforce/lead.json']);
    // Every planned body still parses with the Trino grammar.
    for (const t of levels.flat()) expect(() => new Parser().astify(bodyOf(t.sql), { database: 'trino' }), t.table).not.toThrow();
  });

  it('builds view models as Athena views under tonight\'s name, and plans their public views over the public tables', async () => {
    // Act
    const { levels, result } = await plan();

    // Assess: int_activities (a view model) reads tonight's tables while the night builds.
    const planned = levels.flat().find((t) => t.table === 'int_activities')!;
    expect(planned.sql.startsWith(`create or replace view "handoff_models"."int_activities__${TAG}" as\n`)).toBe(true);
    expect(planned.sql).toContain(`"handoff_models"."stg_salesforce__activities__${TAG}"`);
    // Its public view, in views.json, reads the public names only (tonight's files once swapped in).
    const views = JSON.parse(written[result.viewsKey]!) as Array<{ table: string; sql: string }>;
    expect(views.map((v) => v.table).sort()).toEqual(models.filter((m) => m.materialized === 'view').map((m) => m.name).sort());
    const activities = views.find((v) => v.table === 'int_activities')!.sql;
    expect(activities.startsWith('create or replace view "handoff_models"."int_activities" as\n')).toBe(true);
    expect(activities).toContain('"handoff_models"."stg_salesforce__activities"');
    expect(activities).not.toContain(TAG);
  });

  it('uses the asOf given in the execution\'s input instead of asking the lake', async () => {
    // Prepare
    const { statements } = fakeAthena(answers());

    // Act
    const result = (await handler({ ...PLAN_EVENT, input: { asOf: '2026-11-19T06:00:00Z' } }, context)) as NightPlan;

    // Assess
    expect(result.asOf).toBe('2026-11-19T06:00:00Z');
    expect(statements.some((sql) => sql.startsWith('select max(t) as t from'))).toBe(false);
  });

  /** A plan of three tables (one mart), started at 05:00:01. */
  const smallPlan: NightPlan = {
    runId: RUN, tag: TAG, asOf: '2026-11-20T01:00:00.000Z', levelKeys: [], levelCount: 2, tables: ['run_context', 'leads', 'int_opportunities'], marts: ['leads'],
    seedRows: 1, helperTables: [`run_context__json__${TAG}`], startedAt: '2026-11-20T05:00:01.000Z', exportWindows: {}, viewsKey: '',
  };
  const builtTable = (name: string) => ({ Name: name, DatabaseName: 'handoff_models', CreateTime: new Date(), TableType: 'EXTERNAL_TABLE', Parameters: { classification: 'parquet' },
    StorageDescriptor: { Location: `s3://handoff-lake/_models/${name.replace(/__r.*$/, '')}/${RUN}`, Columns: [{ Name: 'lead_id', Type: 'string' }] }, PartitionKeys: [] });

  it('finishes by pointing each public table at tonight\'s files (created the first night), then removing tonight\'s names; never deleting a public table', async () => {
    // Prepare: leads exists from last night; run_context and int_opportunities do not yet.
    fakeAthena((sql) => (sql.startsWith("select 'leads' as mart") ? { columns: [['mart', 'varchar'], ['n', 'bigint']], rows: [['leads', '120']] } : answers()(sql)));
    glue.on(GetTableCommand).callsFake((input: { Name: string }) => ({ Table: builtTable(input.Name) }));
    glue.on(UpdateTableCommand).callsFake((input: { TableInput: { Name: string } }) => {
      if (input.TableInput.Name !== 'leads') throw new EntityNotFoundException({ message: 'not found', $metadata: {} });
      return {};
    });
    glue.on(CreateTableCommand).resolves({});
    glue.on(DeleteTableCommand).resolves({});

    // Act
    const summary = await handler({ step: 'finish', plan: smallPlan }, context);

    // Assess
    expect(summary).toEqual({ asOf: '2026-11-20T01:00:00.000Z', runId: RUN, seedRows: 1, models: 3, marts: { leads: 120 } });
    expect(glue.commandCalls(UpdateTableCommand).map((c) => c.args[0].input)).toEqual(['run_context', 'leads', 'int_opportunities'].map((name) => ({
      DatabaseName: 'handoff_models', SkipArchive: true,
      TableInput: { Name: name, TableType: 'EXTERNAL_TABLE', Parameters: { classification: 'parquet' }, PartitionKeys: [],
        StorageDescriptor: { Location: `s3://handoff-lake/_models/${name}/${RUN}`, Columns: [{ Name: 'lead_id', Type: 'string' }] } },
    })));
    expect(glue.commandCalls(CreateTableCommand).map((c) => c.args[0].input.TableInput!.Name)).toEqual(['run_context', 'int_opportunities']);
    expect(glue.commandCalls(DeleteTableCommand).map((c) => c.args[0].input.Name)).toEqual([`run_context__${TAG}`, `leads__${TAG}`, `int_opportunities__${TAG}`, `run_context__json__${TAG}`]);
  });

  it('replaces a view model\'s public view after the tables are swapped in, removing a table of that name first; never swaps the view\'s catalog entry', async () => {
    // Prepare: int_campaigns is a view model; last night it was still a table.
    const viewSql = 'create or replace view "handoff_models"."int_campaigns" as\nselect * from "handoff_models"."stg_salesforce__campaigns"';
    const viewPlan: NightPlan = { ...smallPlan, tables: ['run_context', 'int_campaigns', 'leads'], viewsKey: `_plans/${RUN}/views.json` };
    s3.on(GetObjectCommand, { Key: viewPlan.viewsKey }).resolves({ Body: { transformToString: async () => JSON.stringify([{ table: 'int_campaigns', sql: viewSql }]) } as never });
    const { statements } = fakeAthena((sql) => (sql.startsWith("select 'leads' as mart") ? { columns: [['mart', 'varchar'], ['n', 'bigint']], rows: [['leads', '7']] } : answers()(sql)));
    glue.on(GetTableCommand).callsFake((input: { Name: string }) => ({ Table: builtTable(input.Name) }));
    glue.on(UpdateTableCommand).resolves({});
    glue.on(DeleteTableCommand).resolves({});

    // Act
    await handler({ step: 'finish', plan: viewPlan }, context);

    // Assess: the two tables are swapped by catalog update; the view is not.
    expect(glue.commandCalls(UpdateTableCommand).map((c) => c.args[0].input.TableInput!.Name)).toEqual(['run_context', 'leads']);
    // The old table int_campaigns is removed, then the view created by Athena, then tonight's view removed.
    expect(glue.commandCalls(DeleteTableCommand).map((c) => c.args[0].input.Name)).toEqual([`run_context__${TAG}`, `leads__${TAG}`, 'int_campaigns', `int_campaigns__${TAG}`, `run_context__json__${TAG}`]);
    expect(statements).toContain(viewSql);
  });

  it('stops before swapping anything when an export was written into the lake after the models started', async () => {
    // Prepare: one ingest record at 05:10, after the plan started at 05:00:01; one from 02:00.
    fakeAthena(answers({ leads: 120 }));
    s3.on(ListObjectsV2Command, { Prefix: '_ingest/' }).resolves({ Contents: [
      { Key: '_ingest/salesforce/lead/export_date=2026-11-20/lead_csv.parquet', LastModified: new Date('2026-11-20T02:00:00Z') },
      { Key: '_ingest/salesforce/lead/export_date=2026-11-21/lead_csv.parquet', LastModified: new Date('2026-11-20T05:10:00Z') },
    ] });

    // Act
    const error = await handler({ step: 'finish', plan: smallPlan }, context).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(LateDeliveryError);
    expect((error as LateDeliveryError).keys).toEqual(['_ingest/salesforce/lead/export_date=2026-11-21/lead_csv.parquet']);
    expect((error as Error).message).toContain("tonight's tables were not swapped in, so the site keeps last night's numbers");
    expect(glue.commandCalls(UpdateTableCommand)).toHaveLength(0);
    expect(s3.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
  });

  it('stops before swapping when amounts are in a currency without a rate', async () => {
    // Prepare
    fakeAthena((sql) => (sql.startsWith('select currency_code, count(*) as n from "handoff_models"."int_opportunities__') ? { columns: [['currency_code', 'varchar'], ['n', 'bigint']], rows: [['JPY', '2']] } : answers()(sql)));

    // Act
    const error = await handler({ step: 'finish', plan: smallPlan }, context).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('JPY (2 opportunities)');
    expect(glue.commandCalls(UpdateTableCommand)).toHaveLength(0);
  });

  it('after the swap, removes earlier runs\' files and unfinished runs\' tables; keeps tonight\'s and anything newer', async () => {
    // Prepare: last night's run, a failed run of this morning (04:00), tonight's, and a later run (05:30).
    fakeAthena(answers({ leads: 1 }));
    glue.on(GetTableCommand).callsFake((input: { Name: string }) => ({ Table: builtTable(input.Name) }));
    glue.on(UpdateTableCommand).resolves({});
    glue.on(DeleteTableCommand).resolves({});
    glue.on(BatchDeleteTableCommand).resolves({ Errors: [] });
    s3.on(ListObjectsV2Command, { Prefix: '_models/' }).resolves({ Contents: [
      { Key: '_models/leads/20261119T050000Z-ffff0000/20261119_050301_00007_a_1' },
      { Key: '_models/leads/20261120T040000Z-aaaa0000/20261120_040301_00007_b_1' },
      { Key: `_models/leads/${RUN}/20261120_050301_00007_c_1` },
      { Key: '_models/leads/20261120T053000Z-bbbb0000/20261120_053001_00007_d_1' },
    ] });
    s3.on(ListObjectsV2Command, { Prefix: '_seeds/' }).resolves({ Contents: [
      { Key: '_seeds/run_context/20261119T050000Z-ffff0000/run_context.json' },
      { Key: `_seeds/run_context/${RUN}/run_context.json` },
    ] });
    s3.on(ListObjectsV2Command, { Prefix: '_plans/' }).resolves({ Contents: [{ Key: '_plans/20261119T050000Z-ffff0000/level-00.json' }] });
    glue.on(GetTablesCommand).resolves({ TableList: [
      { Name: 'leads' }, { Name: 'stg_salesforce__lead' },
      { Name: 'leads__r20261120t040000z_aaaa0000' }, { Name: 'run_context__json__r20261120t040000z_aaaa0000' },
      { Name: 'leads__r20261120t053000z_bbbb0000' },
    ] });

    // Act
    await handler({ step: 'finish', plan: smallPlan }, context);

    // Assess
    expect(s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input)).toEqual([{
      Bucket: 'handoff-lake',
      Delete: { Quiet: true, Objects: [
        { Key: '_models/leads/20261119T050000Z-ffff0000/20261119_050301_00007_a_1' },
        { Key: '_models/leads/20261120T040000Z-aaaa0000/20261120_040301_00007_b_1' },
        { Key: '_seeds/run_context/20261119T050000Z-ffff0000/run_context.json' },
        { Key: '_plans/20261119T050000Z-ffff0000/level-00.json' },
      ] },
    }]);
    expect(glue.commandCalls(BatchDeleteTableCommand).map((c) => c.args[0].input)).toEqual([{
      DatabaseName: 'handoff_models', TablesToDelete: ['leads__r20261120t040000z_aaaa0000', 'run_context__json__r20261120t040000z_aaaa0000'],
    }]);
  });

  it('refuses an event that is neither plan nor finish, and an asOf that is not an ISO UTC time, before any query', async () => {
    // Prepare
    const { statements } = fakeAthena(answers());

    // Act / Assess
    await expect(handler({}, context)).rejects.toThrow(/step undefined is not "plan" or "finish"/);
    await expect(handler({ ...PLAN_EVENT, input: { asOf: '20 November 2026' } }, context)).rejects.toThrow(/asOf "20 November 2026" is not an ISO UTC time; write it like "2026-11-20T06:00:00Z"/);
    await expect(handler({ step: 'finish', plan: { runId: RUN } }, context)).rejects.toThrow(/finish needs the plan step's output/);
    expect(statements).toEqual([]);
  });
});

import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import parserPackage from 'node-sql-parser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModelError } from '../../../functions/core/errors.ts';
import { CANONICAL_OBJECT_NAMES } from '../../../functions/ingest/connectors/mapped.ts';
import { SEED_NAMES } from '../../../functions/core/seeds.ts';
import { loadModels } from '../../../functions/core/sql.ts';
import type { ModelsSummary } from '../../../functions/models/run-on-athena.ts';
import { fakeAthena, type FakeAnswer } from './fake-athena.ts';

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

/** Answers for the queries of a night: the lake's newest change and time zones, passing tests, CTAS row counts. */
function nightAnswers(failModel?: { name: string; reason: string }) {
  return (sql: string): FakeAnswer | undefined => {
    if (failModel && sql.startsWith(`create table "handoff_models"."${failModel.name}"`)) return { fail: failModel.reason };
    if (sql.startsWith('create table')) return { updateCount: 7 };
    if (/^select max\(t\) as t from/.test(sql)) return { columns: [['t', 'timestamp']], rows: [['2026-11-20 01:00:00.000']] };
    if (sql.includes('as tz from')) return { columns: [['tz', 'varchar']], rows: [['America/New_York']] };
    if (sql.includes('as d from')) return { columns: [['d', 'varchar']], rows: [['2026-01-05']] };
    if (sql.startsWith('select count(*) as failures')) return { columns: [['failures', 'bigint']], rows: [['0']] };
    return undefined;
  };
}

/** The table a statement writes, and what kind of statement it is. */
function classify(sql: string): { kind: 'drop' | 'external' | 'ctas' | 'view' | 'query'; table?: string } {
  let m = /^create or replace view "handoff_models"\."(mapped_[a-z_]+)" as\n/.exec(sql);
  if (m) return { kind: 'view', table: m[1]! };
  m = /^drop table if exists `handoff_models`\.`([a-z0-9_]+)`$/.exec(sql);
  if (m) return { kind: 'drop', table: m[1]! };
  m = /^create external table `handoff_models`\.`([a-z0-9_]+)__json` \((`[a-z0-9_]+` string(, )?)+\)\nrow format serde 'org\.openx\.data\.jsonserde\.JsonSerDe'\nlocation 's3:\/\/handoff-lake\/_seeds\/\1\/'$/.exec(sql);
  if (m) return { kind: 'external', table: `${m[1]!}__json` };
  m = /^create table "handoff_models"\."([a-z0-9_]+)"\nwith \(format = 'PARQUET', write_compression = 'ZSTD', external_location = 's3:\/\/handoff-lake\/_models\/\1\/20261120T020000Z-abcd1234\/'\)\nas\n/.exec(sql);
  if (m) return { kind: 'ctas', table: m[1]! };
  return { kind: 'query' };
}

describe('models function: every SQL model on Athena, in order', () => {
  let handler: (event: unknown, context: Context) => Promise<ModelsSummary>;
  const s3 = mockClient(S3Client);
  const models = loadModels();

  beforeAll(async () => {
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-20T02:00:00.000Z'));
    ({ handler } = await import('../../../functions/models/handler.ts'));
  });

  afterAll(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  beforeEach(() => {
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
    s3.on(ListObjectsV2Command).resolves({ Contents: [] });
    s3.on(DeleteObjectsCommand).resolves({});
    // Logs and EMF metrics are JSON lines on stdout and stderr; keep the test output readable.
    for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, 'write').mockImplementation(() => true);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('runs seeds, then stg_, int_ and marts in dependency order, then the data tests, then data_health', async () => {
    // Prepare
    const { athena, statements } = fakeAthena(nightAnswers());

    // Act
    const summary = await handler({}, context);

    // Assess: the summary (every CTAS reported 7 rows; the as-of time is the lake's newest change).
    const marts = models.filter((m) => m.layer === 'marts').map((m) => m.name);
    expect(summary).toEqual({
      asOf: '2026-11-20T01:00:00.000Z',
      runId: '20261120T020000Z-abcd1234',
      seedRows: expect.any(Number),
      models: models.length,
      marts: Object.fromEntries(marts.map((m) => [m, 7])),
    });

    // The tables built, in order: 10 seeds, every model but data_health, the test results, data_health.
    const built = statements.map(classify).filter((s) => s.kind === 'ctas').map((s) => s.table!);
    const seedsFirst = built.slice(0, SEED_NAMES.length);
    expect([...seedsFirst].sort()).toEqual([...SEED_NAMES].sort());
    expect(built.slice(-2)).toEqual(['data_test_results', 'data_health']);
    const modelOrder = built.slice(SEED_NAMES.length, -2);
    expect([...modelOrder].sort()).toEqual(models.map((m) => m.name).filter((n) => n !== 'data_health').sort());
    const layerOf = (name: string) => ['stg_', 'int_'].findIndex((p) => name.startsWith(p)) + 1 || 3;
    const layers = modelOrder.map(layerOf);
    expect(layers).toEqual([...layers].sort((a, b) => a - b));
    // Each model is built after every model it refs.
    for (const model of models) {
      for (const ref of model.refs) {
        if (models.some((m) => m.name === ref)) expect(built.indexOf(ref), `${model.name} refs ${ref}`).toBeLessThan(built.indexOf(model.name));
      }
    }

    // Each table is dropped right before it is created; each seed's JSON table is made before its CTAS.
    statements.forEach((sql, i) => {
      const { kind, table } = classify(sql);
      if (kind === 'ctas') expect(classify(statements[i - 1]!)).toEqual({ kind: 'drop', table });
      if (kind === 'external') expect(classify(statements[i + 2]!)).toEqual({ kind: 'ctas', table: table!.replace(/__json$/, '') });
    });

    // Every data test runs after the last mart before data_health, and before the test results are stored.
    const tests = statements.map((sql, i) => [sql, i] as const).filter(([sql]) => sql.startsWith('select count(*) as failures'));
    const declared = models.filter((m) => m.name !== 'data_health').reduce((n, m) => n + m.tests.length, 0);
    expect(tests).toHaveLength(declared);
    const lastModel = statements.findIndex((sql) => classify(sql).table === modelOrder.at(-1) && classify(sql).kind === 'ctas');
    const resultsStored = statements.findIndex((sql) => classify(sql).kind === 'external' && classify(sql).table === 'data_test_results__json');
    expect(tests[0]![1]).toBeGreaterThan(lastModel);
    expect(tests.at(-1)![1]).toBeLessThan(resultsStored);
    // Data tests read the models' database by name.
    expect(tests[0]![0]).toMatch(/ from "handoff_models"\."[a-z0-9_]+"/);

    // First of all, one view per canonical object over the mapped sources (here Pipedrive's leads).
    const views = statements.map(classify).filter((s) => s.kind === 'view').map((s) => s.table);
    expect(views).toEqual(CANONICAL_OBJECT_NAMES.map((object) => `mapped_${object}`));
    expect(statements.slice(0, views.length).map((sql) => classify(sql).kind)).toEqual(views.map(() => 'view'));
    expect(statements.find((sql) => classify(sql).table === 'mapped_lead')).toMatch(/^create or replace view "handoff_models"\."mapped_lead" as\nselect 'pipedrive' as mapped_source, lead_id, created_at, .*, source_file, source_row_number, export_date from "handoff_lake"\."pipedrive_lead"$/);
    expect(statements.find((sql) => classify(sql).table === 'mapped_user')).toMatch(/^create or replace view "handoff_models"\."mapped_user" as\nselect cast\(null as varchar\) as mapped_source, cast\(null as varchar\) as user_id, .* where false$/);

    // Seeds were written to S3 as JSON lines, one file per seed plus the test results.
    const keys = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key);
    expect(keys).toEqual([...seedsFirst, 'data_test_results'].map((name) => `_seeds/${name}/${name}.json`));
    expect(athena.calls().length).toBeGreaterThan(statements.length);
  });

  it('after a successful run, removes the files of earlier runs only', async () => {
    // Prepare: last night's files, tonight's, and a later run's (another execution); none other.
    fakeAthena(nightAnswers());
    s3.on(ListObjectsV2Command).resolves({ Contents: [
      { Key: '_models/leads/20261119T020000Z-ffff0000/20261119_020301_00007_a_1' },
      { Key: '_models/funnel_monthly/20261119T020000Z-ffff0000/20261119_020255_00003_b_1' },
      { Key: '_models/leads/20261120T020000Z-abcd1234/20261120_020301_00007_c_1' },
      { Key: '_models/leads/20261121T020000Z-0000aaaa/20261121_020301_00007_d_1' },
    ] });

    // Act
    await handler({}, context);

    // Assess
    expect(s3.commandCalls(ListObjectsV2Command)[0]!.args[0].input).toEqual({ Bucket: 'handoff-lake', Prefix: '_models/' });
    expect(s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input)).toEqual([{
      Bucket: 'handoff-lake',
      Delete: { Quiet: true, Objects: [
        { Key: '_models/leads/20261119T020000Z-ffff0000/20261119_020301_00007_a_1' },
        { Key: '_models/funnel_monthly/20261119T020000Z-ffff0000/20261119_020255_00003_b_1' },
      ] },
    }]);
  });

  it('sends Athena only SQL that parses with the Trino grammar (the CTAS body and every query), and Hive DDL of the expected shapes', async () => {
    // Prepare
    const { statements } = fakeAthena(nightAnswers());

    // Act
    await handler({ asOf: '2026-11-20T06:00:00Z' }, context);

    // Assess
    expect(statements.length).toBeGreaterThan(100);
    for (const sql of statements) {
      const { kind } = classify(sql);
      // DDL is Hive's (Athena runs DROP TABLE and CREATE EXTERNAL TABLE as Hive DDL), fully matched by classify().
      if (kind === 'drop' || kind === 'external') continue;
      const body = kind === 'ctas' ? sql.slice(sql.indexOf('\nas\n') + 4) : kind === 'view' ? sql.slice(sql.indexOf(' as\n') + 4) : sql;
      expect(() => new Parser().astify(body, { database: 'trino' }), body.slice(0, 300)).not.toThrow();
      expect(body, 'no DuckDB-only syntax').not.toMatch(/::|\bstrftime\s*\(|\bread_parquet\s*\(|\bcreate or replace table\b/i);
    }
    // With asOf given, the lake's newest change is not asked for.
    expect(statements.some((sql) => sql.startsWith('select max(t) as t from'))).toBe(false);
    const asOfSeed = statements.find((sql) => classify(sql).kind === 'ctas' && classify(sql).table === 'run_context')!;
    expect(asOfSeed).toContain('cast("as_of_at" as timestamp) as "as_of_at"');
  });

  it('stops at a failing model, naming it and Athena\'s reason, and builds nothing after it', async () => {
    // Prepare
    const reason = "COLUMN_NOT_FOUND: line 12:5: Column 'amount_record_currency' cannot be resolved";
    const { statements } = fakeAthena(nightAnswers({ name: 'int_opportunities', reason }));

    // Act
    const error = await handler({}, context).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).model).toBe('int_opportunities');
    expect((error as Error).message).toContain(`model int_opportunities failed: Athena query for int_opportunities FAILED: ${reason}`);
    expect(classify(statements.at(-1)!)).toEqual({ kind: 'ctas', table: 'int_opportunities' });
    // A failed run removes nothing: the tables not rebuilt yet still read the earlier run's files.
    expect(s3.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
  });

  it('refuses an asOf that is not an ISO UTC time, before any query', async () => {
    // Prepare
    const { statements } = fakeAthena(nightAnswers());

    // Act / Assess
    await expect(handler({ asOf: '20 November 2026' }, context)).rejects.toThrow(/asOf "20 November 2026" is not an ISO UTC time; write it like "2026-11-20T06:00:00Z"/);
    expect(statements).toEqual([]);
  });
});

import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type QueryExecutionState,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AthenaEngine, AthenaQueryError, AthenaQueryTooLongError, AthenaTimeoutError, cellValue } from '../../../functions/core/athena-engine.ts';
import { ModelError } from '../../../functions/core/errors.ts';
import { resultPage } from '../models/fake-athena.ts';

const athena = mockClient(AthenaClient);

afterEach(() => {
  athena.reset();
});

/** An engine whose sleeps are recorded instead of waited. */
function engineWithFakeSleep(poll: Partial<{ initialDelayMs: number; factor: number; maxDelayMs: number; maxWaitMs: number }> = {}) {
  const sleeps: number[] = [];
  const engine = new AthenaEngine({
    client: new AthenaClient({ region: 'us-east-1' }),
    workGroup: 'handoff',
    database: 'handoff_models',
    lakeBucket: 'handoff-lake',
    runId: '20261120T020000Z-abcd1234',
    poll,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { engine, sleeps };
}

function states(...sequence: Array<QueryExecutionState | { state: QueryExecutionState; reason: string }>) {
  const mock = athena.on(GetQueryExecutionCommand);
  for (const step of sequence) {
    const [State, StateChangeReason] = typeof step === 'string' ? [step, undefined] : [step.state, step.reason];
    mock.resolvesOnce({ QueryExecution: { QueryExecutionId: 'q1', Status: { State, ...(StateChangeReason ? { StateChangeReason } : {}) } } });
  }
}

describe('AthenaEngine: one query execution per statement', () => {
  it('runs a statement in the workgroup and the models database, and returns at the first SUCCEEDED poll without waiting', async () => {
    // Prepare
    const { engine, sleeps } = engineWithFakeSleep();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q1' });
    states('SUCCEEDED');

    // Act
    await engine.execute('select 1 as one');

    // Assess: the workgroup enforces the result location, so the query sets none.
    const [start] = athena.commandCalls(StartQueryExecutionCommand);
    expect(start!.args[0].input).toEqual({
      QueryString: 'select 1 as one',
      WorkGroup: 'handoff',
      QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: 'handoff_models' },
    });
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('polls QUEUED, RUNNING, then SUCCEEDED with growing waits (200 ms, then 400 ms)', async () => {
    // Prepare
    const { engine, sleeps } = engineWithFakeSleep();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q1' });
    states('QUEUED', 'RUNNING', 'SUCCEEDED');

    // Act
    await engine.execute('select 1 as one');

    // Assess: initial 200 ms, doubled each poll.
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(3);
    expect(sleeps).toEqual([200, 400]);
  });

  it('caps each wait at maxDelayMs: 200, 400, 800, 1000, 1000', async () => {
    // Prepare
    const { engine, sleeps } = engineWithFakeSleep({ maxDelayMs: 1000 });
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q1' });
    states('QUEUED', 'RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'SUCCEEDED');

    // Act
    await engine.execute('select 1 as one');

    // Assess
    expect(sleeps).toEqual([200, 400, 800, 1000, 1000]);
  });

  it('stops a query still running after the bounded total wait and says so', async () => {
    // Prepare: 1 s in all; waits of 200 and 400 ms, then the last 400 ms left (not 800), then stop.
    const { engine, sleeps } = engineWithFakeSleep({ maxWaitMs: 1000 });
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q1' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { QueryExecutionId: 'q1', Status: { State: 'RUNNING' } } });
    athena.on(StopQueryExecutionCommand).resolves({});

    // Act
    const run = engine.materialize('leads', 'select 1 as one');

    // Assess
    await expect(run).rejects.toThrow(AthenaTimeoutError);
    await expect(run).rejects.toThrow(/query for leads did not finish within 1 s and was stopped \(query q1\)/);
    expect(sleeps).toEqual([200, 400, 400]);
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(4);
    expect(athena.commandCalls(StopQueryExecutionCommand)[0]!.args[0].input).toEqual({ QueryExecutionId: 'q1' });
  });

  it('surfaces a FAILED query with its StateChangeReason and the model it was building', async () => {
    // Prepare: the DROP succeeds, the CTAS fails.
    const { engine } = engineWithFakeSleep();
    athena.on(StartQueryExecutionCommand).resolvesOnce({ QueryExecutionId: 'q1' }).resolvesOnce({ QueryExecutionId: 'q2' });
    const reason = "SYNTAX_ERROR: line 4:8: Column 'lead_sorce' cannot be resolved";
    states('SUCCEEDED', 'RUNNING', { state: 'FAILED', reason });

    // Act
    const error = await engine.materialize('stg_salesforce__lead', 'select lead_sorce from x').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AthenaQueryError);
    expect((error as AthenaQueryError).state).toBe('FAILED');
    expect((error as AthenaQueryError).reason).toBe(reason);
    expect((error as Error).message).toBe(`Athena query for stg_salesforce__lead FAILED: ${reason} (query q2; see it in the Athena console's recent queries)`);
    // Wrapped as the models runner does, the operator reads the model's name first.
    expect(new ModelError('stg_salesforce__lead', error).message).toMatch(/^model stg_salesforce__lead failed: Athena query for stg_salesforce__lead FAILED: SYNTAX_ERROR/);
  });

  it('surfaces a CANCELLED query with its reason', async () => {
    // Prepare
    const { engine } = engineWithFakeSleep();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q1' });
    states('QUEUED', { state: 'CANCELLED', reason: 'Query cancelled by user' });

    // Act
    const error = await engine.query('select 1 as one', 'site data').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AthenaQueryError);
    expect((error as AthenaQueryError).state).toBe('CANCELLED');
    expect((error as Error).message).toMatch(/^Athena query for site data CANCELLED: Query cancelled by user \(query q1;/);
  });

  it('refuses a statement over 262,144 bytes before starting it', async () => {
    // Prepare
    const { engine } = engineWithFakeSleep();
    const sql = `select '${'x'.repeat(262_144)}' as big`;

    // Act / Assess: 262,144 bytes of text plus 16 of SQL around it ("select '" and "' as big").
    await expect(engine.execute(sql, 'seed calendar_windows')).rejects.toThrow(AthenaQueryTooLongError);
    await expect(engine.execute(sql, 'seed calendar_windows')).rejects.toThrow(/seed calendar_windows is 262160 bytes/);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });
});

describe('AthenaEngine.query: results across pages, typed', () => {
  const columns: Array<[string, string]> = [
    ['month', 'varchar'], ['leads', 'bigint'], ['rate', 'double'], ['is_met', 'boolean'], ['amount', 'decimal'], ['as_of_at', 'timestamp'], ['day', 'date'],
  ];

  it('reads three pages by NextToken, skips the header row on the first page only, and converts each cell by its column type', async () => {
    // Prepare
    const { engine } = engineWithFakeSleep();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q1' });
    states('SUCCEEDED');
    athena.on(GetQueryResultsCommand)
      .resolvesOnce(resultPage(columns, [
        ['month', 'leads', 'rate', 'is_met', 'amount', 'as_of_at', 'day'],
        ['2026-09', '12', '0.75', 'true', '1200.5000', '2026-11-20 06:00:00.000', '2026-09-01'],
        ['2026-10', '9007199254740', '0.5', 'false', '0.0000', '2026-11-20 06:00:00.123', '2026-10-01'],
      ], 'page-2'))
      .resolvesOnce(resultPage(columns, [
        ['2026-11', null, null, null, null, null, null],
        ['month', '0', '1.0', 'true', '-3.2500', '2026-11-20 06:00:00', '2026-11-01'],
      ], 'page-3'))
      .resolvesOnce(resultPage(columns, [
        ['', '7', '2.5E-1', 'false', '10', '2026-11-20 06:00:00.1', '2026-12-01'],
      ]));

    // Act
    const rows = await engine.query('select * from funnel_monthly');

    // Assess: 2 + 2 + 1 rows; a NULL cell is null whatever its type; a later page's first row is data
    // (here even one that reads "month"); timestamps and dates as ISO UTC instants, as DuckDbEngine gives them.
    expect(rows).toEqual([
      { month: '2026-09', leads: 12, rate: 0.75, is_met: true, amount: 1200.5, as_of_at: '2026-11-20T06:00:00.000Z', day: '2026-09-01T00:00:00.000Z' },
      { month: '2026-10', leads: 9007199254740, rate: 0.5, is_met: false, amount: 0, as_of_at: '2026-11-20T06:00:00.123Z', day: '2026-10-01T00:00:00.000Z' },
      { month: '2026-11', leads: null, rate: null, is_met: null, amount: null, as_of_at: null, day: null },
      { month: 'month', leads: 0, rate: 1, is_met: true, amount: -3.25, as_of_at: '2026-11-20T06:00:00.000Z', day: '2026-11-01T00:00:00.000Z' },
      { month: '', leads: 7, rate: 0.25, is_met: false, amount: 10, as_of_at: '2026-11-20T06:00:00.100Z', day: '2026-12-01T00:00:00.000Z' },
    ]);
    const pages = athena.commandCalls(GetQueryResultsCommand).map((call) => call.args[0].input);
    expect(pages).toEqual([{ QueryExecutionId: 'q1' }, { QueryExecutionId: 'q1', NextToken: 'page-2' }, { QueryExecutionId: 'q1', NextToken: 'page-3' }]);
  });

  it('returns no rows for a result holding only the header', async () => {
    // Prepare
    const { engine } = engineWithFakeSleep();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q1' });
    states('SUCCEEDED');
    athena.on(GetQueryResultsCommand).resolves(resultPage([['n', 'bigint']], [['n']]));

    // Act / Assess
    expect(await engine.query('select count(*) as n from t where false group by 1')).toEqual([]);
  });

  it('converts cells by type: integers, decimals and doubles to numbers, booleans, other types as text', () => {
    expect(cellValue('42', 'integer')).toBe(42);
    expect(cellValue('12.3400', 'decimal(20,4)')).toBe(12.34);
    expect(cellValue('NaN', 'double')).toBeNaN();
    expect(cellValue('true', 'boolean')).toBe(true);
    expect(cellValue('00Q000000000001AAA', 'varchar')).toBe('00Q000000000001AAA');
    expect(cellValue('[1, 2]', 'array(integer)')).toBe('[1, 2]');
    expect(cellValue('2026-11-20 06:00:00.000 UTC', 'timestamp with time zone')).toBe('2026-11-20 06:00:00.000 UTC');
    expect(cellValue(undefined, 'varchar')).toBeNull();
  });
});

describe('AthenaEngine.materialize: a model as an unpartitioned Parquet table', () => {
  it('drops the table, then creates it by CTAS in this run\'s own folder, and returns the rows Athena wrote', async () => {
    // Prepare
    const { engine } = engineWithFakeSleep();
    athena.on(StartQueryExecutionCommand).resolvesOnce({ QueryExecutionId: 'q1' }).resolvesOnce({ QueryExecutionId: 'q2' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({ UpdateCount: 412, ResultSet: { Rows: [] } });

    // Act
    const rows = await engine.materialize('funnel_monthly', 'select * from "handoff_models"."int_funnel_people"');

    // Assess
    expect(rows).toBe(412);
    expect(athena.commandCalls(StartQueryExecutionCommand).map((call) => call.args[0].input.QueryString)).toEqual([
      'drop table if exists `handoff_models`.`funnel_monthly`',
      [
        'create table "handoff_models"."funnel_monthly"',
        "with (format = 'PARQUET', write_compression = 'ZSTD', external_location = 's3://handoff-lake/_models/funnel_monthly/20261120T020000Z-abcd1234/')",
        'as',
        'select * from "handoff_models"."int_funnel_people"',
      ].join('\n'),
    ]);
    expect(athena.commandCalls(GetQueryResultsCommand)[0]!.args[0].input).toEqual({ QueryExecutionId: 'q2', MaxResults: 1 });
  });

  it('counts the rows with a query when Athena reports no UpdateCount', async () => {
    // Prepare
    const { engine } = engineWithFakeSleep();
    athena.on(StartQueryExecutionCommand).resolvesOnce({ QueryExecutionId: 'q1' }).resolvesOnce({ QueryExecutionId: 'q2' }).resolvesOnce({ QueryExecutionId: 'q3' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand, { QueryExecutionId: 'q2', MaxResults: 1 }).resolves({ ResultSet: { Rows: [] } });
    athena.on(GetQueryResultsCommand, { QueryExecutionId: 'q3' }).resolves(resultPage([['n', 'bigint']], [['n'], ['3']]));

    // Act / Assess
    expect(await engine.materialize('leads', 'select 1 as a')).toBe(3);
    expect(athena.commandCalls(StartQueryExecutionCommand)[2]!.args[0].input.QueryString).toBe('select count(*) as n from "handoff_models"."leads"');
  });

  it('refuses a table name that is not a plain identifier', async () => {
    const { engine } = engineWithFakeSleep();
    await expect(engine.materialize('leads; drop table x', 'select 1')).rejects.toThrow(/table name "leads; drop table x" must be lower-case letters/);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });
});

import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type GetQueryResultsOutput,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';

/** What a fake query returns: a small typed result set, or a CTAS's row count, or a failure. */
export type FakeAnswer =
  | { columns: Array<[name: string, type: string]>; rows: Array<Array<string | null>> }
  | { updateCount: number }
  | { fail: string };

/**
 * An Athena that answers every query at once (first poll SUCCEEDED) from `answer(sql)`, and
 * records each statement in order: enough to run a whole night of models without AWS.
 */
export function fakeAthena(answer: (sql: string) => FakeAnswer | undefined) {
  const athena = mockClient(AthenaClient);
  const statements: string[] = [];
  athena.on(StartQueryExecutionCommand).callsFake((input: { QueryString: string }) => {
    statements.push(input.QueryString);
    return { QueryExecutionId: `q${statements.length}` };
  });
  const sqlOf = (id: string) => statements[Number(id.slice(1)) - 1]!;
  athena.on(GetQueryExecutionCommand).callsFake((input: { QueryExecutionId: string }) => {
    const result = answer(sqlOf(input.QueryExecutionId));
    if (result && 'fail' in result) return { QueryExecution: { QueryExecutionId: input.QueryExecutionId, Status: { State: 'FAILED', StateChangeReason: result.fail } } };
    return { QueryExecution: { QueryExecutionId: input.QueryExecutionId, Status: { State: 'SUCCEEDED' } } };
  });
  athena.on(GetQueryResultsCommand).callsFake((input: { QueryExecutionId: string }): GetQueryResultsOutput => {
    const result = answer(sqlOf(input.QueryExecutionId)) ?? { columns: [], rows: [] };
    if ('updateCount' in result) return { UpdateCount: result.updateCount, ResultSet: { Rows: [], ResultSetMetadata: { ColumnInfo: [] } } };
    if ('fail' in result) throw new Error('no results for a failed query');
    return resultPage(result.columns, [result.columns.map(([name]) => name), ...result.rows]);
  });
  athena.on(StopQueryExecutionCommand).resolves({});
  return { athena, statements };
}

/** One GetQueryResults page: rows of text cells (null = a NULL cell, which Athena sends without VarCharValue). */
export function resultPage(columns: Array<[string, string]>, rows: Array<Array<string | null>>, nextToken?: string): GetQueryResultsOutput {
  return {
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: columns.map(([Name, Type]) => ({ Name, Type, Label: Name })) },
      Rows: rows.map((row) => ({ Data: row.map((cell) => (cell === null ? {} : { VarCharValue: cell })) })),
    },
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

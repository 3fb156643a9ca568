import { Aws, Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice, Condition, CustomState, DistributedMap, JsonPath, Pass, Result, S3JsonItemReader, StateMachineFragment, TaskInput,
  type CatchProps, type INextable, type IChainable, type State,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, type LambdaInvokeProps } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { SqlModels } from './sql-models.ts';

/** A state whose failures can be caught (tasks and maps). */
export type Catchable = State & { addCatch(handler: IChainable, props?: CatchProps): unknown };

export interface ModelsWorkflowProps {
  /** The models function (plan and finish) and what the tables are built with. */
  readonly models: SqlModels;
  /** Tables of one level built at once (Athena queries running together). Default 8. */
  readonly maxConcurrency?: number;
  /** Longest one table's query may run before the task fails (and Step Functions stops it). Default 30 minutes. */
  readonly queryTimeout?: Duration;
  /** Applied to every task the fragment holds: how a failure is caught and reported. */
  readonly onTask: <T extends Catchable>(name: string, task: T) => T;
}

/** Lambda errors that say nothing about the work, only that Lambda itself failed: retried with backoff. */
export const LAMBDA_SERVICE_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException', 'Lambda.ClientExecutionTimeoutException'];

/** A Lambda task that retries Lambda's own failures (never the function's errors) with backoff. */
export function invokeWithRetries(scope: Construct, name: string, props: LambdaInvokeProps): LambdaInvoke {
  const task = new LambdaInvoke(scope, name, { ...props, retryOnServiceExceptions: false });
  task.addRetry({ errors: LAMBDA_SERVICE_ERRORS, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 6 });
  return task;
}

/** Errors of StartQueryExecution itself (the query never ran), worth retrying with backoff. */
export const ATHENA_RETRYABLE = ['Athena.TooManyRequestsException', 'Athena.InternalServerException', 'Athena.AthenaException'];

/**
 * The night's models as states: the models function plans the night (SQL per dependency level
 * written to S3), then one Distributed Map per level builds every table of that level, each an
 * Athena `startQueryExecution.sync` task (so Step Functions waits on Athena, not a Lambda, and a
 * stopped or timed-out night stops its queries), and the models function finishes: checks, rows
 * per mart, every table swapped in, earlier runs pruned. Output: `$.models.result`.
 */
export class ModelsWorkflow extends StateMachineFragment {
  readonly startState: State;
  readonly endStates: INextable[];
  /** The state that builds one table inside each level's map. */
  readonly buildTable: CustomState;

  constructor(scope: Construct, id: string, props: ModelsWorkflowProps) {
    super(scope, id);
    const { models } = props;
    const fn: IFunction = models.handler.function;
    const plan = props.onTask('Plan models', invokeWithRetries(this, 'Plan models', {
      lambdaFunction: fn,
      payload: TaskInput.fromObject({ step: 'plan', execution: JsonPath.executionName, startedAt: JsonPath.stringAt('$$.Execution.StartTime'), input: JsonPath.stringAt('$$.Execution.Input') }),
      resultSelector: { 'plan.$': '$.Payload' },
      resultPath: '$.models',
    }));
    const first = new Pass(this, 'First level', { result: Result.fromObject({ index: 0 }), resultPath: '$.level' });
    const more = new Choice(this, 'Another level?');
    const key = new Pass(this, 'Level file', {
      parameters: { 'index.$': '$.level.index', 'key.$': 'States.ArrayGetItem($.models.plan.levelKeys, $.level.index)' },
      resultPath: '$.level',
    });
    const level = props.onTask('Build level', new DistributedMap(this, 'Build level', {
      itemReader: new S3JsonItemReader({ bucket: models.lakeBucket, key: JsonPath.stringAt('$.level.key') }),
      maxConcurrency: props.maxConcurrency ?? 8,
      resultPath: JsonPath.DISCARD,
      label: 'BuildLevel',
    }));
    this.buildTable = new CustomState(this, 'Build table', {
      stateJson: {
        Type: 'Task',
        Comment: 'One CTAS under tonight\'s table name; Step Functions waits for the query (.sync)',
        Resource: `arn:${Aws.PARTITION}:states:::athena:startQueryExecution.sync`,
        Parameters: {
          'QueryString.$': '$.sql',
          'WorkGroup': models.workGroupName,
          'QueryExecutionContext': { Catalog: 'AwsDataCatalog', Database: models.modelsDatabaseName },
        },
        ResultSelector: { 'queryExecutionId.$': '$.QueryExecution.QueryExecutionId' },
        TimeoutSeconds: (props.queryTimeout ?? Duration.minutes(30)).toSeconds(),
      },
    });
    // Only failures before the query ran are retried: a CTAS that failed may have left files in
    // its folder, so a retry could not succeed there; the next night starts in new folders.
    this.buildTable.addRetry({ errors: ATHENA_RETRYABLE, interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 6 });
    level.itemProcessor(this.buildTable);
    const next = new Pass(this, 'Next level', { parameters: { 'index.$': 'States.MathAdd($.level.index, 1)' }, resultPath: '$.level' });
    const finish = props.onTask('Finish models', invokeWithRetries(this, 'Finish models', {
      lambdaFunction: fn,
      payload: TaskInput.fromObject({ step: 'finish', plan: JsonPath.objectAt('$.models.plan') }),
      resultSelector: { 'result.$': '$.Payload' },
      resultPath: '$.models',
    }));
    plan.next(first).next(more);
    more.when(Condition.numberLessThanJsonPath('$.level.index', '$.models.plan.levelCount'), key.next(level).next(next).next(more as unknown as IChainable));
    more.otherwise(finish);
    this.startState = plan;
    this.endStates = finish.endStates;
  }
}

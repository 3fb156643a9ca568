import { Arn, Aws, Duration, Fn, RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IProject } from 'aws-cdk-lib/aws-codebuild';
import { Policy, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import {
  Chain, Choice, Condition, CustomState, DefinitionBody, Fail, IntegrationPattern, JsonPath, LogLevel, Pass, StateMachine, StateMachineType, Succeed, TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { CallAwsService, CodeBuildStartBuild, SnsPublish } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcardResource } from '../nag.ts';
import { invokeWithRetries, ModelsWorkflow, type Catchable } from './models-workflow.ts';
import type { ReportSite } from './report-site.ts';
import type { SqlModels } from './sql-models.ts';

export interface NightOrchestrationProps {
  /** Checks the night's exports arrived and waits until ingest has loaded them. */
  readonly checkExports: IFunction;
  /** The SQL models: the function that plans and finishes, and what the tables are built with. */
  readonly models: SqlModels;
  readonly siteData: IFunction;
  readonly siteBuild: IProject;
  readonly site: ReportSite;
  /** When the night starts: an EventBridge Scheduler expression, read in `timeZone`. */
  readonly schedule: { expression: string; timeZone: string };
  /** Encrypts the alerts topic; the state machine and CloudWatch may use it to publish. */
  readonly encryptionKey: IKey;
  /** Told of every failed night (and of exports in the dead-letter queue). Default none: subscribe later. */
  readonly alertEmails?: string[];
  /** The ingest dead-letter queue: any message there raises an alert. */
  readonly ingestDeadLetterQueue?: IQueue;
  /** Files the ingest function rejected (a Sum over 5 minutes): any raises an alert. */
  readonly rejectedFiles?: IMetric;
  /** Sends the night's digests once the site is published; its failure never fails the night (it has its own alarms). Default none. */
  readonly deliverDigests?: IFunction;
  /** Longest a night may take. Default four hours. */
  readonly timeout?: Duration;
  /** How long the night waits for ingest: the wait between checks and how many checks. Default every 3 minutes, 20 checks (an hour). */
  readonly ingestWait?: { interval: Duration; checks: number };
}

/**
 * The night: EventBridge Scheduler starts a Step Functions state machine that refuses to run
 * beside another execution, checks the exports arrived and waits until ingest loaded them, builds
 * the models on Athena (see `ModelsWorkflow`), writes the site data, builds and publishes the
 * site, and invalidates CloudFront. Every step that fails is caught, published to the alerts topic
 * with the step's name and the error and cause, and ends the execution as failed; alarms on
 * failed, timed-out and aborted executions (which no catch sees), dead-lettered exports and
 * rejected files publish to the same topic. Each step rewrites its own output, so running a night
 * again is safe.
 */
export class NightOrchestration extends Construct {
  readonly stateMachine: StateMachine;
  readonly alerts: Topic;
  readonly schedule: Schedule;
  readonly models: ModelsWorkflow;

  constructor(scope: Construct, id: string, props: NightOrchestrationProps) {
    super(scope, id);
    this.alerts = new Topic(this, 'Alerts', { displayName: 'Handoff night alerts', masterKey: props.encryptionKey, enforceSSL: true });
    for (const email of props.alertEmails ?? []) this.alerts.addSubscription(new EmailSubscription(email));

    const step = <T extends Catchable>(name: string, task: T): T => {
      const notify = new SnsPublish(this, `Notify ${name}`, {
        topic: this.alerts,
        subject: `Handoff: the night failed at "${name}"`,
        message: TaskInput.fromObject({
          step: name,
          execution: JsonPath.executionName,
          error: JsonPath.stringAt('$.error.Error'),
          cause: JsonPath.stringAt('$.error.Cause'),
        }),
        resultPath: JsonPath.DISCARD,
      });
      task.addCatch(notify.next(new Fail(this, `${name} failed`, { errorPath: '$.error.Error', causePath: '$.error.Cause' })), { resultPath: '$.error' });
      return task;
    };

    // ListExecutions lists this state machine's running executions, this one included.
    const guard = step('Refuse overlap', new CustomState(this, 'Refuse overlap', {
      stateJson: {
        Type: 'Task',
        Comment: 'Lists the running executions of this state machine (this one included)',
        Resource: `arn:${Aws.PARTITION}:states:::aws-sdk:sfn:listExecutions`,
        Parameters: { 'StateMachineArn.$': '$$.StateMachine.Id', 'StatusFilter': 'RUNNING', 'MaxResults': 2 },
        ResultSelector: { 'running.$': 'States.ArrayLength($.Executions)' },
        ResultPath: '$.guard',
      },
    }));
    const alone = new Choice(this, 'Another night running?');
    const refuse = new Fail(this, 'Night already running', {
      error: 'NightAlreadyRunning',
      cause: 'Another execution of the night is running; this one stopped before reading or writing anything. Let it finish (or stop it), then start the night again.',
    });

    const wait = props.ingestWait ?? { interval: Duration.minutes(3), checks: 20 };
    const checkExports = step('Check exports', invokeWithRetries(this, 'Check exports', { lambdaFunction: props.checkExports, payload: TaskInput.fromJsonPathAt('$'), resultSelector: { 'result.$': '$.Payload' }, resultPath: '$.exports' }));
    // Waiting for ingest: the step fails with IngestPendingError until every export of the night is in the lake and the queue is empty.
    checkExports.addRetry({ errors: ['IngestPendingError'], interval: wait.interval, backoffRate: 1, maxAttempts: wait.checks - 1 });
    this.models = new ModelsWorkflow(this, 'Models', { models: props.models, onTask: step });
    const siteData = step('Write site data', invokeWithRetries(this, 'Write site data', { lambdaFunction: props.siteData, payload: TaskInput.fromJsonPathAt('$.models.result'), resultSelector: { 'result.$': '$.Payload' }, resultPath: '$.siteData' }));
    const build = step('Build site', new CodeBuildStartBuild(this, 'Build site', {
      project: props.siteBuild,
      integrationPattern: IntegrationPattern.RUN_JOB,
      resultSelector: { 'buildId.$': '$.Build.Id', 'status.$': '$.Build.BuildStatus' },
      resultPath: '$.siteBuild',
    }));
    const invalidate = step('Invalidate cache', new CallAwsService(this, 'Invalidate cache', {
      service: 'cloudfront',
      action: 'createInvalidation',
      parameters: {
        DistributionId: props.site.distribution.distributionId,
        InvalidationBatch: { CallerReference: JsonPath.executionName, Paths: { Quantity: 1, Items: ['/*'] } },
      },
      iamResources: [props.site.distributionArn],
      iamAction: 'cloudfront:CreateInvalidation',
      resultSelector: { 'id.$': '$.Invalidation.Id' },
      resultPath: '$.invalidation',
    }));
    invalidate.addRetry({ errors: ['CloudFront.TooManyInvalidationsInProgressException', 'CloudFront.CloudFrontException'], interval: Duration.seconds(30), backoffRate: 2, maxAttempts: 4 });

    const published = new Succeed(this, 'Published');
    const afterSite = props.deliverDigests ? deliverDigestsStep(this, props.deliverDigests, published) : published;
    const night = Chain.start(checkExports).next(this.models).next(siteData).next(build).next(invalidate).next(afterSite);
    guard.next(alone.when(Condition.numberGreaterThan('$.guard.running', 1), refuse).otherwise(night));

    const logs = new LogGroup(this, 'Logs', { retention: RetentionDays.SIX_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    this.stateMachine = new StateMachine(this, 'Night', {
      comment: 'Handoff night: overlap guard, exports and ingest, models on Athena, site data, site build, CloudFront invalidation',
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(guard),
      timeout: props.timeout ?? Duration.hours(4),
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    const role = this.stateMachine.role;
    // The alerts topic is encrypted: publishing needs the key, or the failure could not be told.
    props.encryptionKey.grant(role, 'kms:Decrypt', 'kms:GenerateDataKey*');
    props.models.grantBuildTables(role);
    // Apart from the role's default policy, which the state machine depends on: this one names the state machine.
    new Policy(this, 'OverlapGuardPolicy', {
      roles: [role],
      statements: [new PolicyStatement({ actions: ['states:ListExecutions'], resources: [this.stateMachine.stateMachineArn] })],
    });
    acknowledge(role, 'AwsSolutions-IAM5[Resource::*]', "Step Functions' log delivery (logs:CreateLogDelivery and friends) and X-Ray (xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) do not support resource-level permissions; the role has no other '*' resource.");
    acknowledge(role, 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', 'Publishing to the encrypted alerts topic needs a data key of its one key (GenerateDataKey and GenerateDataKeyWithoutPlaintext); the grant names that key only.');
    acknowledgeWildcardResource(role, Arn.format({ region: '', account: '', partition: Aws.PARTITION, service: 's3', resource: props.models.lakeBucket.bucketName, resourceName: '*' }),
      "The Distributed Map reads each level's plan (_plans/<run-id>/level-<n>.json, a key chosen per night) from the lake bucket: GetObject only, lake bucket only.");
    const executions = `arn:${Aws.PARTITION}:states:${Stack.of(this).region}:${Stack.of(this).account}:execution:${Fn.select(6, Fn.split(':', this.stateMachine.stateMachineArn))}`;
    for (const arn of [`${executions}:*`, `${executions}/BuildLevel:*`]) {
      acknowledgeWildcardResource(this.stateMachine, arn, "The Distributed Map runs each level's tables as child executions of this state machine, named by Step Functions; the ARN covers this state machine's executions only.");
    }
    for (const fn of [props.checkExports, props.models.handler.function, props.siteData, ...(props.deliverDigests ? [props.deliverDigests] : [])]) {
      acknowledgeWildcardResource(role, `${fn.functionArn}:*`, 'Step Functions invokes the function by ARN and may call any published version of that one function (the `:*` qualifier); nothing else is invocable.');
    }

    this.schedule = new Schedule(this, 'Nightly', {
      description: 'Starts the Handoff night',
      schedule: ScheduleExpression.expression(props.schedule.expression, TimeZone.of(props.schedule.timeZone)),
      target: new StepFunctionsStartExecution(this.stateMachine, {
        input: ScheduleTargetInput.fromObject({ time: ContextAttribute.scheduledTime }),
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
      }),
    });

    props.encryptionKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const alarm = (name: string, description: string, metric: IMetric) => {
      new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new SnsAction(this.alerts));
    };
    const nights = { period: Duration.minutes(5), statistic: 'Sum' };
    alarm('NightFailed', 'A night failed. The alerts topic also got the failing step and its error; the execution\'s history in the Step Functions console shows the rest.', this.stateMachine.metricFailed(nights));
    alarm('NightTimedOut', 'A night ran past the state machine\'s timeout and was stopped with the step it was in; nothing was published. See the execution\'s history for the step that was slow.', this.stateMachine.metricTimedOut(nights));
    alarm('NightAborted', 'A night was stopped by hand (or by a deployment) before it finished; nothing was published by it. Start it again when ready.', this.stateMachine.metricAborted(nights));
    if (props.ingestDeadLetterQueue) {
      alarm('ExportsDeadLettered', 'An export notification failed five times and sits in the ingest dead-letter queue; see the ingest function\'s logs for the file and the reason, fix it, then redrive the queue.',
        props.ingestDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }));
    }
    if (props.rejectedFiles) {
      alarm('ExportsRejected', 'The ingest function rejected an export file it could not read (wrong format, missing required columns); its reason is in the ingest log (data health page) and the ingest function\'s logs. Fix the export and drop it again.', props.rejectedFiles);
    }
  }
}

// Digests go out after the site is published; a failure there is caught and the night still ends published.
function deliverDigestsStep(scope: Construct, fn: IFunction, published: Succeed): Chain {
  const deliver = invokeWithRetries(scope, 'Deliver digests', { lambdaFunction: fn, payload: TaskInput.fromObject({}), resultSelector: { 'result.$': '$.Payload' }, resultPath: '$.digests' });
  deliver.addCatch(new Pass(scope, 'Digests not delivered', { resultPath: JsonPath.DISCARD }).next(published), { resultPath: '$.digestsError' });
  return Chain.start(deliver).next(published);
}

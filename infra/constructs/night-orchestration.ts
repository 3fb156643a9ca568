import { Duration, RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IProject } from 'aws-cdk-lib/aws-codebuild';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import {
  Chain, DefinitionBody, Fail, IntegrationPattern, JsonPath, LogLevel, StateMachine, StateMachineType, Succeed, TaskInput,
  type TaskStateBase,
} from 'aws-cdk-lib/aws-stepfunctions';
import { CallAwsService, CodeBuildStartBuild, LambdaInvoke, SnsPublish } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcardResource } from '../nag.ts';
import type { ReportSite } from './report-site.ts';

export interface NightOrchestrationProps {
  readonly checkExports: IFunction;
  readonly models: IFunction;
  readonly siteData: IFunction;
  readonly siteBuild: IProject;
  readonly site: ReportSite;
  /** When the night starts: an EventBridge Scheduler expression, read in `timeZone`. */
  readonly schedule: { expression: string; timeZone: string };
  /** Encrypts the alerts topic. */
  readonly encryptionKey: IKey;
  /** Told of every failed night (and of exports in the dead-letter queue). Default none: subscribe later. */
  readonly alertEmails?: string[];
  /** The ingest dead-letter queue: any message there raises an alert. */
  readonly ingestDeadLetterQueue?: IQueue;
  /** Longest a night may take. Default two hours. */
  readonly timeout?: Duration;
}

/** Lambda errors that say nothing about the work, only that Lambda itself failed: retried with backoff. */
const LAMBDA_SERVICE_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException', 'Lambda.ClientExecutionTimeoutException'];

/**
 * The night: EventBridge Scheduler starts a Step Functions state machine that checks the exports
 * arrived, runs the models on Athena, writes the site data, builds and publishes the site, and
 * invalidates CloudFront. Every step that fails is caught, published to the alerts topic with the
 * step's name and the error and cause, and ends the execution as failed. Each step rewrites its
 * own output, so running a night again is safe.
 */
export class NightOrchestration extends Construct {
  readonly stateMachine: StateMachine;
  readonly alerts: Topic;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: NightOrchestrationProps) {
    super(scope, id);
    this.alerts = new Topic(this, 'Alerts', { displayName: 'Handoff night alerts', masterKey: props.encryptionKey, enforceSSL: true });
    for (const email of props.alertEmails ?? []) this.alerts.addSubscription(new EmailSubscription(email));

    const step = <T extends TaskStateBase>(name: string, task: T): T => {
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
    const invoke = (name: string, fn: IFunction, payload: TaskInput, resultPath: string) => {
      const task = new LambdaInvoke(this, name, { lambdaFunction: fn, payload, resultSelector: { 'result.$': '$.Payload' }, resultPath, retryOnServiceExceptions: false });
      task.addRetry({ errors: LAMBDA_SERVICE_ERRORS, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 6, jitterStrategy: undefined });
      return step(name, task);
    };

    const checkExports = invoke('Check exports', props.checkExports, TaskInput.fromJsonPathAt('$'), '$.exports');
    const models = invoke('Run models', props.models, TaskInput.fromJsonPathAt('$'), '$.models');
    const siteData = invoke('Write site data', props.siteData, TaskInput.fromJsonPathAt('$.models.result'), '$.siteData');
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

    const logs = new LogGroup(this, 'Logs', { retention: RetentionDays.SIX_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    this.stateMachine = new StateMachine(this, 'Night', {
      comment: 'Handoff night: check exports, models on Athena, site data, site build, CloudFront invalidation',
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(Chain.start(checkExports).next(models).next(siteData).next(build).next(invalidate).next(new Succeed(this, 'Published'))),
      timeout: props.timeout ?? Duration.hours(2),
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    const role = this.stateMachine.role;
    acknowledge(role, 'AwsSolutions-IAM5[Resource::*]', "Step Functions' log delivery (logs:CreateLogDelivery and friends) and X-Ray (xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) do not support resource-level permissions; the role has no other '*' resource.");
    for (const fn of [props.checkExports, props.models, props.siteData]) {
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

    if (props.ingestDeadLetterQueue) {
      props.encryptionKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
      const alarm = new Alarm(this, 'ExportsDeadLettered', {
        alarmDescription: 'An export notification failed five times and sits in the ingest dead-letter queue; see the ingest function\'s logs for the file and the reason, fix it, then redrive the queue.',
        metric: props.ingestDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new SnsAction(this.alerts));
    }
  }
}

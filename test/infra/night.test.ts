import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { stateMachineDefinition, synthesize, type SynthesizedApp } from './app-fixture.ts';

describe('the night', () => {
  let app: SynthesizedApp;
  let definition: ReturnType<typeof stateMachineDefinition>;
  beforeAll(() => {
    app = synthesize();
    const machine = Object.values(app.json('night').Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine')!;
    definition = stateMachineDefinition(machine.Properties!['DefinitionString']);
  });

  it('starts at 05:00 Berlin time every day, passing the scheduled time to the state machine', () => {
    app.template('night').hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 5 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      State: 'ENABLED',
      Target: Match.objectLike({ Input: '{"time":"<aws.scheduler.scheduled-time>"}', RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 } }),
    });
  });

  it('runs the steps in order: exports, models, site data, site build, invalidation', () => {
    const order: string[] = [];
    for (let state: string | undefined = definition.StartAt; state; state = definition.States[state].Next) order.push(state);
    expect(order).toEqual(['Check exports', 'Run models', 'Write site data', 'Build site', 'Invalidate cache', 'Published']);
    const resource = (name: string) => definition.States[name].Resource.replace(/^arn:TOKEN:/, '');
    expect(['Check exports', 'Run models', 'Write site data', 'Build site', 'Invalidate cache'].map(resource)).toEqual([
      'states:::lambda:invoke', 'states:::lambda:invoke', 'states:::lambda:invoke', 'states:::codebuild:startBuild.sync', 'states:::aws-sdk:cloudfront:createInvalidation',
    ]);
  });

  it('catches every failure of every task, publishes the step, error and cause to SNS, then fails', () => {
    const tasks = Object.entries(definition.States).filter(([, s]) => s.Type === 'Task' && !String(s.Resource).includes(':sns:publish'));
    expect(tasks).toHaveLength(5);
    for (const [name, task] of tasks) {
      expect(task.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: `Notify ${name}` }]);
      const notify = definition.States[`Notify ${name}`];
      expect(notify.Resource).toBe('arn:TOKEN:states:::sns:publish');
      expect(notify.Parameters).toMatchObject({
        Subject: `Handoff: the night failed at "${name}"`,
        Message: { 'step': name, 'execution.$': '$$.Execution.Name', 'error.$': '$.error.Error', 'cause.$': '$.error.Cause' },
      });
      expect(definition.States[notify.Next]).toEqual({ Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' });
    }
  });

  it('retries the Lambda steps with backoff on Lambda service errors only', () => {
    for (const name of ['Check exports', 'Run models', 'Write site data']) {
      expect(definition.States[name].Retry).toEqual([{
        ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException', 'Lambda.ClientExecutionTimeoutException'],
        IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2,
      }]);
    }
  });

  it('hands each step what it reads, and invalidates with a reference unique to the execution', () => {
    expect(definition.States['Check exports'].Parameters['Payload.$']).toBe('$');
    expect(definition.States['Write site data'].Parameters['Payload.$']).toBe('$.models.result');
    expect(definition.States['Invalidate cache'].Parameters.InvalidationBatch).toEqual({ 'CallerReference.$': '$$.Execution.Name', 'Paths': { Quantity: 1, Items: ['/*'] } });
  });

  it('logs every state machine event and traces it', () => {
    app.template('night').hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
      TracingConfiguration: { Enabled: true },
    });
  });

  it('encrypts the alerts topic with a rotating key, subscribes the alert address, and alarms on dead-lettered exports', () => {
    const night = app.template('night');
    night.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    night.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    night.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    night.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    night.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('builds the site on CodeBuild with Node.js 24, from an S3 source, with npm ci and the publish script', () => {
    const project = Object.values(app.json('night').Resources).find((r) => r.Type === 'AWS::CodeBuild::Project')!.Properties!;
    expect(project['Environment']).toMatchObject({ Image: 'aws/codebuild/amazonlinux-x86_64-lambda-standard:nodejs24', Type: 'LINUX_LAMBDA_CONTAINER', PrivilegedMode: false });
    expect(project['Source'].Type).toBe('S3');
    const buildSpec = JSON.parse(project['Source'].BuildSpec);
    expect(buildSpec.phases.install.commands).toContain('npm ci --omit=dev --no-audit --no-fund || npm install --omit=dev --no-audit --no-fund');
    expect(buildSpec.phases.build.commands).toEqual(['node infra/site-build/publish.ts']);
    const variables = Object.fromEntries(project['Environment'].EnvironmentVariables.map((v: { Name: string; Value: unknown }) => [v.Name, v.Value]));
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(['SITE_DATA_BUCKET', 'SITE_DATA_PREFIX', 'SITE_BUCKET']));
    expect(variables['SITE_DATA_PREFIX']).toBe('_site-data/');
    expect(project['EncryptionKey']).toBeDefined();
  });

  it('tells the export check which sources must arrive, and the site-data step where to write', () => {
    const night = app.template('night');
    night.hasResourceProperties('AWS::Lambda::Function', { Handler: 'functions/night/index.handler', Environment: { Variables: Match.objectLike({ EXPECTED_SOURCES: 'salesforce', RAW_BUCKET: Match.anyValue() }) } });
    night.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SITE_DATA_PREFIX: '_site-data/', SITE_DATA_BUCKET: Match.anyValue(), GLUE_DATABASE: Match.stringLikeRegexp('_models$'), CONFIG_JSON: '{}' }) } });
  });
});

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

  /** The states from `from` on, following Next (and a Choice's Default), until a state without one. */
  const path = (from: string): string[] => {
    const order: string[] = [];
    for (let state: string | undefined = from; state && !order.includes(state); state = definition.States[state].Next ?? definition.States[state].Default) order.push(state);
    return order;
  };

  it('refuses to start beside another running night, then runs: exports and ingest, models, site data, site build, invalidation', () => {
    expect(definition.StartAt).toBe('Refuse overlap');
    expect(definition.States['Refuse overlap']).toMatchObject({
      Type: 'Task',
      Resource: 'arn:TOKEN:states:::aws-sdk:sfn:listExecutions',
      Parameters: { 'StateMachineArn.$': '$$.StateMachine.Id', 'StatusFilter': 'RUNNING', 'MaxResults': 2 },
      ResultSelector: { 'running.$': 'States.ArrayLength($.Executions)' },
      ResultPath: '$.guard',
      Next: 'Another night running?',
    });
    // The running night itself is one of the running executions: two or more means another one runs.
    expect(definition.States['Another night running?']).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.guard.running', NumericGreaterThan: 1, Next: 'Night already running' }],
      Default: 'Check exports',
    });
    expect(definition.States['Night already running']).toMatchObject({ Type: 'Fail', Error: 'NightAlreadyRunning' });
    expect(path('Check exports')).toEqual([
      'Check exports', 'Plan models', 'First level', 'Another level?', 'Finish models', 'Write site data', 'Build site', 'Invalidate cache', 'Deliver digests', 'Published',
    ]);
    const resource = (name: string) => definition.States[name].Resource.replace(/^arn:TOKEN:/, '');
    expect(['Check exports', 'Plan models', 'Finish models', 'Write site data', 'Build site', 'Invalidate cache'].map(resource)).toEqual([
      'states:::lambda:invoke', 'states:::lambda:invoke', 'states:::lambda:invoke', 'states:::lambda:invoke', 'states:::codebuild:startBuild.sync', 'states:::aws-sdk:cloudfront:createInvalidation',
    ]);
  });

  it('may list only its own executions, from a policy apart from the one the state machine depends on', () => {
    const night = app.json('night');
    const machineId = Object.entries(night.Resources).find(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine')![0];
    const guard = Object.values(night.Resources).filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => r.Properties!['PolicyDocument'].Statement as Array<{ Action: string | string[]; Resource: unknown }>)
      .filter((st) => st.Action === 'states:ListExecutions');
    expect(guard).toEqual([{ Action: 'states:ListExecutions', Effect: 'Allow', Resource: { Ref: machineId } }]);
  });

  it('waits for ingest: the check is retried every 3 minutes while exports are not in the lake or the queue is not empty, 20 checks at most', () => {
    expect(definition.States['Check exports'].Retry).toEqual([
      { ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException', 'Lambda.ClientExecutionTimeoutException'], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2 },
      { ErrorEquals: ['IngestPendingError'], IntervalSeconds: 180, MaxAttempts: 19, BackoffRate: 1 },
    ]);
    app.template('night').hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ EXPECTED_SOURCES: 'salesforce', LAKE_BUCKET: Match.anyValue(), INGEST_QUEUE_URL: Match.anyValue() }) },
    });
    const statements = Object.values(app.json('night').Resources).filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => r.Properties!['PolicyDocument'].Statement as Array<{ Action: string | string[] }>);
    expect(statements.filter((st) => st.Action === 'sqs:GetQueueAttributes')).toHaveLength(1);
  });

  it('builds the models level by level: a Distributed Map per level over the plan file, each table one Athena startQueryExecution.sync with retries', () => {
    expect(definition.States['First level']).toMatchObject({ Type: 'Pass', Result: { index: 0 }, ResultPath: '$.level', Next: 'Another level?' });
    expect(definition.States['Another level?']).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.level.index', NumericLessThanPath: '$.models.plan.levelCount', Next: 'Level file' }],
      Default: 'Finish models',
    });
    expect(path('Level file')).toEqual(['Level file', 'Build level', 'Next level', 'Another level?', 'Finish models', 'Write site data', 'Build site', 'Invalidate cache', 'Deliver digests', 'Published']);
    expect(definition.States['Level file'].Parameters).toEqual({ 'index.$': '$.level.index', 'key.$': 'States.ArrayGetItem($.models.plan.levelKeys, $.level.index)' });
    expect(definition.States['Next level'].Parameters).toEqual({ 'index.$': 'States.MathAdd($.level.index, 1)' });
    const map = definition.States['Build level'];
    expect(map).toMatchObject({
      Type: 'Map',
      ItemReader: { Resource: 'arn:TOKEN:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { 'Bucket': 'TOKEN', 'Key.$': '$.level.key' } },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Build table' },
      MaxConcurrency: 8,
      ResultPath: null,
    });
    // No failure tolerated (ASL's default): one table that cannot be built fails the level.
    expect(map.ToleratedFailurePercentage).toBeUndefined();
    expect(map.ToleratedFailureCount).toBeUndefined();
    const build = map.ItemProcessor.States['Build table'];
    expect(build).toMatchObject({
      Type: 'Task',
      Resource: 'arn:TOKEN:states:::athena:startQueryExecution.sync',
      Parameters: { 'QueryString.$': '$.sql', 'WorkGroup': expect.stringMatching(/^HandoffModels-Athena-/), 'QueryExecutionContext': { Catalog: 'AwsDataCatalog', Database: expect.stringMatching(/_models$/) } },
      TimeoutSeconds: 1800,
      End: true,
    });
    expect(build.Retry).toEqual([{ ErrorEquals: ['Athena.TooManyRequestsException', 'Athena.InternalServerException', 'Athena.AthenaException'], IntervalSeconds: 5, MaxAttempts: 6, BackoffRate: 2 }]);
    // The plan and finish ends are the models function's two steps.
    expect(definition.States['Plan models'].Parameters.Payload).toEqual({ 'step': 'plan', 'execution.$': '$$.Execution.Name', 'startedAt.$': '$$.Execution.StartTime', 'input.$': '$$.Execution.Input' });
    expect(definition.States['Finish models'].Parameters.Payload).toEqual({ 'step': 'finish', 'plan.$': '$.models.plan' });
  });

  it('lets the state machine run the queries in the workgroup, write only _models/ in the lake, and start and stop them', () => {
    const statements = Object.values(app.json('night').Resources).filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties!['Roles']).includes('NightRole'))
      .flatMap((r) => r.Properties!['PolicyDocument'].Statement as Array<{ Action: string | string[]; Resource: unknown }>);
    const actions = statements.flatMap((st) => [st.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:StopQueryExecution', 'athena:GetDataCatalog', 'glue:CreateTable']));
    const writes = statements.filter((st) => [st.Action].flat().includes('s3:PutObject')).map((st) => JSON.stringify(st.Resource));
    expect(writes).toHaveLength(2);
    expect(writes.some((r) => r.includes('/_models/*'))).toBe(true);
    expect(writes.some((r) => r.includes('AthenaResults'))).toBe(true);
    // Nothing the CDK Athena task would add on "*" (s3:CreateBucket, lakeformation:GetDataAccess).
    expect(actions).not.toContain('s3:CreateBucket');
    expect(actions).not.toContain('lakeformation:GetDataAccess');
  });

  it('catches every failure of every task and level, publishes the step, error and cause to SNS, then fails', () => {
    // Digest delivery is caught apart: it never fails the night (digest-delivery.test.ts).
    const caught = Object.entries(definition.States).filter(([name, s]) => (s.Type === 'Task' || s.Type === 'Map') && !String(s.Resource).includes(':sns:publish') && name !== 'Deliver digests');
    expect(caught.map(([name]) => name).sort()).toEqual(['Build level', 'Build site', 'Check exports', 'Finish models', 'Invalidate cache', 'Plan models', 'Refuse overlap', 'Write site data']);
    for (const [name, task] of caught) {
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

  it('may use the alerts key to publish: the state machine role has kms:Decrypt and kms:GenerateDataKey* on that key', () => {
    const night = app.json('night');
    const keyId = Object.entries(night.Resources).find(([, r]) => r.Type === 'AWS::KMS::Key')![0];
    const topic = Object.values(night.Resources).find((r) => r.Type === 'AWS::SNS::Topic')!;
    expect(topic.Properties!['KmsMasterKeyId']).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const role = Object.values(night.Resources).find((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties!['Roles']).includes('NightRole') && JSON.stringify(r.Properties).includes('sns:Publish'))!;
    expect(role.Properties!['PolicyDocument'].Statement).toEqual(expect.arrayContaining([
      { Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    ]));
  });

  it('alarms to the alerts topic on failed, timed-out and aborted nights and on rejected export files', () => {
    const night = app.json('night');
    const topicId = Object.entries(night.Resources).find(([, r]) => r.Type === 'AWS::SNS::Topic')![0];
    const machineId = Object.entries(night.Resources).find(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine')![0];
    const alarms = Object.values(night.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties!);
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
      const alarm = alarms.find((a) => a['MetricName'] === metric)!;
      expect(alarm, metric).toMatchObject({
        Namespace: 'AWS/States', Statistic: 'Sum', Period: 300, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching',
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: machineId } }],
        AlarmActions: [{ Ref: topicId }],
      });
    }
    expect(alarms.find((a) => a['MetricName'] === 'FilesRejected')).toMatchObject({
      Namespace: 'Handoff', Statistic: 'Sum', Period: 300, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold',
      Dimensions: [{ Name: 'service', Value: 'handoff-ingest' }], AlarmActions: [{ Ref: topicId }],
    });
    // And the digest delivery's own two (digest-delivery.test.ts).
    expect(alarms).toHaveLength(7);
  });

  it('retries the Lambda steps with backoff on Lambda service errors only', () => {
    for (const name of ['Plan models', 'Finish models', 'Write site data']) {
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

  it('builds the site on CodeBuild with Node.js 24, from an S3 source holding its dependencies: the publish script only, no registry access', () => {
    const project = Object.values(app.json('night').Resources).find((r) => r.Type === 'AWS::CodeBuild::Project')!.Properties!;
    expect(project['Environment']).toMatchObject({ Image: 'aws/codebuild/amazonlinux-x86_64-lambda-standard:nodejs24', Type: 'LINUX_LAMBDA_CONTAINER', PrivilegedMode: false });
    expect(project['Source'].Type).toBe('S3');
    const buildSpec = JSON.parse(project['Source'].BuildSpec);
    expect(buildSpec.phases.install.commands).toEqual(['node --version', 'test -d node_modules/astro']);
    expect(buildSpec.phases.build.commands).toEqual(['node infra/site-build/publish.ts']);
    expect(JSON.stringify(buildSpec)).not.toMatch(/\bnpm\b|\bnpx\b|\byarn\b|\bpnpm\b/);
    const variables = Object.fromEntries(project['Environment'].EnvironmentVariables.map((v: { Name: string; Value: unknown }) => [v.Name, v.Value]));
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(['SITE_DATA_BUCKET', 'SITE_DATA_PREFIX', 'SITE_BUCKET']));
    expect(variables['SITE_DATA_PREFIX']).toBe('_site-data/');
    expect(variables['NPM_CONFIG_OFFLINE']).toBe('true');
    expect(project['EncryptionKey']).toBeDefined();
  });

  it('tells the export check which sources must arrive, and the site-data step where to write', () => {
    const night = app.template('night');
    night.hasResourceProperties('AWS::Lambda::Function', { Handler: 'functions/night/index.handler', Environment: { Variables: Match.objectLike({ EXPECTED_SOURCES: 'salesforce', RAW_BUCKET: Match.anyValue() }) } });
    night.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SITE_DATA_PREFIX: '_site-data/', SITE_DATA_BUCKET: Match.anyValue(), GLUE_DATABASE: Match.stringLikeRegexp('_models$'), CONFIG_JSON: '{}' }) } });
  });
});

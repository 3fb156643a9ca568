import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { pickVersion } from '../../infra/bundling/finish-asset.ts';
import { synthesize, type SynthesizedApp } from './app-fixture.ts';

/** The ELF header's machine field (offset 18, little-endian): 183 is AArch64, 62 is x86-64. */
function elfMachine(path: string): number {
  const header = Buffer.alloc(20);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 20, 0);
  } finally {
    closeSync(fd);
  }
  expect(header.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  return header.readUInt16LE(18);
}

describe('ingest', () => {
  let app: SynthesizedApp;
  let assetDir: string;
  const assetOf = (stack: 'ingest' | 'models') => {
    const fn = Object.values(app.json(stack).Resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties!['Handler']?.startsWith('functions/'))!;
    return join(app.assembly.directory, fn.Metadata!['aws:asset:path']);
  };
  beforeAll(() => {
    // The one synth of the suite that really bundles: the ingest function (DuckDB for linux-arm64) and the models function (SQL).
    app = synthesize({ bundle: ['ingest', 'models'] });
    assetDir = assetOf('ingest');
  });

  it('gives exports a queue whose visibility timeout is six times the function timeout, and a dead-letter queue after five receives', () => {
    const ingest = app.template('ingest');
    ingest.hasResourceProperties('AWS::Lambda::Function', { Handler: 'functions/ingest/index.handler', Timeout: 900 });
    ingest.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 5400,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
      SqsManagedSseEnabled: true,
    });
    ingest.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true });
    ingest.resourceCountIs('AWS::SQS::Queue', 2);
  });

  it('invokes the function with one export at a time (batch size 1) and reports a failed record for redelivery', () => {
    app.template('ingest').hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('runs Node.js 24 on arm64 with room for DuckDB: 3008 MB, 10 GB of /tmp, Powertools settings', () => {
    app.template('ingest').hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'functions/ingest/index.handler',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 3008,
      EphemeralStorage: { Size: 10240 },
      Environment: {
        Variables: Match.objectLike({
          LAKE_BUCKET: Match.anyValue(),
          SOURCE_TIME_ZONE: 'UTC',
          // The config travels with the function, so mapped CSV sources load in AWS too.
          CONFIG_JSON: Match.anyValue(),
          HOME: '/tmp',
          POWERTOOLS_SERVICE_NAME: 'handoff-ingest',
          POWERTOOLS_METRICS_NAMESPACE: 'Handoff',
        }),
      },
    });
  });

  it('loads exports over 1 GiB in a Fargate task running the same code: 4 vCPUs, 16 GiB, 200 GiB of disk, told to the function', () => {
    const ingest = app.template('ingest');
    ingest.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RequiresCompatibilities: ['FARGATE'],
      Cpu: '4096',
      Memory: '16384',
      EphemeralStorage: { SizeInGiB: 200 },
      ContainerDefinitions: [Match.objectLike({
        Name: 'Ingest',
        Environment: Match.arrayWith([{ Name: 'LAKE_BUCKET', Value: Match.anyValue() }, { Name: 'TASK_MEMORY_MB', Value: '16384' }]),
        LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
      })],
    });
    ingest.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'functions/ingest/index.handler',
      Environment: { Variables: Match.objectLike({ LARGE_EXPORT_BYTES: '1073741824', INGEST_TASK_CLUSTER: Match.anyValue(), INGEST_TASK_DEFINITION: Match.anyValue(), INGEST_TASK_CONTAINER: 'Ingest', INGEST_TASK_SUBNETS: Match.anyValue() }) },
    });
    // The function may start that task and pass it its two roles, nothing more of ECS.
    const policy = Object.values(app.json('ingest').Resources).find((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties).includes('IngestRole'))!;
    const statements = policy.Properties!['PolicyDocument'].Statement as Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }>;
    expect(statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('ecs:')))).toEqual([{ Action: 'ecs:RunTask', Effect: 'Allow', Resource: { Ref: expect.stringMatching(/^IngestLargeExportsTask/) } }]);
    expect(statements.find((s) => s.Action === 'iam:PassRole')!.Condition).toEqual({ StringLike: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } });
  });

  it('runs the task in public subnets without a NAT gateway, admits nothing inbound, and reaches S3 through a gateway endpoint', () => {
    const ingest = app.template('ingest');
    ingest.resourceCountIs('AWS::EC2::NatGateway', 0);
    ingest.resourceCountIs('AWS::EC2::Subnet', 2);
    ingest.hasResourceProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: true });
    ingest.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: Match.objectLike({}) });
    const groups = Object.values(app.json('ingest').Resources).filter((r) => r.Type === 'AWS::EC2::SecurityGroup');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.Properties!['SecurityGroupIngress']).toBeUndefined();
    ingest.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  it('puts the export of a task that stopped without loading it back into the dead-letter queue as an S3 notification', () => {
    const ingest = app.template('ingest');
    const rule = Object.values(app.json('ingest').Resources).find((r) => r.Type === 'AWS::Events::Rule')!;
    expect(rule.Properties!['EventPattern']).toMatchObject({
      'source': ['aws.ecs'],
      'detail-type': ['ECS Task State Change'],
      'detail': { lastStatus: ['STOPPED'], $or: [{ containers: { exitCode: [{ 'anything-but': 0 }] } }, { stopCode: ['TaskFailedToStart'] }] },
    });
    const [target] = rule.Properties!['Targets'] as Array<{ Arn: { 'Fn::GetAtt': string[] }; InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string } }>;
    expect(target!.Arn['Fn::GetAtt'][0]).toMatch(/^IngestDeadLetters/);
    // The function sets EXPORT_BUCKET, EXPORT_KEY, EXPORT_ETAG and EXPORT_VERSION_ID in that order: environment[0..3].
    const paths = Object.values(target!.InputTransformer.InputPathsMap);
    expect(paths).toEqual(expect.arrayContaining([0, 1, 2, 3].map((i) => `$.detail.overrides.containerOverrides[0].environment[${i}].value`)));
    expect(target!.InputTransformer.InputTemplate).toContain('"s3":{"bucket":{"name":<');
    ingest.hasResourceProperties('AWS::SQS::QueuePolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']), Principal: { Service: 'events.amazonaws.com' } })]) } });
  });

  it("sends the raw bucket's ObjectCreated notifications to the queue", () => {
    app.template('ingest').hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: { QueueConfigurations: [{ Events: ['s3:ObjectCreated:*'], QueueArn: Match.anyValue() }] },
      Managed: false,
    });
  });

  it('lets the function read exports (the version a notification names) and write the lake, and nothing else in S3', () => {
    const policies = Object.values(app.json('ingest').Resources).filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties).includes('IngestRole'));
    const s3Actions = policies.flatMap((p) => p.Properties!['PolicyDocument'].Statement).flatMap((s: { Action: string | string[] }) => [s.Action].flat()).filter((a: string) => a.startsWith('s3:')).sort();
    expect(s3Actions).toEqual(['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:ListBucket', 's3:PutObject']);
  });

  it('bundles the handler under functions/ingest/, with DuckDB and its linux-arm64 native binding beside it', () => {
    expect(existsSync(join(assetDir, 'functions/ingest/index.mjs'))).toBe(true);
    const binding = join(assetDir, 'node_modules/@duckdb/node-bindings-linux-arm64/duckdb.node');
    expect(elfMachine(binding)).toBe(183);
    expect(existsSync(join(assetDir, 'node_modules/@duckdb/node-bindings-linux-x64'))).toBe(false);
    const versions = JSON.parse(readFileSync(join(assetDir, 'node_modules/.duckdb.json'), 'utf8')) as { platform: string; locked: string; installed: string };
    const installed = (name: string) => (JSON.parse(readFileSync(join(assetDir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    // One DuckDB release throughout: the API, its bindings and the native binding.
    expect(versions.platform).toBe('linux-arm64');
    expect(installed('@duckdb/node-api')).toBe(versions.installed);
    expect(installed('@duckdb/node-bindings')).toBe(versions.installed);
    expect(installed('@duckdb/node-bindings-linux-arm64')).toBe(versions.installed);
    expect(versions.installed.split('.').slice(0, 2)).toEqual(versions.locked.split('.').slice(0, 2));
  });

  it("bundles the models function so the SQL it finds relative to its module is the repository's sql/", () => {
    const models = assetOf('models');
    const bundle = join(models, 'functions/models/index.mjs');
    expect(existsSync(bundle)).toBe(true);
    // functions/core/sql.ts reads new URL('../../sql/', import.meta.url); in the bundle that URL is the bundle's.
    const sqlDir = fileURLToPath(new URL('../../sql/', pathToFileURL(bundle)));
    expect(sqlDir).toBe(join(models, 'sql/'));
    expect(readdirSync(join(sqlDir, 'marts')).filter((f) => f.endsWith('.sql'))).toEqual(expect.arrayContaining(['funnel_monthly.sql', 'leads.sql', 'sla_compliance.sql']));
  });

  it('takes the locked DuckDB release for the binding when it is published, else the newest older one of the same minor release', () => {
    const published = ['1.4.4-r.3', '1.5.2-r.2', '1.5.5-r.5', '1.5.4-r.1'];
    expect(pickVersion('1.5.5-r.5', published)).toBe('1.5.5-r.5');
    expect(pickVersion('1.5.6-r.1', published)).toBe('1.5.5-r.5');
    expect(pickVersion('1.6.0-r.1', published)).toBeUndefined();
  });
});

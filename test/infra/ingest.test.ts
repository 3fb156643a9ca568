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

  it("sends the raw bucket's ObjectCreated notifications to the queue", () => {
    app.template('ingest').hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: { QueueConfigurations: [{ Events: ['s3:ObjectCreated:*'], QueueArn: Match.anyValue() }] },
      Managed: false,
    });
  });

  it('lets the function read exports and write the lake, and nothing else in S3', () => {
    const policies = Object.values(app.json('ingest').Resources).filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties).includes('IngestRole'));
    const s3Actions = policies.flatMap((p) => p.Properties!['PolicyDocument'].Statement).flatMap((s: { Action: string | string[] }) => [s.Action].flat()).filter((a: string) => a.startsWith('s3:')).sort();
    expect(s3Actions).toEqual(['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:ListBucket', 's3:PutObject']);
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

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ECSClient, RunTaskCommand } from '@aws-sdk/client-ecs';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import { readIngestFunctionConfig } from '../../../functions/ingest/handler/config.ts';
import { LargeExportHandOffError, type LargeExportTask } from '../../../functions/ingest/handler/large-exports.ts';
import { processObject, type ProcessObjectDeps } from '../../../functions/ingest/handler/process-object.ts';
import { exportFromEnvironment, loadLargeExport } from '../../../functions/ingest/task/index.ts';
import { emptyBucket, listKeys, startS3rver, type LocalS3 } from '../../helpers/s3rver.ts';

// A Salesforce Data Export Lead.csv: rows 1 and 2 are good; row 3's CreatedDate is nonsense (quarantined).
const LEAD_CSV = '"Id","IsDeleted","FirstName","LastName","Company","Status","OwnerId","IsConverted","LeadSource","CreatedDate","LastModifiedDate"\r\n'
  + '"00Q000000000001AAA","0","Ada","Ng","Acme","Open - Not Contacted","005000000000001AAA","0","Web","2026-11-19 14:05:00","2026-11-19 15:00:00"\r\n'
  + '"00Q000000000002AAA","0","Ben","Ito","Globex","Working - Contacted","005000000000002AAA","0","Partner Referral","2026-11-19 16:30:00","2026-11-20 01:00:00"\r\n'
  + '"00Q000000000004AAA","0","Dee","Bad","Umbrella","Open - Not Contacted","005000000000001AAA","0","Web","last tuesday","2026-11-19 11:00:00"\r\n';
const BYTES = Buffer.byteLength(LEAD_CSV);
const KEY = 'salesforce/2026-11-20/Lead.csv';
// Lake file key: the path without source and date, plus the first 10 hex digits of sha256(KEY) (cf6f02bd24…).
const LAKE_KEYS = [
  '_ingest/salesforce/lead/export_date=2026-11-20/lead_csv_cf6f02bd24.parquet',
  '_quarantine/salesforce/lead/export_date=2026-11-20/lead_csv_cf6f02bd24.parquet',
  'salesforce/lead/export_date=2026-11-20/lead_csv_cf6f02bd24.parquet',
];
const TASK_ARN = 'arn:aws:ecs:eu-west-1:111122223333:task/handoff/0123456789abcdef';

describe('exports too large for the function go to the Fargate task, which loads them with the same code', () => {
  const ecs = mockClient(ECSClient);
  let s3: LocalS3;
  let engine: DuckDbEngine;
  let scratch: string;
  const task = (thresholdBytes: number): LargeExportTask => ({
    thresholdBytes, cluster: 'arn:aws:ecs:eu-west-1:111122223333:cluster/handoff', taskDefinition: 'arn:aws:ecs:eu-west-1:111122223333:task-definition/handoff-ingest:3',
    container: 'Ingest', subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'],
  });
  const deps = (thresholdBytes?: number): ProcessObjectDeps => ({
    s3: s3.client, engine, lakeBucket: 'lake', scratchDir: scratch,
    ...(thresholdBytes === undefined ? {} : { largeExports: { task: task(thresholdBytes), ecs: new ECSClient({ region: 'eu-west-1' }) } }),
  });

  beforeAll(async () => {
    s3 = await startS3rver(['raw', 'lake']);
    engine = await DuckDbEngine.open();
    scratch = mkdtempSync(join(tmpdir(), 'handoff-large-export-'));
  });
  afterAll(async () => {
    await engine?.close();
    await s3?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });
  beforeEach(async () => {
    ecs.reset();
    await emptyBucket(s3.client, 'raw');
    await emptyBucket(s3.client, 'lake');
    await s3.client.send(new PutObjectCommand({ Bucket: 'raw', Key: KEY, Body: LEAD_CSV }));
  });

  it('starts one task for an object of more bytes than the threshold (size from the notification), naming the export in a fixed order; the lake is untouched', async () => {
    // Prepare
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK_ARN }], failures: [] });

    // Act: a 2 GiB object as S3 announced it, threshold 1 GiB; a key with a space and a "+".
    const outcome = await processObject(deps(1024 ** 3), { bucket: 'raw', key: 'salesforce/2026-11-20/Big export+1.zip', etag: 'abc123', size: 2 * 1024 ** 3 });

    // Assess
    expect(outcome).toEqual({ status: 'handed-off', object: { bucket: 'raw', key: 'salesforce/2026-11-20/Big export+1.zip', etag: 'abc123', size: 2147483648 }, bytes: 2147483648, taskArn: TASK_ARN });
    expect(ecs.commandCalls(RunTaskCommand).map((c) => c.args[0].input)).toEqual([{
      cluster: 'arn:aws:ecs:eu-west-1:111122223333:cluster/handoff', taskDefinition: 'arn:aws:ecs:eu-west-1:111122223333:task-definition/handoff-ingest:3',
      launchType: 'FARGATE', count: 1, startedBy: 'handoff-ingest',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'], assignPublicIp: 'ENABLED' } },
      overrides: { containerOverrides: [{ name: 'Ingest', environment: [
        { name: 'EXPORT_BUCKET', value: 'raw' },
        // encodeURIComponent: " " → %20, "/" → %2F, "+" → %2B.
        { name: 'EXPORT_KEY', value: 'salesforce%2F2026-11-20%2FBig%20export%2B1.zip' },
        { name: 'EXPORT_ETAG', value: 'abc123' },
        { name: 'EXPORT_VERSION_ID', value: '' },
      ] }] },
    }]);
    expect(await listKeys(s3.client, 'lake')).toEqual([]);
  });

  it('asks S3 for the size when the notification has none: one byte over the threshold goes to the task, exactly the threshold loads here', async () => {
    // Prepare
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK_ARN }] });

    // Act
    const over = await processObject(deps(BYTES - 1), { bucket: 'raw', key: KEY });
    const atThreshold = await processObject(deps(BYTES), { bucket: 'raw', key: KEY });

    // Assess
    expect(over).toMatchObject({ status: 'handed-off', bytes: BYTES });
    expect(atThreshold).toMatchObject({ status: 'loaded', load: { rowsLoaded: 2, rowsQuarantined: 1 } });
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(1);
  });

  it('throws when ECS starts no task (capacity), so SQS retries the message and nothing is written', async () => {
    // Prepare
    ecs.on(RunTaskCommand).resolves({ tasks: [], failures: [{ reason: 'RESOURCE:FARGATE', detail: 'no capacity' }] });

    // Act
    const attempt = processObject(deps(1), { bucket: 'raw', key: KEY, size: BYTES });

    // Assess
    await expect(attempt).rejects.toThrow(LargeExportHandOffError);
    await expect(processObject(deps(1), { bucket: 'raw', key: KEY, size: BYTES })).rejects.toThrow('salesforce/2026-11-20/Lead.csv: ECS started no large-export task (RESOURCE:FARGATE no capacity); the message will be retried');
    expect(await listKeys(s3.client, 'lake')).toEqual([]);
  });

  it('the task loads the export its environment names, with the same lake keys and receipt as the function', async () => {
    // Prepare
    const { ETag } = await s3.client.send(new HeadObjectCommand({ Bucket: 'raw', Key: KEY }));

    // Act
    const outcome = await loadLargeExport(deps(), { EXPORT_BUCKET: 'raw', EXPORT_KEY: encodeURIComponent(KEY), EXPORT_ETAG: '' });

    // Assess: 2 rows loaded, 1 quarantined; the receipt names the object's own ETag.
    expect(outcome).toMatchObject({ status: 'loaded', load: { rowsLoaded: 2, rowsQuarantined: 1 } });
    expect(await listKeys(s3.client, 'lake')).toEqual([`_receipts/${KEY}/${ETag!.replaceAll('"', '')}`, ...LAKE_KEYS].sort());
    expect(exportFromEnvironment({ EXPORT_BUCKET: 'raw', EXPORT_KEY: 'a%20b%2B1.csv', EXPORT_ETAG: 'e1', EXPORT_VERSION_ID: 'v7' })).toEqual({ bucket: 'raw', key: 'a b+1.csv', etag: 'e1', versionId: 'v7' });
    expect(() => exportFromEnvironment({ EXPORT_BUCKET: 'raw' })).toThrow('EXPORT_BUCKET and EXPORT_KEY name the export to load');
  });

  it('runs as the container does (node functions/ingest/task/index.ts): exit 0 once loaded, exit 1 when the export cannot be read from S3', async () => {
    // Prepare
    const entry = fileURLToPath(new URL('../../../functions/ingest/task/index.ts', import.meta.url));
    const run = (key: string) => promisify(execFile)(process.execPath, [entry], {
      timeout: 60_000,
      env: { ...process.env, ...s3.env, LAKE_BUCKET: 'lake', TMPDIR: scratch, TASK_MEMORY_MB: '2048', EXPORT_BUCKET: 'raw', EXPORT_KEY: encodeURIComponent(key), EXPORT_ETAG: 'v1' },
    }).then(() => 0, (error: { code?: number }) => error.code ?? -1);

    // Act
    const loaded = await run(KEY);
    const lake = await listKeys(s3.client, 'lake');
    const missing = await run('salesforce/2026-11-20/Contact.csv');

    // Assess
    expect(loaded).toBe(0);
    expect(lake).toEqual([`_receipts/${KEY}/v1`, ...LAKE_KEYS].sort());
    expect(missing).toBe(1);
  });

  it('reads the task settings the deployment gives the function, all or none', () => {
    const env = {
      LAKE_BUCKET: 'lake', LARGE_EXPORT_BYTES: '1073741824', INGEST_TASK_CLUSTER: 'c', INGEST_TASK_DEFINITION: 'td', INGEST_TASK_CONTAINER: 'Ingest',
      INGEST_TASK_SUBNETS: 'subnet-a, subnet-b', INGEST_TASK_SECURITY_GROUPS: 'sg-1',
    };
    expect(readIngestFunctionConfig(env).largeExportTask).toEqual({ thresholdBytes: 1073741824, cluster: 'c', taskDefinition: 'td', container: 'Ingest', subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'] });
    expect(readIngestFunctionConfig({ LAKE_BUCKET: 'lake' }).largeExportTask).toBeUndefined();
    expect(() => readIngestFunctionConfig({ ...env, INGEST_TASK_SUBNETS: '' })).toThrow('INGEST_TASK_SUBNETS is not set but INGEST_TASK_CLUSTER is');
  });
});

describe('the ingest function with a large-export task configured', () => {
  const ecs = mockClient(ECSClient);
  const sqs = mockClient(SQSClient);
  const savedEnv = { ...process.env };
  let s3: LocalS3;
  let output: string[];
  let handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
  const event = (messageId: string, size: number): SQSEvent => ({
    Records: [{
      messageId, receiptHandle: `handle-${messageId}`, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:111122223333:handoff-exports', awsRegion: 'eu-west-1',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1795140000000', SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: '1795140000000' },
      body: JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'raw' }, object: { key: 'salesforce/2026-11-20/WE_00D_1.ZIP', size, eTag: 'z1' } } }] }),
    }],
  });
  const context = { functionName: 'handoff-ingest', awsRequestId: 'request-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

  beforeAll(async () => {
    s3 = await startS3rver(['raw', 'lake']);
    Object.assign(process.env, s3.env, {
      LAKE_BUCKET: 'lake', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024', LARGE_EXPORT_BYTES: String(1024 ** 3), INGEST_TASK_CLUSTER: 'c', INGEST_TASK_DEFINITION: 'td',
      INGEST_TASK_CONTAINER: 'Ingest', INGEST_TASK_SUBNETS: 'subnet-a', INGEST_TASK_SECURITY_GROUPS: 'sg-1',
    });
    ({ handler } = await import('../../../functions/ingest/handler/index.ts'));
  });
  afterAll(async () => {
    await s3?.stop();
    process.env = savedEnv;
  });
  beforeEach(() => {
    ecs.reset();
    sqs.reset();
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    // Logs and EMF metrics are JSON lines on stdout and stderr; keep them for the assertions.
    output = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        output.push(String(chunk));
        return true;
      });
    }
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const logLine = (message: string) => output.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['message'] === message);

  it('acknowledges a 3 GiB export once its task has started; the message is deleted and the task writes the receipt', async () => {
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK_ARN }] });
    const response = await handler(event('m-big', 3 * 1024 ** 3), context);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ecs.commandCalls(RunTaskCommand)[0]!.args[0].input.overrides!.containerOverrides![0]!.environment![1]).toEqual({ name: 'EXPORT_KEY', value: 'salesforce%2F2026-11-20%2FWE_00D_1.ZIP' });
    expect(await listKeys(s3.client, 'lake')).toEqual([]);
    expect(logLine('export handed to the large-export task, which loads it and writes its receipt')).toMatchObject({ messageId: 'm-big', bytes: 3221225472, taskArn: TASK_ARN });
  });

  it('returns the message for a retry in a minute when the task cannot start', async () => {
    ecs.on(RunTaskCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const response = await handler(event('m-throttled', 3 * 1024 ** 3), context);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-throttled' }] });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input.VisibilityTimeout)).toEqual([60]);
    expect(logLine('export not loaded; the message will be retried')).toMatchObject({ level: 'ERROR', error: { name: 'LargeExportHandOffError' } });
  });
});

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import { ConfigError } from '../../../functions/core/errors.ts';
import { duckDbLimits, readIngestFunctionConfig } from '../../../functions/ingest/handler/config.ts';
import { processObject } from '../../../functions/ingest/handler/process-object.ts';
import { downloadExport } from '../../../functions/ingest/s3-lake.ts';
import { emptyBucket, listKeys, startS3rver, type LocalS3 } from '../../helpers/s3rver.ts';

// Salesforce Data Export Service dialect: every value quoted, "0"/"1", 000000000000000AAA for an
// empty reference, `YYYY-MM-DD HH:MM:SS` in UTC. Rows 1 to 3 are good; row 4's CreatedDate is nonsense.
const LEAD_HEADER = '"Id","IsDeleted","MasterRecordId","FirstName","LastName","Company","Status","OwnerId","IsConverted","ConvertedContactId","LeadSource","CreatedDate","LastModifiedDate"\r\n';
const LEAD_ROWS = [
  '"00Q000000000001AAA","0","000000000000000AAA","Ada","Ng","Acme","Open - Not Contacted","005000000000001AAA","0","000000000000000AAA","Web","2026-11-19 14:05:00","2026-11-19 15:00:00"',
  '"00Q000000000002AAA","0","000000000000000AAA","Ben","Ito","Globex","Working - Contacted","005000000000002AAA","0","000000000000000AAA","Partner Referral","2026-11-19 16:30:00","2026-11-20 01:00:00"',
  '"00Q000000000003AAA","0","000000000000000AAA","Cy","Diaz","Initech","Closed - Converted","005000000000001AAA","1","003000000000001AAA","Trade Show","2026-11-18 09:00:00","2026-11-19 10:00:00"',
  '"00Q000000000004AAA","0","000000000000000AAA","Dee","Bad","Umbrella","Open - Not Contacted","005000000000001AAA","0","000000000000000AAA","Web","last tuesday","2026-11-19 11:00:00"',
];
const LEAD_CSV = LEAD_HEADER + LEAD_ROWS.map((row) => `${row}\r\n`).join('');
// The second file of the same day's split export (the Data Export names it Lead_2.csv): one more lead.
const LEAD_2_CSV = LEAD_HEADER + '"00Q000000000005AAA","0","000000000000000AAA","Eve","Park","Hooli","Open - Not Contacted","005000000000002AAA","0","000000000000000AAA","Webinar","2026-11-20 08:15:00","2026-11-20 08:15:00"\r\n';

const DAY = 'export_date=2026-11-20';
// A lake file key is the path without source and date, plus the first 10 hex digits of the SHA-256
// of the exact key (`printf 'salesforce/2026-11-20/Lead.csv' | sha256sum` → cf6f02bd24…).
const LEAD_KEYS = [
  `_ingest/salesforce/lead/${DAY}/lead_csv_cf6f02bd24.parquet`,
  `_quarantine/salesforce/lead/${DAY}/lead_csv_cf6f02bd24.parquet`,
  `salesforce/lead/${DAY}/lead_csv_cf6f02bd24.parquet`,
];

/** The S3 event notification S3 puts on the queue; keys are URL-encoded with `+` for spaces. */
function s3Notification(encodedKey: string, bucket = 'raw'): string {
  return JSON.stringify({
    Records: [{
      eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'us-east-1', eventTime: '2026-11-20T02:00:00.000Z', eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:EXAMPLE' }, requestParameters: { sourceIPAddress: '203.0.113.9' }, responseElements: { 'x-amz-request-id': 'R1', 'x-amz-id-2': 'H1' },
      s3: {
        s3SchemaVersion: '1.0', configurationId: 'exports-arrived',
        bucket: { name: bucket, ownerIdentity: { principalId: 'EXAMPLE' }, arn: `arn:aws:s3:::${bucket}` },
        object: { key: encodedKey, size: 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: '0062E99A88DC407460' },
      },
    }],
  });
}

const S3_TEST_EVENT = JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2026-11-20T01:00:00.000Z', Bucket: 'raw', RequestId: 'R0', HostId: 'H0' });

function sqsEvent(...messages: Array<[messageId: string, body: string]>): SQSEvent {
  return {
    Records: messages.map(([messageId, body]): SQSRecord => ({
      messageId, receiptHandle: `handle-${messageId}`, body, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:handoff-exports', awsRegion: 'us-east-1',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1795140000000', SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: '1795140000000' },
    })),
  };
}

const context = {
  callbackWaitsForEmptyEventLoop: true, functionName: 'handoff-ingest', functionVersion: '$LATEST', memoryLimitInMB: '1024',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:handoff-ingest', awsRequestId: 'request-1',
  logGroupName: '/aws/lambda/handoff-ingest', logStreamName: 'stream', getRemainingTimeInMillis: () => 60_000,
  done: () => undefined, fail: () => undefined, succeed: () => undefined,
} as Context;

describe('ingest handler (S3 → SQS → Lambda) against a real S3 API', () => {
  // SQS itself is not run here: only the handler's request to bring a failed message back sooner.
  const sqs = mockClient(SQSClient);
  let s3: LocalS3;
  let engine: DuckDbEngine;
  let handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
  let readDir: string;
  let output: string[];
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    s3 = await startS3rver(['raw', 'lake']);
    Object.assign(process.env, s3.env, { LAKE_BUCKET: 'lake', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024', POWERTOOLS_LOG_LEVEL: 'INFO' });
    ({ handler } = await import('../../../functions/ingest/handler/index.ts'));
    engine = await DuckDbEngine.open();
    readDir = mkdtempSync(join(tmpdir(), 'handoff-lake-read-'));
  });

  afterAll(async () => {
    await engine?.close();
    await s3?.stop();
    rmSync(readDir, { recursive: true, force: true });
    process.env = savedEnv;
  });

  beforeEach(async () => {
    sqs.reset();
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    await emptyBucket(s3.client, 'raw');
    await emptyBucket(s3.client, 'lake');
    // Logs and EMF metrics are JSON lines on stdout (warnings and errors on stderr); keep them for the assertions.
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

  async function putRaw(key: string, body: string): Promise<void> {
    await s3.client.send(new PutObjectCommand({ Bucket: 'raw', Key: key, Body: body }));
  }

  /** Reads one lake object back as a user would: download the Parquet file, query it with DuckDB. */
  async function readLake(key: string, select = '*', orderBy = 'source_row_number'): Promise<Array<Record<string, unknown>>> {
    const body = await (await s3.client.send(new GetObjectCommand({ Bucket: 'lake', Key: key }))).Body!.transformToByteArray();
    const path = join(readDir, key.replace(/[^a-z0-9.]+/gi, '_'));
    writeFileSync(path, body);
    return engine.query(`select ${select} from read_parquet('${path}') order by ${orderBy}`);
  }

  /** Every lake key with its bytes' MD5 (s3rver's ETag) and its rows, to compare two lakes. */
  async function lakeSnapshot(): Promise<Record<string, { etag: string | undefined; rows: Array<Record<string, unknown>> }>> {
    const snapshot: Record<string, { etag: string | undefined; rows: Array<Record<string, unknown>> }> = {};
    for (const key of await lakeKeys()) {
      const { ETag: etag } = await s3.client.send(new HeadObjectCommand({ Bucket: 'lake', Key: key }));
      snapshot[key] = { etag, rows: await readLake(key, '*', 'all') };
    }
    return snapshot;
  }

  /** The lake's keys but the ingest receipts (empty objects the night lists). */
  async function lakeKeys(): Promise<string[]> {
    return (await listKeys(s3.client, 'lake')).filter((key) => !key.startsWith('_receipts/'));
  }

  /** The ingest receipts written: `<raw key>/<etag>`. */
  async function receipts(): Promise<string[]> {
    return (await listKeys(s3.client, 'lake')).filter((key) => key.startsWith('_receipts/')).map((key) => key.slice('_receipts/'.length));
  }

  function jsonLines(): Array<Record<string, unknown>> {
    return output.join('').split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('loads a Data Export Lead.csv: 3 rows to the lake, 1 to quarantine with its reason, an ingest log, no failures', async () => {
    // Prepare
    await putRaw('salesforce/2026-11-20/Lead.csv', LEAD_CSV);

    // Act
    const response = await handler(sqsEvent(['m-1', s3Notification('salesforce/2026-11-20/Lead.csv')]), context);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await lakeKeys()).toEqual(LEAD_KEYS);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: 'lake', Key: LEAD_KEYS[2] }));
    expect(head.ContentType).toBe('application/vnd.apache.parquet');

    const leads = await readLake(LEAD_KEYS[2]!, 'lead_id, master_record_id, last_name, status, is_converted, converted_contact_id, created_at, source_file, source_row_number');
    expect(leads).toEqual([
      { lead_id: '00Q000000000001AAA', master_record_id: null, last_name: 'Ng', status: 'Open - Not Contacted', is_converted: false, converted_contact_id: null, created_at: '2026-11-19T14:05:00.000Z', source_file: 'salesforce/2026-11-20/Lead.csv', source_row_number: 1 },
      { lead_id: '00Q000000000002AAA', master_record_id: null, last_name: 'Ito', status: 'Working - Contacted', is_converted: false, converted_contact_id: null, created_at: '2026-11-19T16:30:00.000Z', source_file: 'salesforce/2026-11-20/Lead.csv', source_row_number: 2 },
      { lead_id: '00Q000000000003AAA', master_record_id: null, last_name: 'Diaz', status: 'Closed - Converted', is_converted: true, converted_contact_id: '003000000000001AAA', created_at: '2026-11-18T09:00:00.000Z', source_file: 'salesforce/2026-11-20/Lead.csv', source_row_number: 3 },
    ]);

    const quarantined = await readLake(LEAD_KEYS[1]!, 'source_file, source_row_number, reason, raw_text');
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]).toMatchObject({ source_file: 'salesforce/2026-11-20/Lead.csv', source_row_number: 4, reason: 'CreatedDate: "last tuesday" is not a date and time; CreatedDate is empty' });
    expect(String(quarantined[0]!['raw_text'])).toContain('last tuesday');

    const [log] = await readLake(LEAD_KEYS[0]!, 'source, object, source_file, cast(export_date as varchar) as export_date, rows_read, rows_loaded, rows_quarantined, error', 'source');
    // rows read 4 = loaded 3 + quarantined 1
    expect(log).toEqual({ source: 'salesforce', object: 'lead', source_file: 'salesforce/2026-11-20/Lead.csv', export_date: '2026-11-20', rows_read: 4, rows_loaded: 3, rows_quarantined: 1, error: null });

    const lines = jsonLines();
    expect(lines.find((l) => l['message'] === 'export loaded')).toMatchObject({ level: 'INFO', service: 'handoff-ingest', function_request_id: 'request-1', bucket: 'raw', key: 'salesforce/2026-11-20/Lead.csv', load: { object: 'lead', rowsRead: 4, rowsLoaded: 3, rowsQuarantined: 1 } });
    expect(lines.find((l) => '_aws' in l && 'RowsLoaded' in l)).toMatchObject({ RowsLoaded: 3, RowsQuarantined: 1, FilesLoaded: 1 });
  });

  it('gives the same lake for a duplicate delivery and for two exports of one day delivered out of order', async () => {
    // Prepare: the reference lake, from one in-order delivery of each file
    await putRaw('salesforce/2026-11-20/Lead.csv', LEAD_CSV);
    await putRaw('salesforce/2026-11-20/Lead_2.csv', LEAD_2_CSV);
    const first = ['m-1', s3Notification('salesforce/2026-11-20/Lead.csv')] as [string, string];
    const second = ['m-2', s3Notification('salesforce/2026-11-20/Lead_2.csv')] as [string, string];
    await handler(sqsEvent(first), context);
    await handler(sqsEvent(second), context);
    const inOrder = await lakeSnapshot();
    await emptyBucket(s3.client, 'lake');

    // Act: the second file first, then the first file twice (once in the same batch, once redelivered later)
    const responses = [
      await handler(sqsEvent(second, first), context),
      await handler(sqsEvent(first), context),
    ];

    // Assess: 3 keys per file (data 3 + 1 rows, quarantine 1 + 0); the same keys, the same bytes and rows
    expect(responses).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(Object.keys(inOrder)).toEqual([...LEAD_KEYS.slice(0, 2), `_ingest/salesforce/lead/${DAY}/lead_2_csv_d169b5a068.parquet`, `_quarantine/salesforce/lead/${DAY}/lead_2_csv_d169b5a068.parquet`, LEAD_KEYS[2], `salesforce/lead/${DAY}/lead_2_csv_d169b5a068.parquet`].sort());
    expect(inOrder[`salesforce/lead/${DAY}/lead_2_csv_d169b5a068.parquet`]!.rows).toHaveLength(1);
    expect(inOrder[LEAD_KEYS[2]!]!.rows).toHaveLength(3);
    expect(await lakeSnapshot()).toEqual(inOrder);
  });

  it('decodes keys with spaces ("+") and an encoded "+" (%2B)', async () => {
    // Prepare
    await putRaw('salesforce/2026-11-20 run+2/Lead.csv', LEAD_CSV);

    // Act
    const response = await handler(sqsEvent(['m-1', s3Notification('salesforce/2026-11-20+run%2B2/Lead.csv')]), context);

    // Assess: the file key drops the source and the date: " run+2/Lead.csv" → run_2_lead_csv_ + the hash of "salesforce/2026-11-20 run+2/Lead.csv"
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await lakeKeys()).toEqual([
      `_ingest/salesforce/lead/${DAY}/run_2_lead_csv_edb691bd91.parquet`,
      `_quarantine/salesforce/lead/${DAY}/run_2_lead_csv_edb691bd91.parquet`,
      `salesforce/lead/${DAY}/run_2_lead_csv_edb691bd91.parquet`,
    ]);
    expect(await readLake(`salesforce/lead/${DAY}/run_2_lead_csv_edb691bd91.parquet`, 'count(*) as n', 'n')).toEqual([{ n: 3 }]);
  });

  it('acknowledges the s3:TestEvent and writes nothing', async () => {
    // Act
    const response = await handler(sqsEvent(['m-test', S3_TEST_EVENT]), context);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await lakeKeys()).toEqual([]);
    expect(jsonLines().find((l) => l['message'] === 'S3 test event acknowledged')).toMatchObject({ messageId: 'm-test', bucket: 'raw' });
  });

  it('returns only the record whose object does not exist as a failure; the rest of the batch loads', async () => {
    // Prepare
    await putRaw('salesforce/2026-11-20/Lead.csv', LEAD_CSV);

    // Act
    const response = await handler(sqsEvent(
      ['m-missing', s3Notification('salesforce/2026-11-20/Contact.csv')],
      ['m-good', s3Notification('salesforce/2026-11-20/Lead.csv')],
    ), context);

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-missing' }] });
    expect(await lakeKeys()).toEqual(LEAD_KEYS);
    const failure = jsonLines().find((l) => l['message'] === 'export not loaded; the message will be retried');
    expect(failure).toMatchObject({ level: 'ERROR', messageId: 'm-missing', key: 'salesforce/2026-11-20/Contact.csv', error: { name: 'ExportDownloadError' } });
    expect(jsonLines().find((l) => '_aws' in l && 'FilesFailed' in l)).toMatchObject({ FilesFailed: 1, FilesLoaded: 1 });
  });

  it('writes a receipt for the version it loaded (the event\'s ETag), after the lake files, and one for a file it rejected', async () => {
    // Prepare
    await putRaw('salesforce/2026-11-20/Lead.csv', LEAD_CSV);
    await putRaw('salesforce/2026-11-20/Contact.csv', 'not,a,contact\r\n1,2,3\r\n');

    // Act
    const response = await handler(sqsEvent(['m-lead', s3Notification('salesforce/2026-11-20/Lead.csv')], ['m-contact', s3Notification('salesforce/2026-11-20/Contact.csv')]), context);

    // Assess: the notification's eTag (d41d8…) names the version; the rejected file is handled too.
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await receipts()).toEqual(['salesforce/2026-11-20/Contact.csv/d41d8cd98f00b204e9800998ecf8427e', 'salesforce/2026-11-20/Lead.csv/d41d8cd98f00b204e9800998ecf8427e']);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: 'lake', Key: '_receipts/salesforce/2026-11-20/Contact.csv/d41d8cd98f00b204e9800998ecf8427e' }));
    expect(head.Metadata).toEqual({ status: 'rejected' });
  });

  it('names the version by the object\'s own ETag when the notification carries none', async () => {
    // Prepare
    await putRaw('salesforce/2026-11-20/Lead.csv', LEAD_CSV);
    const { ETag: etag } = await s3.client.send(new HeadObjectCommand({ Bucket: 'raw', Key: 'salesforce/2026-11-20/Lead.csv' }));
    const body = JSON.parse(s3Notification('salesforce/2026-11-20/Lead.csv'));
    delete body.Records[0].s3.object.eTag;

    // Act
    await handler(sqsEvent(['m-lead', JSON.stringify(body)]), context);

    // Assess
    expect(await receipts()).toEqual([`salesforce/2026-11-20/Lead.csv/${etag!.replaceAll('"', '')}`]);
  });

  it('re-throws a failure of the machine (DuckDB out of memory): the message is retried, nothing reaches the lake, no receipt, and the next message loads', async () => {
    // Prepare: DuckDB fails reading this one CSV as it does when the function's memory is exhausted.
    await putRaw('salesforce/2026-11-20/Lead.csv', LEAD_CSV);
    const execute = DuckDbEngine.prototype.execute;
    const spy = vi.spyOn(DuckDbEngine.prototype, 'execute').mockImplementation(function (this: DuckDbEngine, sql: string) {
      if (sql.includes('read_csv(')) return Promise.reject(new Error('Out of Memory Error: failed to allocate data of size 64.0 MiB (2.2 GiB/2.2 GiB used)'));
      return execute.call(this, sql);
    });

    // Act
    const failed = await handler(sqsEvent(['m-oom', s3Notification('salesforce/2026-11-20/Lead.csv')]), context);
    const lakeAfterFailure = await listKeys(s3.client, 'lake');
    spy.mockRestore();
    const retried = await handler(sqsEvent(['m-oom', s3Notification('salesforce/2026-11-20/Lead.csv')]), context);

    // Assess: SQS gets the message back (and dead-letters it after five tries); the retry loads it.
    expect(failed).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-oom' }] });
    const failure = jsonLines().find((l) => l['message'] === 'export not loaded; the message will be retried');
    expect(failure).toMatchObject({ level: 'ERROR', messageId: 'm-oom', error: { name: 'IngestInfrastructureError' } });
    expect(String((failure!['error'] as Record<string, unknown>)['message'])).toMatch(/^salesforce\/2026-11-20\/Lead\.csv: not loaded because the ingest function ran out of a resource, not because of the file \(.*failed to allocate data of size 64\.0 MiB/);
    expect(jsonLines().some((l) => l['message'] === 'export rejected: the file could not be read; see the ingest log')).toBe(false);
    expect(lakeAfterFailure).toEqual([]);
    // The message comes back in a minute (its first delivery), not after the 90-minute visibility timeout.
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input)).toEqual([{
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/handoff-exports', ReceiptHandle: 'handle-m-oom', VisibilityTimeout: 60,
    }]);
    expect(retried).toEqual({ batchItemFailures: [] });
    expect(await lakeKeys()).toEqual(LEAD_KEYS);
    expect(await receipts()).toEqual(['salesforce/2026-11-20/Lead.csv/d41d8cd98f00b204e9800998ecf8427e']);
  });

  it('dates an undated export with no change column by its S3 object time, never 1970', async () => {
    // Prepare: a spend file (months, no change time) under no date folder
    await putRaw('spend/campaign_spend.csv', 'campaign,month,cost,currency\nSpring Webinar,2024-03,"1,250.00",USD\n');
    const { LastModified: stored } = await s3.client.send(new HeadObjectCommand({ Bucket: 'raw', Key: 'spend/campaign_spend.csv' }));
    const day = stored!.toISOString().slice(0, 10);

    // Act
    const response = await handler(sqsEvent(['m-1', s3Notification('spend/campaign_spend.csv')]), context);

    // Assess: every key lies in the object's day (spend/campaign_spend.csv → campaign_spend_csv + hash)
    expect(response).toEqual({ batchItemFailures: [] });
    const keys = await lakeKeys();
    expect(keys).toHaveLength(3);
    for (const key of keys) expect(key).toContain(`/campaign_spend/export_date=${day}/campaign_spend_csv_`);
    expect(day).not.toBe('1970-01-01');
    // The downloaded copy carries the object's time (to the second), not the download's.
    const scratch = mkdtempSync(join(tmpdir(), 'handoff-download-'));
    const copy = await downloadExport(s3.client, 'raw', 'spend/campaign_spend.csv', scratch);
    expect(statSync(copy).mtime.getTime()).toBe(stored!.getTime());
    rmSync(scratch, { recursive: true, force: true });
  });

  it('fails a message that is not an S3 notification, so it reaches the dead-letter queue', async () => {
    // Act
    const response = await handler(sqsEvent(['m-junk', 'hello'], ['m-test', S3_TEST_EVENT]), context);

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-junk' }] });
  });

  it('acknowledges a file without the Id column: the ingest log records why, no data file is written', async () => {
    // Prepare
    await putRaw('salesforce/2026-11-20/Lead.csv', '"LastName","Status","OwnerId","CreatedDate"\r\n"Ng","New","005000000000001AAA","2026-11-19 14:05:00"\r\n');

    // Act
    const response = await handler(sqsEvent(['m-1', s3Notification('salesforce/2026-11-20/Lead.csv')]), context);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await lakeKeys()).toEqual([LEAD_KEYS[0]]);
    const [log] = await readLake(LEAD_KEYS[0]!, 'rows_read, rows_loaded, rows_quarantined, error', 'error');
    expect(log).toEqual({ rows_read: 0, rows_loaded: 0, rows_quarantined: 0, error: 'the lead export has no "Id" column; export it with this field included' });
    expect(jsonLines().find((l) => l['message'] === 'export rejected: the file could not be read; see the ingest log')).toMatchObject({ level: 'WARN' });
  });

  it('removes the data an export once loaded when the same key is overwritten by an unreadable file', async () => {
    // Prepare: a good load, then the raw object replaced by a file without Id
    await putRaw('salesforce/2026-11-20/Lead.csv', LEAD_CSV);
    await handler(sqsEvent(['m-1', s3Notification('salesforce/2026-11-20/Lead.csv')]), context);
    await putRaw('salesforce/2026-11-20/Lead.csv', '"LastName","Status","OwnerId","CreatedDate"\r\n');

    // Act
    const response = await handler(sqsEvent(['m-2', s3Notification('salesforce/2026-11-20/Lead.csv')]), context);

    // Assess: only the ingest log is left, now saying why
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await lakeKeys()).toEqual([LEAD_KEYS[0]]);
    expect(await readLake(LEAD_KEYS[0]!, 'rows_loaded, error', 'error')).toEqual([{ rows_loaded: 0, error: 'the lead export has no "Id" column; export it with this field included' }]);
  });

  it('acknowledges and skips keys outside a source folder', async () => {
    // Prepare
    await putRaw('notes/2026-11-20/Lead.csv', LEAD_CSV);

    // Act
    const response = await handler(sqsEvent(['m-1', s3Notification('notes/2026-11-20/Lead.csv')]), context);
    const outcome = await processObject({ s3: s3.client, engine, lakeBucket: 'lake', scratchDir: join(readDir, 'scratch') }, { bucket: 'raw', key: 'notes/2026-11-20/Lead.csv' });

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(outcome).toMatchObject({ status: 'skipped', object: { bucket: 'raw', key: 'notes/2026-11-20/Lead.csv' } });
    expect(outcome.status === 'skipped' && outcome.reason).toMatch(/^"notes\/" is not a source folder \(expected one of .*salesforce\/.*\)$/);
    expect(await lakeKeys()).toEqual([]);
    expect(jsonLines().find((l) => l['message'] === 'object skipped')).toMatchObject({ messageId: 'm-1', key: 'notes/2026-11-20/Lead.csv' });
  });
});

describe('ingest function config', () => {
  it('gives DuckDB 75% of the function memory and one thread per vCPU (1,769 MB each, at most 6)', () => {
    // Act / Assess: 1024 × 0.75 = 768; 3008 / 1769 → 2 vCPUs, 3008 × 0.75 = 2256; 10240 → 6 vCPUs, 7680
    expect(duckDbLimits('1024')).toEqual({ threads: 1, memoryLimit: '768MB' });
    expect(duckDbLimits('3008')).toEqual({ threads: 2, memoryLimit: '2256MB' });
    expect(duckDbLimits('10240')).toEqual({ threads: 6, memoryLimit: '7680MB' });
    expect(duckDbLimits(undefined)).toEqual({});
  });

  it('keeps scratch files and DuckDB under /tmp and refuses a missing lake bucket or time zone', () => {
    // Act
    const config = readIngestFunctionConfig({ LAKE_BUCKET: 'lake', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '2048', SOURCE_TIME_ZONE: 'America/New_York' });

    // Assess
    expect(config).toMatchObject({
      lakeBucket: 'lake', lakePrefix: '', scratchDir: '/tmp/handoff-ingest', duckDbHome: '/tmp/duckdb',
      duckDb: { tempDirectory: '/tmp/duckdb/spill', threads: 2, memoryLimit: '1536MB' },
      ingestOptions: { sourceTimeZone: 'America/New_York' },
    });
    // Without CONFIG_JSON only the built-in sources; with it, the config's mapped CSV sources too.
    expect(Object.keys(config.connectors)).toEqual(['salesforce', 'hubspot', 'marketo', 'spend']);
    const mapped = readIngestFunctionConfig({
      LAKE_BUCKET: 'lake',
      CONFIG_JSON: JSON.stringify({ mapped_sources: { pipedrive: { files: { people: { object: 'lead', columns: { lead_id: 'Person ID', created_at: 'Added' } } } } } }),
    });
    expect(Object.keys(mapped.connectors)).toContain('pipedrive');
    expect(() => readIngestFunctionConfig({ LAKE_BUCKET: 'lake', CONFIG_JSON: '{nope' })).toThrow(/CONFIG_JSON is not valid JSON/);
    expect(() => readIngestFunctionConfig({})).toThrow(ConfigError);
    expect(() => readIngestFunctionConfig({ LAKE_BUCKET: 'lake', SOURCE_TIME_ZONE: 'Mars/Olympus' })).toThrow(/SOURCE_TIME_ZONE "Mars\/Olympus"/);
  });
});

describe('retrying a failed export', () => {
  it('brings it back after 1, 2, 4, 8 minutes by delivery, never later than 15, from the queue the record names', async () => {
    const { queueUrlOf, retryDelaySeconds } = await import('../../../functions/ingest/handler/retry.ts');
    const record = (count: string) => ({ attributes: { ApproximateReceiveCount: count } as SQSRecord['attributes'] });
    expect(['1', '2', '3', '4', '5', '9'].map((n) => retryDelaySeconds(record(n)))).toEqual([60, 120, 240, 480, 900, 900]);
    expect(queueUrlOf({ eventSourceARN: 'arn:aws:sqs:eu-west-1:111122223333:HandoffIngest-Exports1A2B' })).toBe('https://sqs.eu-west-1.amazonaws.com/111122223333/HandoffIngest-Exports1A2B');
  });
});

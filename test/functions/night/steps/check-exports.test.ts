import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../../../functions/core/errors.ts';
import { readCheckExportsConfig } from '../../../../functions/night/steps/config.ts';
import { ExportsMissingError, nightOf } from '../../../../functions/night/steps/exports.ts';
import { IngestPendingError } from '../../../../functions/night/steps/ingest-wait.ts';

const context = { functionName: 'handoff-check-exports', awsRequestId: 'req-1' } as unknown as Context;
/** A listed export: its ETag (quoted, as S3 lists it) is "etag-" and its file name unless given. */
const file = (Key: string, Size = 2048, etag = `etag-${Key.split('/').at(-1)}`) => ({ Key, Size, ETag: `"${etag}"` });
/** The ingest receipt of one version of an export, as the ingest function writes it. */
const receipt = (key: string, etag = `etag-${key.split('/').at(-1)}`) => ({ Key: `_receipts/${key}/${etag}`, Size: 0 });
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/handoff-ingest';
const queue = (waiting: number, inFlight = 0, delayed = 0) => ({ Attributes: {
  ApproximateNumberOfMessages: String(waiting), ApproximateNumberOfMessagesNotVisible: String(inFlight), ApproximateNumberOfMessagesDelayed: String(delayed),
} });

describe('check-exports step: did every expected source send the night\'s exports?', () => {
  const s3 = mockClient(S3Client);
  const sqs = mockClient(SQSClient);
  let handler: (event: unknown, context: Context) => Promise<{ ok: true; night: string; missing: string[]; found: Record<string, number>; objects: number }>;

  beforeAll(async () => {
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('RAW_BUCKET', 'handoff-raw');
    vi.stubEnv('EXPECTED_SOURCES', 'salesforce, marketo');
    vi.stubEnv('LAKE_BUCKET', 'handoff-lake');
    vi.stubEnv('INGEST_QUEUE_URL', QUEUE_URL);
    ({ handler } = await import('../../../../functions/night/steps/check-exports.ts'));
  });

  afterAll(() => {
    vi.unstubAllEnvs();
  });

  beforeEach(() => {
    s3.reset();
    sqs.reset();
    s3.on(ListObjectsV2Command).resolves({ Contents: [], IsTruncated: false });
    sqs.on(GetQueueAttributesCommand).resolves(queue(0));
    for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, 'write').mockImplementation(() => true);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is ok when each source has files in its folder for the night', async () => {
    // Prepare
    s3.on(ListObjectsV2Command, { Prefix: 'salesforce/2026-11-20' }).resolves({ Contents: [file('salesforce/2026-11-20/Lead.csv'), file('salesforce/2026-11-20/User.csv')] });
    s3.on(ListObjectsV2Command, { Prefix: 'marketo/2026-11-20' }).resolves({ Contents: [file('marketo/2026-11-20.zip')] });
    s3.on(ListObjectsV2Command, { Prefix: '_receipts/salesforce/' }).resolves({ Contents: [receipt('salesforce/2026-11-20/Lead.csv'), receipt('salesforce/2026-11-20/User.csv')] });
    s3.on(ListObjectsV2Command, { Prefix: '_receipts/marketo/' }).resolves({ Contents: [receipt('marketo/2026-11-20.zip')] });

    // Act
    const result = await handler({ night: '2026-11-20' }, context);

    // Assess
    expect(result).toEqual({ ok: true, night: '2026-11-20', missing: [], found: { salesforce: 2, marketo: 1 }, objects: 3 });
    expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'handoff-raw', Prefix: 'salesforce/2026-11-20' },
      { Bucket: 'handoff-raw', Prefix: 'marketo/2026-11-20' },
      { Bucket: 'handoff-lake', Prefix: '_receipts/salesforce/' },
      { Bucket: 'handoff-lake', Prefix: '_receipts/marketo/' },
    ]);
    expect(sqs.commandCalls(GetQueueAttributesCommand)[0]!.args[0].input).toEqual({
      QueueUrl: QUEUE_URL, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    });
  });

  it('fails with ExportsMissingError naming the source that sent nothing for the night', async () => {
    // Prepare: Marketo has yesterday's files, a folder marker and an empty file for tonight; none is an export.
    s3.on(ListObjectsV2Command, { Prefix: 'salesforce/2026-11-20' }).resolves({ Contents: [file('salesforce/2026-11-20/Lead.csv')] });
    s3.on(ListObjectsV2Command, { Prefix: 'marketo/2026-11-20' }).resolves({ Contents: [file('marketo/2026-11-20/', 0), file('marketo/2026-11-20/leads.csv', 0)] });
    s3.on(ListObjectsV2Command, { Prefix: 'marketo/' }).resolves({ Contents: [file('marketo/2026-11-19/leads.csv'), file('marketo/leads-2026-11-18.csv')] });

    // Act
    const error = await handler({ night: '2026-11-20' }, context).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ExportsMissingError);
    expect((error as ExportsMissingError).name).toBe('ExportsMissingError');
    expect((error as ExportsMissingError).missing).toEqual(['marketo']);
    expect((error as Error).message).toMatch(/^no export arrived for 2026-11-20 from marketo: nothing under s3:\/\/handoff-raw\/marketo\/2026-11-20\//);
  });

  it('finds an export named with the night\'s date when it is not in a dated folder', async () => {
    // Prepare: the dated prefix holds nothing; two pages of the source folder, the second with tonight's file.
    s3.on(ListObjectsV2Command, { Prefix: 'salesforce/2026-11-20' }).resolves({ Contents: [file('salesforce/2026-11-20/Lead.csv')] });
    s3.on(ListObjectsV2Command, { Prefix: 'marketo/' })
      .resolvesOnce({ Contents: [file('marketo/leads-2026-11-19.csv')], IsTruncated: true, NextContinuationToken: 'next' })
      .resolvesOnce({ Contents: [file('marketo/leads-2026-11-20.csv'), file('marketo/activities-2026-11-20.csv')], IsTruncated: false });
    s3.on(ListObjectsV2Command, { Prefix: '_receipts/salesforce/' }).resolves({ Contents: [receipt('salesforce/2026-11-20/Lead.csv')] });
    s3.on(ListObjectsV2Command, { Prefix: '_receipts/marketo/' }).resolves({ Contents: [receipt('marketo/leads-2026-11-20.csv'), receipt('marketo/activities-2026-11-20.csv')] });

    // Act
    const result = await handler({ night: '2026-11-20' }, context);

    // Assess
    expect(result.found).toEqual({ salesforce: 1, marketo: 2 });
    expect(s3.commandCalls(ListObjectsV2Command, { Prefix: 'marketo/' })[1]!.args[0].input).toEqual({ Bucket: 'handoff-raw', Prefix: 'marketo/', ContinuationToken: 'next' });
  });

  it('names both sources when neither sent anything', async () => {
    // Act
    const error = await handler({ night: '2026-11-20' }, context).catch((e: unknown) => e);

    // Assess
    expect((error as ExportsMissingError).missing).toEqual(['salesforce', 'marketo']);
    expect((error as Error).message).toContain('from salesforce, marketo');
  });

  it('waits for ingest: names the exports whose current version has no receipt yet (none, or only an older version\'s)', async () => {
    // Prepare: Lead.csv was replaced (etag-v2) after its first version loaded; User.csv has no receipt; the zip is done.
    s3.on(ListObjectsV2Command, { Prefix: 'salesforce/2026-11-20' }).resolves({ Contents: [file('salesforce/2026-11-20/Lead.csv', 2048, 'etag-v2'), file('salesforce/2026-11-20/User.csv')] });
    s3.on(ListObjectsV2Command, { Prefix: 'marketo/2026-11-20' }).resolves({ Contents: [file('marketo/2026-11-20.zip')] });
    s3.on(ListObjectsV2Command, { Prefix: '_receipts/salesforce/' }).resolves({ Contents: [receipt('salesforce/2026-11-20/Lead.csv', 'etag-v1')] });
    s3.on(ListObjectsV2Command, { Prefix: '_receipts/marketo/' }).resolves({ Contents: [receipt('marketo/2026-11-20.zip')] });

    // Act
    const error = await handler({ night: '2026-11-20' }, context).catch((e: unknown) => e);

    // Assess: the state machine retries on this error's name.
    expect(error).toBeInstanceOf(IngestPendingError);
    expect((error as Error).name).toBe('IngestPendingError');
    expect((error as IngestPendingError).pending).toEqual(['salesforce/2026-11-20/Lead.csv', 'salesforce/2026-11-20/User.csv']);
    expect((error as IngestPendingError).queued).toBe(0);
    expect((error as Error).message).toBe('2 exports of 2026-11-20 not ingested yet (first: salesforce/2026-11-20/Lead.csv); the night waits for ingest. '
      + "If this persists, see the ingest function's logs and its dead-letter queue for these files");
  });

  it('waits while the ingest queue holds messages waiting, in flight (a retry after an error) or delayed, even when every export has a receipt', async () => {
    // Prepare
    s3.on(ListObjectsV2Command, { Prefix: 'salesforce/2026-11-20' }).resolves({ Contents: [file('salesforce/2026-11-20/Lead.csv')] });
    s3.on(ListObjectsV2Command, { Prefix: 'marketo/2026-11-20' }).resolves({ Contents: [file('marketo/2026-11-20.zip')] });
    s3.on(ListObjectsV2Command, { Prefix: '_receipts/salesforce/' }).resolves({ Contents: [receipt('salesforce/2026-11-20/Lead.csv')] });
    s3.on(ListObjectsV2Command, { Prefix: '_receipts/marketo/' }).resolves({ Contents: [receipt('marketo/2026-11-20.zip')] });
    sqs.on(GetQueueAttributesCommand).resolves(queue(0, 1, 1));

    // Act
    const error = await handler({ night: '2026-11-20' }, context).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(IngestPendingError);
    expect((error as IngestPendingError).pending).toEqual([]);
    expect((error as IngestPendingError).queued).toBe(2);
    expect((error as Error).message).toMatch(/^2 notifications still in the ingest queue; the night waits for ingest/);
  });

  it('refuses a night that is not a date, before listing anything', async () => {
    await expect(handler({ night: '20/11/2026' }, context)).rejects.toThrow(/night "20\/11\/2026" is not a date; write it like "2026-11-20"/);
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(0);
  });
});

describe('the night to check', () => {
  it('is the given night, else the date of a scheduled event\'s time, else today in UTC', () => {
    const now = new Date('2026-11-21T01:30:00Z');
    expect(nightOf({ night: '2026-11-19' }, now)).toBe('2026-11-19');
    expect(nightOf({ time: '2026-11-20T23:59:00Z' }, now)).toBe('2026-11-20');
    expect(nightOf({}, now)).toBe('2026-11-21');
  });
});

describe('check-exports config', () => {
  it('reads the raw bucket and the expected sources, trimmed and without repeats', () => {
    expect(readCheckExportsConfig({ RAW_BUCKET: 'raw', EXPECTED_SOURCES: 'salesforce, hubspot,salesforce,', LAKE_BUCKET: 'lake', INGEST_QUEUE_URL: 'https://q' }))
      .toEqual({ rawBucket: 'raw', expectedSources: ['salesforce', 'hubspot'], lakeBucket: 'lake', ingestQueueUrl: 'https://q' });
  });

  it('names a missing or unusable setting and the fix', () => {
    expect(() => readCheckExportsConfig({ EXPECTED_SOURCES: 'salesforce' })).toThrow(ConfigError);
    expect(() => readCheckExportsConfig({ RAW_BUCKET: 'raw' })).toThrow(/EXPECTED_SOURCES is not set/);
    expect(() => readCheckExportsConfig({ RAW_BUCKET: 'raw', EXPECTED_SOURCES: 'Sales Force' })).toThrow(/"Sales Force", which is not a source folder name/);
    expect(() => readCheckExportsConfig({ RAW_BUCKET: 'raw', EXPECTED_SOURCES: 'salesforce', LAKE_BUCKET: 'lake' })).toThrow(/INGEST_QUEUE_URL is not set/);
  });
});

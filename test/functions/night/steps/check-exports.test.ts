import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../../../functions/core/errors.ts';
import { readCheckExportsConfig } from '../../../../functions/night/steps/config.ts';
import { ExportsMissingError, nightOf } from '../../../../functions/night/steps/exports.ts';

const context = { functionName: 'handoff-check-exports', awsRequestId: 'req-1' } as unknown as Context;
const file = (Key: string, Size = 2048) => ({ Key, Size });

describe('check-exports step: did every expected source send the night\'s exports?', () => {
  const s3 = mockClient(S3Client);
  let handler: (event: unknown, context: Context) => Promise<{ ok: true; night: string; missing: string[]; found: Record<string, number> }>;

  beforeAll(async () => {
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('RAW_BUCKET', 'handoff-raw');
    vi.stubEnv('EXPECTED_SOURCES', 'salesforce, marketo');
    ({ handler } = await import('../../../../functions/night/steps/check-exports.ts'));
  });

  afterAll(() => {
    vi.unstubAllEnvs();
  });

  beforeEach(() => {
    s3.reset();
    s3.on(ListObjectsV2Command).resolves({ Contents: [], IsTruncated: false });
    for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, 'write').mockImplementation(() => true);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is ok when each source has files in its folder for the night', async () => {
    // Prepare
    s3.on(ListObjectsV2Command, { Prefix: 'salesforce/2026-11-20' }).resolves({ Contents: [file('salesforce/2026-11-20/Lead.csv'), file('salesforce/2026-11-20/User.csv')] });
    s3.on(ListObjectsV2Command, { Prefix: 'marketo/2026-11-20' }).resolves({ Contents: [file('marketo/2026-11-20.zip')] });

    // Act
    const result = await handler({ night: '2026-11-20' }, context);

    // Assess
    expect(result).toEqual({ ok: true, night: '2026-11-20', missing: [], found: { salesforce: 2, marketo: 1 } });
    expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'handoff-raw', Prefix: 'salesforce/2026-11-20' },
      { Bucket: 'handoff-raw', Prefix: 'marketo/2026-11-20' },
    ]);
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
    expect(readCheckExportsConfig({ RAW_BUCKET: 'raw', EXPECTED_SOURCES: 'salesforce, hubspot,salesforce,' })).toEqual({ rawBucket: 'raw', expectedSources: ['salesforce', 'hubspot'] });
  });

  it('names a missing or unusable setting and the fix', () => {
    expect(() => readCheckExportsConfig({ EXPECTED_SOURCES: 'salesforce' })).toThrow(ConfigError);
    expect(() => readCheckExportsConfig({ RAW_BUCKET: 'raw' })).toThrow(/EXPECTED_SOURCES is not set/);
    expect(() => readCheckExportsConfig({ RAW_BUCKET: 'raw', EXPECTED_SOURCES: 'Sales Force' })).toThrow(/"Sales Force", which is not a source folder name/);
  });
});

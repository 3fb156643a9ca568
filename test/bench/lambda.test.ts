import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeLambda, runLambdaBench } from '../../bench/lambda.ts';

describe('bench --lambda', () => {
  it('runs the ingest handler in a child process on an export put in s3rver, and reports what it wrote', async () => {
    // Prepare / Act: 1 MB of campaign members, the smallest useful size.
    const result = await runLambdaBench({ mb: 1, work: join(tmpdir(), `handoff-bench-lambda-${process.pid}`) });
    // Assess: the handler succeeded and wrote the object's data, quarantine and ingest-log Parquet
    // (named by the lake key of salesforce/2026-11-20/CampaignMember.csv) and its receipt.
    expect(result.exitCode).toBe(0);
    expect(result.lakeKeys.filter((k) => k.endsWith('.parquet')).map((k) => k.split('/')[0])).toEqual(['_ingest', '_quarantine', 'salesforce']);
    expect(result.lakeKeys).toHaveLength(4);
    expect(result.rows).toBeGreaterThan(0);
    expect(result.peakRssMb).toBeGreaterThan(0);
    expect(describeLambda(result)).toContain('exit code 0, 4 lake objects written');
  }, 300_000);

  it('with zip, sends the CSV inside a Data Export ZIP, which the handler loads entry by entry', async () => {
    // Prepare / Act
    const result = await runLambdaBench({ mb: 1, zip: true, work: join(tmpdir(), `handoff-bench-lambda-zip-${process.pid}`) });
    // Assess: the entry's data, quarantine and ingest log, the archive's own ingest log, and the receipt.
    expect(result.exitCode).toBe(0);
    expect(result.lakeKeys.filter((k) => k.endsWith('.parquet')).map((k) => k.split('/').slice(0, 2).join('/'))).toEqual(['_ingest/salesforce', '_ingest/salesforce', '_quarantine/salesforce', 'salesforce/campaign_member']);
    expect(result.lakeKeys).toHaveLength(5);
    expect(result.zipMb).toBeLessThan(result.fileMb + 1);
    expect(describeLambda(result)).toMatch(/MB export in a \d+ MB ZIP .*exit code 0, 5 lake objects written/);
  }, 300_000);
});

import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { AthenaClient } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AthenaEngine, ATHENA_MAX_QUERY_BYTES } from '../../../functions/core/athena-engine.ts';
import { athenaContext } from '../../../functions/core/athena-lake.ts';
import { loadSeedsOnAthena, seedJsonLines } from '../../../functions/core/athena-seeds.ts';
import { parseConfig } from '../../../functions/core/config.ts';
import { buildSeeds, type Seed } from '../../../functions/core/seeds.ts';
import { fakeAthena } from '../models/fake-athena.ts';

const s3 = mockClient(S3Client);

afterEach(() => {
  s3.reset();
});

function engine(): AthenaEngine {
  return new AthenaEngine({ client: new AthenaClient({ region: 'us-east-1' }), workGroup: 'handoff', database: 'handoff_models', lakeBucket: 'handoff-lake', runId: 'r1' });
}

describe('seeds on Athena: rows through S3, never inlined in SQL', () => {
  it('writes each seed as JSON lines, reads it through a text-column table and types it by CTAS', async () => {
    // Prepare
    const { athena, statements } = fakeAthena((sql) => (sql.startsWith('create table') ? { updateCount: sql.includes('"sla_targets"') ? 2 : 0 } : undefined));
    s3.on(PutObjectCommand).resolves({});
    const seeds: Seed[] = [
      { name: 'sla_targets', columns: { sla: 'varchar', target_minutes: 'double' }, rows: [{ sla: 'response', target_minutes: 240 }, { sla: "partner's", target_minutes: 15.5 }] },
      { name: 'mql_targets', columns: { month: 'date', mql_target: 'double' }, rows: [] },
    ];

    // Act
    const loaded = await loadSeedsOnAthena({ engine: engine(), s3: new S3Client({ region: 'us-east-1' }) }, seeds);

    // Assess
    expect(loaded).toEqual({ sla_targets: 2, mql_targets: 0 });
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'handoff-lake', Key: '_seeds/sla_targets/sla_targets.json', ContentType: 'application/x-ndjson', Body: '{"sla":"response","target_minutes":"240"}\n{"sla":"partner\'s","target_minutes":"15.5"}\n' },
      { Bucket: 'handoff-lake', Key: '_seeds/mql_targets/mql_targets.json', ContentType: 'application/x-ndjson', Body: '' },
    ]);
    expect(statements.slice(0, 4)).toEqual([
      'drop table if exists `handoff_models`.`sla_targets__json`',
      "create external table `handoff_models`.`sla_targets__json` (`sla` string, `target_minutes` string)\nrow format serde 'org.openx.data.jsonserde.JsonSerDe'\nlocation 's3://handoff-lake/_seeds/sla_targets/'",
      'drop table if exists `handoff_models`.`sla_targets`',
      "create table \"handoff_models\".\"sla_targets\"\nwith (format = 'PARQUET', write_compression = 'ZSTD', external_location = 's3://handoff-lake/_models/sla_targets/r1/')\nas\n"
        + 'select cast("sla" as varchar) as "sla", cast("target_minutes" as double) as "target_minutes" from "handoff_models"."sla_targets__json"',
    ]);
    expect(statements).toHaveLength(8);
    athena.restore();
  });

  it('keeps nulls as JSON nulls and every other value as text', () => {
    const seed: Seed = { name: 'sla_target_overrides', columns: { sla: 'varchar', segment: 'varchar', target_minutes: 'double', is_on: 'boolean' }, rows: [{ sla: 'response', segment: null, target_minutes: 60, is_on: false }] };
    expect(seedJsonLines(seed)).toBe('{"sla":"response","segment":null,"target_minutes":"60","is_on":"false"}\n');
  });

  it('handles calendars far past the query limit: three years of windows in eight time zones stay out of the SQL', async () => {
    // Prepare: owner time zones on, 2024 to 400 days after the as-of time.
    const zones = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Asia/Tokyo'];
    const seeds = buildSeeds(parseConfig({}), { asOf: '2026-11-20T06:00:00Z', ownerTimeZones: zones, fromDate: '2024-01-01' });
    const windows = seeds.find((s) => s.name === 'calendar_windows')!;
    const { athena, statements } = fakeAthena((sql) => (sql.startsWith('create table') ? { updateCount: 1 } : undefined));
    s3.on(PutObjectCommand).resolves({});

    // Act
    await loadSeedsOnAthena({ engine: engine(), s3: new S3Client({ region: 'us-east-1' }) }, [windows]);

    // Assess: 8 calendars × ~1,000 workdays is several MB of rows; the statements stay small.
    const body = s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Body as string;
    expect(windows.rows.length).toBeGreaterThan(8 * 1000);
    expect(Buffer.byteLength(body)).toBeGreaterThan(ATHENA_MAX_QUERY_BYTES);
    expect(Math.max(...statements.map((s) => s.length))).toBeLessThan(1000);
    athena.restore();
  });
});

describe('Athena names for models and lake objects', () => {
  it('writes refs into the models\' database and sources into the lake\'s; mapped sources read the models\' union views', () => {
    const context = athenaContext({ models: 'handoff_models', lake: 'handoff_lake' });
    expect(context.dialect).toBe('athena');
    expect(context.ref('int_people')).toBe('"handoff_models"."int_people"');
    expect(context.source('salesforce', 'lead_history')).toBe('"handoff_lake"."salesforce_lead_history"');
    expect(context.source('handoff', 'ingest_log')).toBe('"handoff_lake"."handoff_ingest_log"');
    expect(context.source('mapped', 'lead')).toBe('"handoff_models"."mapped_lead"');
  });
});

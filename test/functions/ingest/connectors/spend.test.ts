import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../../functions/core/duckdb-engine.ts';
import { ingestExports } from '../../../../functions/ingest/ingest.ts';

describe('spend connector', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await DuckDbEngine.open();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('reads cost per campaign per month: months as YYYY-MM, a date or "Mar 2024", costs with thousands separators', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-spend-'));
    mkdirSync(join(dir, 'spend'));
    writeFileSync(join(dir, 'spend', 'campaign_spend.csv'), [
      'campaign_name,month,cost,currency',
      'Spring Webinar,2024-03,"1,250.00",USD',
      'Spring Webinar,2024-04-15,300,USD',
      '701000000000001AAA,Mar 2024,99.5,EUR',
      'Autumn Fair,2024-13,5,USD',
      '',
    ].join('\r\n'));
    const lake = join(dir, 'lake');
    const [load] = await ingestExports(engine, dir, lake);
    expect(load).toMatchObject({ object: 'campaign_spend', rowsRead: 4, rowsLoaded: 3, rowsQuarantined: 1 });
    expect(load!.rowsRead).toBe(load!.rowsLoaded + load!.rowsQuarantined);
    const rows = await engine.query(`select campaign, month, cost, currency_code from read_parquet('${lake}/spend/campaign_spend/*/*.parquet', hive_partitioning = false) order by source_row_number`);
    expect(rows).toEqual([
      { campaign: 'Spring Webinar', month: '2024-03-01T00:00:00.000Z', cost: 1250, currency_code: 'USD' },
      { campaign: 'Spring Webinar', month: '2024-04-01T00:00:00.000Z', cost: 300, currency_code: 'USD' },
      { campaign: '701000000000001AAA', month: '2024-03-01T00:00:00.000Z', cost: 99.5, currency_code: 'EUR' },
    ]);
    const [q] = await engine.query(`select reason from read_parquet('${lake}/_quarantine/spend/campaign_spend/*/*.parquet')`);
    expect(q).toEqual({ reason: 'month: "2024-13" is not a month; month is empty' });
  });

  it('names the missing cost column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-spend-'));
    mkdirSync(join(dir, 'spend'));
    writeFileSync(join(dir, 'spend', 'spend.csv'), 'campaign,month\nSpring Webinar,2024-03\n');
    const [load] = await ingestExports(engine, dir, join(dir, 'lake'));
    expect(load).toMatchObject({ rowsLoaded: 0, error: 'the campaign_spend export has no "cost" column; export it with this field included' });
  });
});

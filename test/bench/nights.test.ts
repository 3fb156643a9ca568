import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addEarlierNights } from '../../bench/nights.ts';
import { DuckDbEngine } from '../../functions/core/duckdb-engine.ts';

describe('bench --nights: earlier nightly exports added to the lake', () => {
  it('copies every object\'s newest export to the days before it, with its ingest log re-dated', async () => {
    // Prepare: salesforce/lead with exports of 2026-11-19 (older) and 2026-11-20 (newest, 2 rows).
    const lake = mkdtempSync(join(tmpdir(), 'handoff-nights-'));
    const engine = await DuckDbEngine.open();
    for (const [date, rows] of [['2026-11-19', 1], ['2026-11-20', 2]] as const) {
      const data = join(lake, 'salesforce', 'lead', `export_date=${date}`);
      const log = join(lake, '_ingest', 'salesforce', 'lead', `export_date=${date}`);
      mkdirSync(data, { recursive: true });
      mkdirSync(log, { recursive: true });
      await engine.execute(`copy (select 'L' || range as lead_id from range(${rows})) to '${join(data, 'lead_csv.parquet')}' (format parquet)`);
      await engine.execute(`copy (select 'salesforce' as source, 'lead' as object, date '${date}' as export_date, ${rows} as rows_loaded) to '${join(log, 'lead_csv.parquet')}' (format parquet)`);
    }

    // Act
    const written = await addEarlierNights(lake, 2);

    // Assess: the newest (11-20) copied to 11-19 (replacing its file) and 11-18.
    expect(written).toBe(2);
    expect(readdirSync(join(lake, 'salesforce', 'lead')).sort()).toEqual(['export_date=2026-11-18', 'export_date=2026-11-19', 'export_date=2026-11-20']);
    const rows = await engine.query<{ d: string; n: number }>(
      `select cast(export_date as varchar) as d, sum(rows_loaded) as n from read_parquet('${join(lake, '_ingest', '*', '*', '*', '*.parquet')}') group by 1 order by 1`,
    );
    const data = await engine.query<{ d: string; n: number }>(
      `select cast(export_date as varchar) as d, count(*) as n from read_parquet('${join(lake, 'salesforce', 'lead', '*', '*.parquet')}', hive_partitioning = true) group by 1 order by 1`,
    );
    await engine.close();
    expect(rows).toEqual([{ d: '2026-11-18', n: 2 }, { d: '2026-11-19', n: 2 }, { d: '2026-11-20', n: 2 }]);
    expect(data).toEqual([{ d: '2026-11-18', n: 2 }, { d: '2026-11-19', n: 2 }, { d: '2026-11-20', n: 2 }]);
  });
});

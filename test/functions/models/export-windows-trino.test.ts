import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lakeRelation } from '../../../functions/core/athena-lake.ts';
import { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import { TrinoEngine } from '../../../functions/core/trino-engine.ts';
import { keysMissingSql } from '../../../functions/models/export-windows.ts';
import { startTrino, type TrinoServer } from '../../helpers/trino.ts';
import { createLakeTable } from '../../helpers/trino-night.ts';

describe('export window on Trino (Athena v3): the key comparison and the windowed read, on a real engine', () => {
  let server: TrinoServer;
  let trino: TrinoEngine;
  beforeAll(async () => {
    // Prepare: salesforce/lead exported on 11-18 {A, B, C}, 11-19 {A} (a delta) and 11-20 {A, B, D} (lacks C).
    const lake = mkdtempSync(join(tmpdir(), 'handoff-window-trino-'));
    const duck = await DuckDbEngine.open();
    for (const [date, ids] of Object.entries({ '2026-11-18': ['A', 'B', 'C'], '2026-11-19': ['A'], '2026-11-20': ['A', 'B', 'D'] })) {
      const dir = join(lake, 'salesforce', 'lead', `export_date=${date}`);
      mkdirSync(dir, { recursive: true });
      await duck.execute(`copy (select * from (values ${ids.map((id) => `('${id}')`).join(', ')}) t(lead_id)) to '${join(dir, 'lead_csv.parquet')}' (format parquet)`);
    }
    await duck.close();
    server = await startTrino();
    trino = new TrinoEngine({ url: server.url, catalog: 'hive', schema: 'window_lake' });
    await trino.execute('drop schema if exists hive."window_lake" cascade');
    await trino.execute('create schema hive."window_lake"');
    await createLakeTable(trino, 'window_lake', 'salesforce_lead', [{ name: 'lead_id', type: 'string' }], join(lake, 'salesforce', 'lead'), true);
  }, 900_000);
  afterAll(async () => {
    await server?.stop();
  }, 60_000);

  it('counts the earlier keys a candidate export lacks', async () => {
    const table = '"window_lake"."salesforce_lead"';
    // 11-20 lacks C of {A, B, C} ∪ {A}: 1 key; 11-19 lacks B and C of 11-18: 2 keys; 11-20 lacks nothing of 11-19.
    expect(await trino.query(keysMissingSql(table, 'lead_id', ['2026-11-18', '2026-11-19'], '2026-11-20'))).toEqual([{ n: 1 }]);
    expect(await trino.query(keysMissingSql(table, 'lead_id', ['2026-11-18'], '2026-11-19'))).toEqual([{ n: 2 }]);
    expect(await trino.query(keysMissingSql(table, 'lead_id', ['2026-11-19'], '2026-11-20'))).toEqual([{ n: 0 }]);
  });

  it('reads only the exports from the window on', async () => {
    const relation = lakeRelation({ lake: 'window_lake', models: 'unused' }, 'salesforce', 'lead', () => '2026-11-19');
    // 11-19 {A} and 11-20 {A, B, D}: 4 rows, 3 distinct leads.
    expect(await trino.query(`select count(*) as n, count(distinct lead_id) as leads from ${relation}`)).toEqual([{ n: 4, leads: 3 }]);
  });
});

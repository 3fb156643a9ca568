import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import { firstExportToRead } from '../../../functions/core/export-window.ts';

describe('history: staging reads from the newest export that holds every earlier record', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await DuckDbEngine.open();
  });
  afterAll(async () => {
    await engine.close();
  });

  /** Writes one export of salesforce/lead (and its ingest log folder) holding these lead ids. */
  async function writeExport(lake: string, date: string, ids: string[]): Promise<void> {
    const dir = join(lake, 'salesforce', 'lead', `export_date=${date}`);
    mkdirSync(dir, { recursive: true });
    mkdirSync(join(lake, '_ingest', 'salesforce', 'lead', `export_date=${date}`), { recursive: true });
    const values = ids.map((id) => `('${id}')`).join(', ');
    await engine.execute(`copy (select * from (values ${values}) t(lead_id)) to '${join(dir, 'lead_csv.parquet')}' (format parquet)`);
  }

  it('a full export after a delta starts the window; older exports are not read', async () => {
    // Prepare: full {A, B, C}, a delta {A}, then a full {A, B, C, D}.
    const lake = mkdtempSync(join(tmpdir(), 'handoff-history-'));
    await writeExport(lake, '2026-11-18', ['A', 'B', 'C']);
    await writeExport(lake, '2026-11-19', ['A']);
    await writeExport(lake, '2026-11-20', ['A', 'B', 'C', 'D']);

    // Act / Assess
    expect(await firstExportToRead(engine, lake, 'salesforce', 'lead', 'lead_id')).toBe('2026-11-20');
    const marker = JSON.parse(readFileSync(join(lake, '_export_window', 'salesforce', 'lead.json'), 'utf8'));
    expect(marker.readFrom).toBe('2026-11-20');
    expect(Object.keys(marker.exports)).toEqual(['2026-11-18', '2026-11-19', '2026-11-20']);
  });

  it('a partial export never starts the window: a record it lacks is still read from the export before', async () => {
    // Prepare: {A, B}, then {B, C} (A is missing: a partial export deletes nothing).
    const lake = mkdtempSync(join(tmpdir(), 'handoff-history-'));
    await writeExport(lake, '2026-11-18', ['A', 'B']);
    await writeExport(lake, '2026-11-19', ['B', 'C']);

    // Act / Assess
    expect(await firstExportToRead(engine, lake, 'salesforce', 'lead', 'lead_id')).toBe('2026-11-18');
  });

  it('the next night checks the new export against the window; an older export loaded again starts over', async () => {
    // Prepare: {A, B} then {A, B, C}: the window starts at 11-19.
    const lake = mkdtempSync(join(tmpdir(), 'handoff-history-'));
    await writeExport(lake, '2026-11-18', ['A', 'B']);
    await writeExport(lake, '2026-11-19', ['A', 'B', 'C']);
    expect(await firstExportToRead(engine, lake, 'salesforce', 'lead', 'lead_id')).toBe('2026-11-19');

    // Act 1: a new night's export {A, B, C, D} holds every record of the window.
    await writeExport(lake, '2026-11-20', ['A', 'B', 'C', 'D']);
    const next = await firstExportToRead(engine, lake, 'salesforce', 'lead', 'lead_id');

    // Act 2: 11-18 is loaded again and now holds Z, which no later export has.
    await writeExport(lake, '2026-11-18', ['A', 'B', 'Z']);
    const reloaded = await firstExportToRead(engine, lake, 'salesforce', 'lead', 'lead_id');

    // Assess
    expect(next).toBe('2026-11-20');
    expect(reloaded).toBe('2026-11-18');
  });

  it('reads every export of an object without an ID column, and nothing of an object not in the lake', async () => {
    const lake = mkdtempSync(join(tmpdir(), 'handoff-history-'));
    await writeExport(lake, '2026-11-18', ['A']);
    expect(await firstExportToRead(engine, lake, 'salesforce', 'lead', undefined)).toBeUndefined();
    expect(await firstExportToRead(engine, lake, 'salesforce', 'contact', 'contact_id')).toBeUndefined();
  });
});

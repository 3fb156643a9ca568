import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import { ingestExports, ingestOptionsOf } from '../../../functions/ingest/ingest.ts';
import { parseConfig } from '../../../functions/core/config.ts';

// Real files from an API-based export tool, kept with their licence (see the folder's README).
const SAMPLES = new URL('../../fixtures/exports/salesforce-api-export/', import.meta.url).pathname;

function exportsDir(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-exports-'));
  mkdirSync(join(dir, 'salesforce'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, 'salesforce', name), content);
  return dir;
}

const LEAD_HEADER = '"Id","IsDeleted","LastName","Company","Status","OwnerId","IsConverted","ConvertedContactId","CreatedDate","LastModifiedDate"\n';

describe('Salesforce ingest', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await DuckDbEngine.open();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('loads the real API-tool export (UTF-8 with BOM, +0000 times, false as empty) without losing a row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-samples-'));
    cpSync(SAMPLES, join(dir, 'salesforce'), { recursive: true });
    const lake = join(dir, 'lake');
    const loads = await ingestExports(engine, dir, lake);
    // Row counts of the sample files, counted by hand with a CSV reader: 60 leads, 102 contacts, …
    const byObject = Object.fromEntries(loads.map((l) => [l.object, [l.rowsRead, l.rowsLoaded, l.rowsQuarantined]]));
    expect(byObject).toEqual({
      account: [22, 22, 0], campaign: [8, 8, 0], campaign_member: [68, 68, 0], contact: [102, 102, 0],
      lead: [60, 60, 0], opportunity: [50, 50, 0], task: [75, 75, 0],
    });
    const [lead] = await engine.query(`select lead_id, status, created_at, is_converted from read_parquet('${lake}/salesforce/lead/*/*.parquet') where lead_id = '00QEc00000BBaeXMAT'`);
    expect(lead).toEqual({ lead_id: '00QEc00000BBaeXMAT', status: 'Qualified', created_at: '2024-01-22T20:36:47.000Z', is_converted: false });
  });

  it('reads the Data Export dialect: quoted "0"/"1", 000000000000000AAA as empty, 15-character IDs made 18', async () => {
    const dir = exportsDir({
      'Lead.csv': LEAD_HEADER +
        '"00Q5f000001AbCd","0","Löw","Acme, Inc.","Open - Not Contacted","0055f000000XyZa","1","000000000000000AAA","2024-01-15 18:30:00","2024-01-16 09:00:00"\n',
    });
    const lake = join(dir, 'lake');
    const [load] = await ingestExports(engine, dir, lake);
    expect(load).toMatchObject({ rowsRead: 1, rowsLoaded: 1, rowsQuarantined: 0, exportDate: '2024-01-16' });
    const [lead] = await engine.query(`select * from read_parquet('${lake}/salesforce/lead/*/*.parquet')`);
    // Suffix by hand: blocks "00Q5f" (Q, 3rd char, upper → 2^2 = 4 → E), "00000" (→ A), "1AbCd" (A and C upper → 2 + 8 = 10 → K).
    expect(lead).toMatchObject({ lead_id: '00Q5f000001AbCdEAK', company: 'Acme, Inc.', last_name: 'Löw', is_converted: true, converted_contact_id: null, created_at: '2024-01-15T18:30:00.000Z' });
  });

  it('quarantines a row with a nonsense date, keeping its raw text, file, row number and reason', async () => {
    const dir = exportsDir({
      'Lead.csv': LEAD_HEADER +
        '"00Q000000000001AAA","0","Good","A","New","005000000000001AAA","0","","2024-01-15T18:30:00.000Z",""\n' +
        '"00Q000000000002AAA","0","Bad","B","New","005000000000001AAA","0","","yesterday-ish",""\n' +
        '"","0","NoId","C","New","005000000000001AAA","0","","2024-01-15 10:00:00",""\n',
    });
    const lake = join(dir, 'lake');
    const [load] = await ingestExports(engine, dir, lake);
    expect(load).toMatchObject({ rowsRead: 3, rowsLoaded: 1, rowsQuarantined: 2 });
    const quarantined = await engine.query(`select source_file, source_row_number, reason, raw_text from read_parquet('${lake}/_quarantine/salesforce/lead/*/*.parquet') order by source_row_number`);
    expect(quarantined.map((q) => [q['source_file'], q['source_row_number'], q['reason']])).toEqual([
      ['salesforce/Lead.csv', 2, 'CreatedDate: "yesterday-ish" is not a date and time; CreatedDate is empty'],
      ['salesforce/Lead.csv', 3, 'Id is empty'],
    ]);
    expect(String(quarantined[0]!['raw_text'])).toContain('yesterday-ish');
  });

  it('reads a Windows-1252 file that is not valid UTF-8', async () => {
    const latin = Buffer.concat([Buffer.from(LEAD_HEADER), Buffer.from('"00Q000000000001AAA","0","Gesti', 'latin1'), Buffer.from([0xf3]), Buffer.from('n","A","New","005000000000001AAA","0","","2024-01-15 18:30:00",""\n')]);
    const dir = exportsDir({ 'Lead.csv': latin });
    const [load] = await ingestExports(engine, dir, join(dir, 'lake'));
    expect(load).toMatchObject({ rowsLoaded: 1, encoding: 'latin-1' });
    const [lead] = await engine.query(`select last_name from read_parquet('${join(dir, 'lake')}/salesforce/lead/*/*.parquet')`);
    expect(lead).toEqual({ last_name: 'Gestión' });
  });

  it('names the missing required column and goes on with the other files', async () => {
    const dir = exportsDir({
      'Lead.csv': '"LastName","Status","OwnerId","CreatedDate"\n"X","New","005000000000001AAA","2024-01-15 18:30:00"\n',
      'User.csv': '"Id","FirstName","LastName","CreatedDate"\n"005000000000001AAA","Una","East","2024-01-01 00:00:00"\n',
    });
    const loads = await ingestExports(engine, dir, join(dir, 'lake'));
    expect(loads.find((l) => l.object === 'lead')).toMatchObject({ rowsLoaded: 0, error: 'the lead export has no "Id" column; export it with this field included' });
    expect(loads.find((l) => l.object === 'user')).toMatchObject({ rowsLoaded: 1 });
  });

  it('overwrites its own lake file when the same export is loaded again', async () => {
    const dir = exportsDir({ 'Lead.csv': LEAD_HEADER + '"00Q000000000001AAA","0","A","A","New","005000000000001AAA","0","","2024-01-15 18:30:00",""\n' });
    const lake = join(dir, 'lake');
    await ingestExports(engine, dir, lake);
    await ingestExports(engine, dir, lake);
    const partitions = readdirSync(join(lake, 'salesforce', 'lead'));
    expect(partitions).toEqual(['export_date=2024-01-15']);
    expect(readdirSync(join(lake, 'salesforce', 'lead', partitions[0]!))).toEqual(['lead_csv_e4c58133ab.parquet']) // hash of "salesforce/Lead.csv";
  });
});

describe('ingest settings from the config', () => {
  it('turns megabytes into bytes and leaves unset caps to the defaults', () => {
    const { ingest } = parseConfig({ ingest: { max_columns: 500, zip: { max_entry_mb: 2, max_ratio: 50 } } });
    // 2 MB = 2 × 1,048,576 bytes; max_total_mb is not set, so no total cap is passed (the default applies).
    expect(ingestOptionsOf(ingest)).toEqual({ sourceTimeZone: 'UTC', maxColumns: 500, zipLimits: { maxEntryBytes: 2_097_152, maxRatio: 50 } });
    expect(ingestOptionsOf(parseConfig({}).ingest)).toEqual({ sourceTimeZone: 'UTC' });
  });

  it('refuses a column limit or a ZIP ratio that would refuse every export', () => {
    expect(() => parseConfig({ ingest: { max_columns: 3 } })).toThrow(/ingest\.max_columns/);
    expect(() => parseConfig({ ingest: { zip: { max_ratio: 1 } } })).toThrow(/ingest\.zip\.max_ratio/);
  });
});


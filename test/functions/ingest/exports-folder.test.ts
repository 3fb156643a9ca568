import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import { ExportsFolderError, ingestExports } from '../../../functions/ingest/ingest.ts';
import type { FileLoad } from '../../../functions/ingest/load-file.ts';
import { zip } from '../../fixtures/corpus/generate.ts';

/*
 * The exports folder as users and attackers give it: every layout the README shows, a folder that
 * is missing or wrong, two files that would share a lake file, files that are not files, and an
 * export with no date anywhere. Inputs are generated in a temp folder; each is a few hundred bytes.
 */

const HEADER = '"Id","LastName","Company","Status","OwnerId","CreatedDate"\n';
const lead = (n: number, created = '2026-11-19 10:00:00') => `"00Q${String(n).padStart(12, '0')}AAA","Name${n}","Co${n}","New","005000000000001AAA","${created}"\n`;
const leads = (...ns: number[]) => HEADER + ns.map((n) => lead(n)).join('');

function exportsWith(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-folder-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

describe('the exports folder', () => {
  let engine: DuckDbEngine;
  const dirs: string[] = [];
  const track = (dir: string) => (dirs.push(dir), dir);
  beforeAll(async () => {
    engine = await DuckDbEngine.open();
  });
  afterAll(async () => {
    await engine.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Rows in the lake's data and quarantine for one object, and what the loads say they hold. */
  async function lakeCounts(lake: string, loads: FileLoad[], object = 'lead') {
    const [data] = await engine.query<{ n: number; ids: number }>(`select count(*) as n, count(distinct lead_id) as ids from read_parquet('${lake}/salesforce/${object}/*/*.parquet')`);
    return { lake: data!.n, distinct: data!.ids, printed: loads.filter((l) => l.object === object).reduce((n, l) => n + l.rowsLoaded, 0) };
  }

  describe('two files that map to the same lake file never overwrite each other', () => {
    it('Lead.csv and lead.csv in one folder: both loaded, the lake holds all 7 leads, as the counts say', async () => {
      // Prepare: 3 leads and 4 other leads, names differing only in case
      const dir = track(exportsWith({ 'salesforce/Lead.csv': leads(1, 2, 3), 'salesforce/lead.csv': leads(4, 5, 6, 7) }));
      const lake = join(dir, 'lake');

      // Act
      const loads = await ingestExports(engine, dir, lake);

      // Assess
      expect(loads.map((l) => [l.file, l.rowsRead, l.rowsLoaded, l.error])).toEqual([
        ['salesforce/Lead.csv', 3, 3, undefined],
        ['salesforce/lead.csv', 4, 4, undefined],
      ]);
      expect(await lakeCounts(lake, loads)).toEqual({ lake: 7, distinct: 7, printed: 7 });
    });

    it('two entries named Lead.csv in one ZIP: both loaded (the second as Lead.csv#2), the lake holds all 7 leads', async () => {
      const archive = zip([{ name: 'Lead.csv', data: Buffer.from(leads(1, 2, 3)) }, { name: 'Lead.csv', data: Buffer.from(leads(4, 5, 6, 7)) }]);
      const dir = track(exportsWith({ 'salesforce/export.zip': archive }));
      const lake = join(dir, 'lake');

      const loads = await ingestExports(engine, dir, lake);

      expect(loads.map((l) => [l.file, l.object, l.rowsLoaded, l.error])).toEqual([
        ['salesforce/export.zip', 'archive', 0, undefined],
        ['salesforce/export.zip/Lead.csv', 'lead', 3, undefined],
        ['salesforce/export.zip/Lead.csv#2', 'lead', 4, undefined],
      ]);
      expect(await lakeCounts(lake, loads)).toEqual({ lake: 7, distinct: 7, printed: 7 });
      // Each entry's ingest log line survives too: 3 lines (archive + 2 entries).
      const [log] = await engine.query<{ n: number }>(`select count(*) as n from read_parquet('${lake}/_ingest/*/*/*/*.parquet')`);
      expect(log!.n).toBe(3);
    });

    it('a dated and an undated Lead.csv whose data gives the same date: both loaded', async () => {
      // The undated file is dated by its newest change (2026-11-19), the same partition as the dated one.
      const dir = track(exportsWith({ 'salesforce/Lead.csv': leads(1, 2), 'salesforce/2026-11-19/Lead.csv': leads(3, 4, 5) }));
      const lake = join(dir, 'lake');

      const loads = await ingestExports(engine, dir, lake);

      expect(loads.map((l) => [l.file, l.exportDate, l.rowsLoaded])).toEqual([
        ['salesforce/2026-11-19/Lead.csv', '2026-11-19', 3],
        ['salesforce/Lead.csv', '2026-11-19', 2],
      ]);
      expect(await lakeCounts(lake, loads)).toEqual({ lake: 5, distinct: 5, printed: 5 });
    });
  });

  describe('a folder that cannot be used fails at once, saying what was expected', () => {
    const expected = /expected a folder holding one folder per source \(salesforce\/Lead\.csv\)/;

    it('does not exist', async () => {
      const missing = join(tmpdir(), 'handoff-no-such-folder-12a');
      const error = await ingestExports(engine, missing, join(missing, 'lake')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExportsFolderError);
      expect((error as Error).message).toMatch(new RegExp(`^--exports ${missing}: the folder does not exist; ${expected.source}`));
    });

    it('is a file', async () => {
      const dir = track(exportsWith({ 'Lead.csv': leads(1) }));
      const error = await ingestExports(engine, join(dir, 'Lead.csv'), join(dir, 'lake')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExportsFolderError);
      expect((error as Error).message).toMatch(/: this is a file, not a folder; expected a folder holding one folder per source/);
    });

    it('holds nothing recognisable: lists what it holds and the known source folders', async () => {
      const dir = track(exportsWith({ 'notes.txt': 'hello', 'Lead.csv': leads(1), 'crm/Lead.csv': leads(1), 'salesforce/readme.txt': 'x' }));
      const error = await ingestExports(engine, dir, join(dir, 'lake')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExportsFolderError);
      expect((error as Error).message).toBe(
        `--exports ${dir}: no export file Handoff reads was found (it holds Lead.csv, crm/, notes.txt, salesforce/readme.txt); ` +
          'expected the folder holding one folder per source (salesforce/Lead.csv), optionally under or over a date folder ' +
          '(2026-11-20/salesforce/Lead.csv or salesforce/2026-11-20/Lead.csv), with .csv, .csv.gz, .tsv or .zip files; ' +
          'source folders Handoff knows: hubspot/, marketo/, salesforce/, spend/ (map a folder of another CRM under mapped_sources in the config)',
      );
    });

    it('is empty', async () => {
      const dir = track(exportsWith({}));
      await expect(ingestExports(engine, dir, join(dir, 'lake'))).rejects.toThrow(/no export file Handoff reads was found \(it is empty\)/);
    });
  });

  describe('every layout the README shows', () => {
    const archive = zip([{ name: 'Lead.csv', data: Buffer.from(leads(1, 2)) }]);
    // [layout, files, the loads' file, export date, rows loaded]
    const layouts: Array<[string, Record<string, string | Buffer>, string, string, number]> = [
      ['source folder', { 'salesforce/Lead.csv': leads(1, 2) }, 'salesforce/Lead.csv', '2026-11-19', 2],
      ['source folder, then date folder', { 'salesforce/2026-11-20/Lead.csv': leads(1, 2) }, 'salesforce/2026-11-20/Lead.csv', '2026-11-20', 2],
      ['date folder, then source folder', { '2026-10-30/salesforce/Lead.csv': leads(1, 2) }, '2026-10-30/salesforce/Lead.csv', '2026-10-30', 2],
      ['a split export (Lead_2.csv)', { 'salesforce/2026-11-20/Lead_2.csv': leads(1, 2) }, 'salesforce/2026-11-20/Lead_2.csv', '2026-11-20', 2],
      ['gzip', { '2026-10-30/salesforce/Lead.csv.gz': gzipSync(leads(1, 2)) }, '2026-10-30/salesforce/Lead.csv.gz', '2026-10-30', 2],
      ['the Data Export ZIP', { '2026-10-30/salesforce/WE_00D_1.zip': archive }, '2026-10-30/salesforce/WE_00D_1.zip/Lead.csv', '2026-10-30', 2],
    ];
    it.each(layouts)('%s', async (_layout, files, file, exportDate, rows) => {
      const dir = track(exportsWith(files));
      const lake = join(dir, 'lake');

      const loads = await ingestExports(engine, dir, lake);

      const load = loads.find((l) => l.file === file);
      expect(load).toMatchObject({ source: 'salesforce', object: 'lead', exportDate, rowsRead: rows, rowsLoaded: rows, rowsQuarantined: 0 });
      expect(load!.error).toBeUndefined();
      expect(await lakeCounts(lake, loads)).toEqual({ lake: rows, distinct: rows, printed: rows });
    });

    it('date folders of both kinds in one exports folder: each file once, each dated by its folder', async () => {
      const dir = track(exportsWith({ '2026-10-30/salesforce/Lead.csv': leads(1), 'salesforce/2026-11-20/Lead.csv': leads(2, 3), '2026-10-30/marketo/leads.csv': 'x' }));
      const loads = await ingestExports(engine, dir, join(dir, 'lake'));
      expect(loads.map((l) => [l.file, l.exportDate, l.rowsLoaded])).toEqual([
        ['2026-10-30/marketo/leads.csv', '2026-10-30', 0],
        ['2026-10-30/salesforce/Lead.csv', '2026-10-30', 1],
        ['salesforce/2026-11-20/Lead.csv', '2026-11-20', 2],
      ]);
    });
  });

  describe('files that are not regular files are skipped with a reason; the night goes on', () => {
    it('a dangling symlink and a FIFO are reported, never opened; Lead.csv still loads (bounded in time)', { timeout: 20_000 }, async () => {
      const dir = track(exportsWith({ 'salesforce/Lead.csv': leads(1, 2) }));
      symlinkSync(join(dir, 'gone', 'User.csv'), join(dir, 'salesforce', 'User.csv'));
      execFileSync('mkfifo', [join(dir, 'salesforce', 'Contact.csv')]);
      const lake = join(dir, 'lake');

      const loads = await ingestExports(engine, dir, lake);

      expect(loads.map((l) => [l.file, l.object, l.rowsLoaded, l.error])).toEqual([
        ['salesforce/Contact.csv', 'contact', 0, 'skipped: a named pipe (FIFO), not a regular file; it was not opened (reading it could block the night)'],
        ['salesforce/Lead.csv', 'lead', 2, undefined],
        ['salesforce/User.csv', 'user', 0, 'skipped: a symbolic link to a file that does not exist; replace it with the export file itself'],
      ]);
      // The ingest log (what data health shows) has a line for each, with its reason.
      const log = await engine.query<{ source_file: string; error: string | null }>(`select source_file, error from read_parquet('${lake}/_ingest/*/*/*/*.parquet') order by source_file`);
      expect(log.map((r) => [r.source_file, r.error?.slice(0, 25) ?? null])).toEqual([
        ['salesforce/Contact.csv', 'skipped: a named pipe (FI'],
        ['salesforce/Lead.csv', null],
        ['salesforce/User.csv', 'skipped: a symbolic link '],
      ]);
    });

    it('a socket and a symlink that loops on itself are skipped too', async () => {
      const dir = track(exportsWith({ 'salesforce/Lead.csv': leads(1) }));
      symlinkSync(join(dir, 'salesforce', 'Event.csv'), join(dir, 'salesforce', 'Event.csv'));
      const server = createServer();
      await new Promise<void>((done) => server.listen(join(dir, 'salesforce', 'Task.csv'), done));
      try {
        const loads = await ingestExports(engine, dir, join(dir, 'lake'));
        expect(loads.map((l) => [l.file, l.rowsLoaded, l.error])).toEqual([
          ['salesforce/Event.csv', 0, 'skipped: a symbolic link that loops back on itself; replace it with the export file itself'],
          ['salesforce/Lead.csv', 1, undefined],
          ['salesforce/Task.csv', 0, 'skipped: a socket, not a regular file; it was not opened (reading it could block the night)'],
        ]);
      } finally {
        await new Promise((done) => server.close(done));
      }
    });

    it('a symlink to a real file is followed and loaded', async () => {
      const dir = track(exportsWith({ 'elsewhere/Lead.csv': leads(1, 2, 3) }));
      mkdirSync(join(dir, 'salesforce'));
      symlinkSync(join(dir, 'elsewhere', 'Lead.csv'), join(dir, 'salesforce', 'Lead.csv'));
      const loads = await ingestExports(engine, dir, join(dir, 'lake'));
      expect(loads.map((l) => [l.file, l.rowsLoaded, l.error])).toEqual([['salesforce/Lead.csv', 3, undefined]]);
    });
  });

  describe('an export with no date in its path and no change column is dated by its file time, never 1970', () => {
    it('a spend file (months, no change column) and an unreadable file take the date of their mtime', async () => {
      const dir = track(exportsWith({ 'spend/campaign_spend.csv': 'campaign,month,cost,currency\nSpring Webinar,2024-03,"1,250.00",USD\n', 'salesforce/Lead.csv': 'not,a,lead\n1,2,3\n' }));
      const time = new Date('2026-11-18T12:00:00Z');
      utimesSync(join(dir, 'spend', 'campaign_spend.csv'), time, time);
      utimesSync(join(dir, 'salesforce', 'Lead.csv'), time, time);
      const lake = join(dir, 'lake');

      const loads = await ingestExports(engine, dir, lake);

      expect(loads.map((l) => [l.file, l.exportDate, l.rowsLoaded, Boolean(l.error)])).toEqual([
        ['salesforce/Lead.csv', '2026-11-18', 0, true],
        ['spend/campaign_spend.csv', '2026-11-18', 1, false],
      ]);
      const dates = await engine.query<{ d: string }>(`select distinct cast(export_date as varchar) as d from read_parquet('${lake}/_ingest/*/*/*/*.parquet')`);
      expect(dates).toEqual([{ d: '2026-11-18' }]);
    });

    it('a lead file whose change times are all empty is dated by its mtime', async () => {
      const dir = track(exportsWith({ 'salesforce/User.csv': '"Id","LastName","CreatedDate"\n"005000000000001AAA","East",""\n' }));
      const time = new Date('2026-11-17T23:59:00Z');
      utimesSync(join(dir, 'salesforce', 'User.csv'), time, time);
      const loads = await ingestExports(engine, dir, join(dir, 'lake'));
      expect(loads.map((l) => [l.file, l.exportDate, l.rowsLoaded, l.rowsQuarantined])).toEqual([['salesforce/User.csv', '2026-11-17', 0, 1]]);
    });
  });
});

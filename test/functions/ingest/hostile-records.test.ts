import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import type { IngestOptions } from '../../../functions/core/catalogue.ts';
import { ingestExports } from '../../../functions/ingest/ingest.ts';
import type { FileLoad } from '../../../functions/ingest/load-file.ts';
import { zip } from '../../fixtures/corpus/generate.ts';

/*
 * Records built to make a CSV reader lose them silently (issue 12): mixed line ends, a byte-order
 * mark inside the file, one byte that is not UTF-8, a 40 MB last record without a line end, a
 * header 10,000 columns wide, and ZIP bombs. Each test states the file's records, counted by hand,
 * and checks rows read = rows loaded + rows quarantined against that count and against the lake.
 */

const HEADER = ['Id', 'LastName', 'Company', 'Status', 'OwnerId', 'CreatedDate'];
const id = (n: number) => `00Q${String(n).padStart(12, '0')}AAA`;
const quoted = (n: number, name = `Name${n}`, company = `Co${n}`) => [id(n), name, company, 'New', '005000000000001AAA', '2026-11-19 10:00:00'].map((v) => `"${v}"`).join(',');
const plain = (n: number, name = `Name${n}`, company = `Co${n}`) => [id(n), name, company, 'New', '005000000000001AAA', '2026-11-19 10:00:00'].join(',');
const header = HEADER.map((h) => `"${h}"`).join(',');

describe('records built to vanish', () => {
  let engine: DuckDbEngine;
  const dirs: string[] = [];
  beforeAll(async () => {
    engine = await DuckDbEngine.open();
  });
  afterAll(async () => {
    await engine.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function load(files: Record<string, string | Buffer>, options: IngestOptions = { sourceTimeZone: 'UTC' }) {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-hostile-'));
    dirs.push(dir);
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(dir, 'salesforce'), { recursive: true });
      writeFileSync(join(dir, 'salesforce', name), content);
    }
    const lake = join(dir, 'lake');
    const loads = await ingestExports(engine, dir, lake, options);
    const lead = loads.find((l) => l.file === 'salesforce/Lead.csv')!;
    const rows = await engine.query<{ lead_id: string; last_name: string; company: string; source_row_number: number }>(
      `select lead_id, last_name, company, source_row_number from read_parquet('${lake}/salesforce/lead/*/*.parquet') order by source_row_number`,
    ).catch(() => []);
    const quarantine = await engine.query<{ source_row_number: number; reason: string; raw_text: string }>(
      `select source_row_number, reason, raw_text from read_parquet('${lake}/_quarantine/salesforce/lead/*/*.parquet') order by source_row_number`,
    ).catch(() => []);
    return { loads, lead, rows, quarantine, lake };
  }

  /** The invariant, against the records counted by hand and against what the lake holds. */
  function expectAccounted(lead: FileLoad, records: number, lake: { rows: unknown[]; quarantine: unknown[] }) {
    expect(lead.error).toBeUndefined();
    expect(lead.rowsRead).toBe(records);
    expect(lead.rowsLoaded + lead.rowsQuarantined).toBe(records);
    expect([lake.rows.length, lake.quarantine.length]).toEqual([lead.rowsLoaded, lead.rowsQuarantined]);
  }

  it('mixed CRLF and LF line ends: all 8 records read and loaded, in order, no stray CR', async () => {
    // Header CRLF; records alternate LF and CRLF; record 3 holds a CRLF inside quotes, record 8 has no line end.
    const records = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => (n === 3 ? quoted(n, 'Name3', 'Line one\r\nLine two') : quoted(n)));
    const content = `${header}\r\n` + records.map((r, i) => r + (i === 7 ? '' : i % 2 ? '\r\n' : '\n')).join('');

    const { lead, rows, quarantine } = await load({ 'Lead.csv': content });

    expectAccounted(lead, 8, { rows, quarantine });
    expect(lead.rowsQuarantined).toBe(0);
    expect(rows.map((r) => [r.source_row_number, r.lead_id, r.company])).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => [n, id(n), n === 3 ? 'Line one\r\nLine two' : `Co${n}`]));
  });

  it('a header ending in LF followed by CRLF records (two exports appended): all 4 read', async () => {
    const content = `${header}\n${quoted(1)}\r\n${quoted(2)}\n${quoted(3)}\r\n${quoted(4)}\r\n`;
    const { lead, rows, quarantine } = await load({ 'Lead.csv': content });
    expectAccounted(lead, 4, { rows, quarantine });
    expect(rows.map((r) => r.lead_id)).toEqual([1, 2, 3, 4].map(id));
  });

  it('a byte-order mark at the start of a data line: that record is quarantined whole, never an Id with quotes in it', async () => {
    // Records 2 (quoted) and 4 (unquoted) start with U+FEFF, as after `cat a.csv b.csv`.
    const content = `\uFEFF${header}\n${quoted(1)}\n\uFEFF${quoted(2)}\n${quoted(3)}\n\uFEFF${plain(4)}\n`;

    const { lead, rows, quarantine } = await load({ 'Lead.csv': content });

    expectAccounted(lead, 4, { rows, quarantine });
    expect(rows.map((r) => [r.source_row_number, r.lead_id])).toEqual([[1, id(1)], [3, id(3)]]);
    const reason = 'the line starts with a byte-order mark (U+FEFF), as when two exports are joined into one file; remove the mark and load the record again';
    expect(quarantine.map((q) => [q.source_row_number, q.reason.split('; Id')[0]])).toEqual([[2, reason], [4, reason]]);
    expect(quarantine[0]!.raw_text).toContain(id(2));
  });

  describe('one byte that is not UTF-8', () => {
    // Records 1–3 and 5 hold well-formed UTF-8 (Zoë, Müller, José, Nuñez); record 4 one lone 0xE9 (é in Latin-1).
    const utf8 = Buffer.concat([
      Buffer.from(`${header}\n${quoted(1, 'Zoë')}\n${quoted(2, 'Müller')}\n${quoted(3, 'José')}\n`),
      Buffer.from(`"${id(4)}","Ren`), Buffer.from([0xe9]), Buffer.from(`e","Co4","New","005000000000001AAA","2026-11-19 10:00:00"\n${quoted(5, 'Nuñez')}\n`),
    ]);

    it('quarantines only that line; every other row stays UTF-8 (Zoë, not ZoÃ«)', async () => {
      const { lead, rows, quarantine } = await load({ 'Lead.csv': utf8 });

      expectAccounted(lead, 5, { rows, quarantine });
      expect(lead.encoding).toBe('utf-8');
      expect(rows.map((r) => [r.source_row_number, r.last_name])).toEqual([[1, 'Zoë'], [2, 'Müller'], [3, 'José'], [5, 'Nuñez']]);
      expect(quarantine.map((q) => [q.source_row_number, q.reason])).toEqual([
        [4, 'unreadable CSV line: invalid encoding: this line is not valid UTF-8 although the rest of the file is (bad bytes show as ?); fix the line or re-export the file'],
      ]);
      expect(quarantine[0]!.raw_text).toContain(id(4));
    });

    it('an encoding set in the config is still honoured for the whole file (latin-1: every byte is a character)', async () => {
      const { lead, rows, quarantine } = await load({ 'Lead.csv': utf8 }, { sourceTimeZone: 'UTC', encoding: 'latin-1' });
      expectAccounted(lead, 5, { rows, quarantine });
      expect(lead.encoding).toBe('latin-1');
      expect(rows.map((r) => r.last_name)).toEqual(['ZoÃ«', 'MÃ¼ller', 'JosÃ©', 'Renée', 'NuÃ±ez']);
    });

    it('a genuinely Windows-1252 file (no UTF-8 anywhere) is still read as Windows-1252', async () => {
      const cp1252 = Buffer.concat([Buffer.from(`${header}\n"${id(1)}","Gesti`), Buffer.from([0xf3]), Buffer.from(`n","`), Buffer.from([0x93]), Buffer.from('Quoted'), Buffer.from([0x94]), Buffer.from(` 5`), Buffer.from([0x80]), Buffer.from(`","New","005000000000001AAA","2026-11-19 10:00:00"\n${quoted(2)}\n`)]);
      const { lead, rows, quarantine } = await load({ 'Lead.csv': cp1252 });
      expectAccounted(lead, 2, { rows, quarantine });
      expect(lead.encoding).toBe('windows-1252');
      expect(rows.map((r) => [r.last_name, r.company])).toEqual([['Gestión', '“Quoted” 5€'], ['Name2', 'Co2']]);
    });
  });

  it('a 40 MB last record without a final newline is quarantined, never lost: read = loaded + quarantined = the records written', { timeout: 90_000 }, async () => {
    // 130,000 unquoted records of exactly 256 bytes (31.7 MB), then one record of 40 MB with no line
    // end: DuckDB 1.5 returns the first 130,000 and drops the last without a reject.
    const small = (n: number) => {
      const row = plain(n, `Name${n}`, 'c');
      return `${row.replace(',c,', `,${'c'.repeat(256 - row.length)},`)}\n`;
    };
    const parts = [`${HEADER.join(',')}\n`];
    for (let n = 1; n <= 130_000; n++) parts.push(small(n));
    parts.push(plain(130_001, 'Big', 'y'.repeat(40 * 1024 * 1024)));
    expect(parts[1]!.length).toBe(256);

    const { lead, quarantine, lake } = await load({ 'Lead.csv': parts.join('') });

    expect(lead.error).toBeUndefined();
    expect([lead.rowsRead, lead.rowsLoaded, lead.rowsQuarantined]).toEqual([130_001, 130_000, 1]);
    const [loaded] = await engine.query<{ n: number; last: number }>(`select count(*) as n, max(source_row_number) as last from read_parquet('${lake}/salesforce/lead/*/*.parquet')`);
    expect(loaded).toEqual({ n: 130_000, last: 130_000 });
    expect(quarantine.map((q) => [q.source_row_number, q.reason])).toEqual([
      // 18 (Id) + 5 (",Big,") + 41,943,040 + 4 (",New") + 19 (",005…AAA") + 20 (",2026-11-19 10:00:00") bytes
      [130_001, 'unreadable CSV line: line size over maximum: Maximum line size of 33554432 bytes exceeded. Actual Size:41943106 bytes.'],
    ]);
    expect(quarantine[0]!.raw_text.startsWith(`${id(130_001)},Big,yyyy`)).toBe(true);
  });

  describe('absurd column counts are refused before any row is read', () => {
    it('a 10,000-column header: the file is refused with the limit before its rows are read, the other file still loads', { timeout: 20_000 }, async () => {
      const wide = `${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',')}\n${Array.from({ length: 10_000 }, () => '1').join(',')}\n`;
      const { loads } = await load({ 'Lead.csv': wide, 'User.csv': '"Id","LastName","CreatedDate"\n"005000000000001AAA","East","2026-11-19 10:00:00"\n' });

      expect(loads.map((l) => [l.file, l.rowsRead, l.rowsLoaded, l.error])).toEqual([
        ['salesforce/Lead.csv', 0, 0, "the header has 10,000 columns, over the limit of 2,000; no rows were read. Export only the fields Handoff reads"],
        ['salesforce/User.csv', 1, 1, undefined],
      ]);
    });

    it('the limit is configurable', async () => {
      const { lead } = await load({ 'Lead.csv': `${header}\n${quoted(1)}\n` }, { sourceTimeZone: 'UTC', maxColumns: 5 });
      expect(lead.error).toBe('the header has 6 columns, over the limit of 5; no rows were read. Export only the fields Handoff reads');
    });
  });

  describe('ZIP bombs: inflated size and ratio are capped, the entry named', () => {
    const leads = Buffer.from(`${header}\n${quoted(1)}\n${quoted(2)}\n`);

    it('an entry inflating 1,000 times is not extracted; the archive\'s other entry loads', { timeout: 30_000 }, async () => {
      // 50 MB of one repeated byte deflates to about 50 KB: a ratio near 1,030 : 1 (deflate's most), over the default 100 : 1.
      const bomb = Buffer.alloc(50 * 1024 * 1024, 'y');
      const archive = zip([{ name: 'Lead.csv', data: leads }, { name: 'Contact.csv', data: Buffer.concat([Buffer.from('"Id","LastName","CreatedDate"\n'), bomb]) }]);
      expect(archive.length).toBeLessThan(200 * 1024);

      const { loads } = await load({ 'export.zip': archive });

      expect(loads.map((l) => [l.file, l.rowsLoaded, l.error])).toEqual([
        ['salesforce/export.zip', 0, undefined],
        ['salesforce/export.zip/Lead.csv', 2, undefined],
        ['salesforce/export.zip/Contact.csv', 0, expect.stringMatching(/^it would inflate 1,0\d\d times \(\d\d(\.\d)? KB to 50 MB\), over the limit of 100 : 1 \(a ZIP bomb\?\); it was not extracted$/)],
      ]);
    });

    it('per-entry and total caps are configurable; over the total, the archive stops at the entry named', async () => {
      const archive = zip([{ name: 'Lead.csv', data: leads }, { name: 'User.csv', data: Buffer.from('"Id","LastName","CreatedDate"\n"005000000000001AAA","East","2026-11-19 10:00:00"\n') }]);
      // Lead.csv is 227 bytes (a 59-byte header, two 84-byte records), User.csv 80: a per-entry cap of 200 refuses Lead.csv only.
      expect([leads.length, 80]).toEqual([227, 80]);
      const perEntry = await load({ 'export.zip': archive }, { sourceTimeZone: 'UTC', zipLimits: { maxEntryBytes: 200 } });
      expect(perEntry.loads.map((l) => [l.file, l.rowsLoaded, l.error])).toEqual([
        ['salesforce/export.zip', 0, undefined],
        ['salesforce/export.zip/Lead.csv', 0, 'it would inflate to 227 bytes, over the limit of 200 bytes per file; it was not extracted'],
        ['salesforce/export.zip/User.csv', 1, undefined],
      ]);
      // A total of 300 bytes: Lead.csv (227) fits, User.csv would bring it to 307.
      const total = await load({ 'export.zip': archive }, { sourceTimeZone: 'UTC', zipLimits: { maxTotalBytes: 300 } });
      expect(total.loads.map((l) => [l.file, l.rowsLoaded, l.error])).toEqual([
        ['salesforce/export.zip', 0, "stopped at User.csv: the archive's files would inflate to more than 300 bytes in all; this file and the ones after it were not extracted; 1 file before that was loaded"],
        ['salesforce/export.zip/Lead.csv', 2, undefined],
        ['salesforce/export.zip/User.csv', 0, "the archive's files would inflate to more than 300 bytes in all; this file and the ones after it were not extracted"],
      ]);
    });
  });
});

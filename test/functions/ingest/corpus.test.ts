import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import type { ObjectSpec } from '../../../functions/core/catalogue.ts';
import { ingestExports, ingestFile, specForFile } from '../../../functions/ingest/ingest.ts';
import type { FileLoad } from '../../../functions/ingest/load-file.ts';
import { BIG_BAD_DATE_ROW, BIG_ROWS, BIG_SHORT_ROW, CORPUS_DIR, FIELD_10MB, generateCorpus } from '../../fixtures/corpus/generate.ts';

/*
 * The bad-input corpus: every file under test/fixtures/corpus/salesforce/ (small, committed,
 * readable) plus the generated ones (salesforce/generated/: gzip, ZIP, 10 MB and 40 MB values),
 * each with its outcome worked out by hand from the file. The rule: bad input gets a clear
 * error and nothing is lost — for every file rows read = rows loaded + rows quarantined, and a
 * quarantined row keeps its file, record number, reason and raw text.
 */

type Outcome = { rowsLoaded: number; rowsQuarantined: number; reasons?: (string | RegExp)[] } | { error: RegExp };

interface Case {
  /** Path inside the corpus copy; the first folder is the source. */
  file: string;
  expected: Outcome;
  /** Quarantined rows, in record order: record number and a piece of the original text. */
  quarantine?: { row: number; raw: string }[];
  /** Loaded rows, in record order (only the keys given are compared). */
  rows?: Record<string, unknown>[];
  /** A query over the loaded rows (view `data`) instead of select *. */
  sql?: string;
  encoding?: string;
  exportDate?: string;
  missingOptional?: string[];
  options?: { encoding: string };
  /** ZIP archives: each CSV entry's outcome, by its path in the archive. */
  entries?: Record<string, Outcome & { encoding?: string; rows?: Record<string, unknown>[] }>;
  skipped?: string[];
}

const LEAD1 = '00Q000000000001AAA';
const INSTANT = '2024-01-15T18:30:00.000Z';
const missing = (found: number, expected = 14) => `unreadable CSV line: missing columns: Expected Number of Columns: ${expected} Found: ${found}`;
const tooMany = (found: number, expected = 14) => `unreadable CSV line: too many columns: Expected Number of Columns: ${expected} Found: ${found}`;
const badDate = (value: string) => `CreatedDate: "${value}" is not a date and time; CreatedDate is empty`;

// prettier-ignore
const CASES: Case[] = [
  // Dialects (README, "How files are read")
  { file: 'salesforce/data-export/Lead.csv', expected: { rowsLoaded: 3, rowsQuarantined: 0 }, encoding: 'utf-8',
    rows: [{ lead_id: LEAD1, is_converted: true, converted_contact_id: '003000000000001AAA', created_at: INSTANT },
      { is_converted: false, converted_contact_id: null }, { is_converted: false, converted_contact_id: null }] },
  { file: 'salesforce/bulk-api/Lead.csv', expected: { rowsLoaded: 3, rowsQuarantined: 0 },
    rows: [{ is_converted: true, is_deleted: false, created_at: INSTANT }, { is_converted: false, lead_source: 'Phone Inquiry', created_at: '2024-01-15T19:00:00.000Z' }, { is_deleted: true, lead_source: null }] },
  { file: 'salesforce/api-tool/Lead.csv', expected: { rowsLoaded: 3, rowsQuarantined: 0 }, encoding: 'utf-8',
    rows: [{ lead_id: LEAD1, is_converted: true, is_deleted: false, created_at: '2024-01-19T09:42:24.000Z' }, { is_converted: false, is_deleted: false }, { is_deleted: true, company: 'Bletchley Park, Ltd.', last_modified_at: null }] },
  { file: 'salesforce/dates/Lead.csv', expected: { rowsLoaded: 4, rowsQuarantined: 1, reasons: [badDate('not-a-date')] },
    rows: [{ created_at: INSTANT }, { created_at: INSTANT }, { created_at: INSTANT }, { created_at: INSTANT }], quarantine: [{ row: 5, raw: 'not-a-date' }] },
  { file: 'salesforce/ids/Lead.csv', expected: { rowsLoaded: 2, rowsQuarantined: 0 },
    rows: [{ lead_id: '00Q5f000001AbCdEAK', owner_id: '0055f000000XyZaAAK', converted_contact_id: '0035f00000AbCDeAAN' }, { lead_id: '00Q5f000001AbCdEAK', owner_id: '0055f000000XyZaAAK', converted_contact_id: '0035f00000AbCDeAAN' }] },
  { file: 'salesforce/booleans/Lead.csv', expected: { rowsLoaded: 6, rowsQuarantined: 1, reasons: ['IsConverted: "maybe" is not true/false'] },
    rows: [false, true, true, false, false, true].map((is_converted) => ({ is_converted })), quarantine: [{ row: 7, raw: '"IsConverted":"maybe"' }] },
  { file: 'salesforce/task/Task.csv', expected: { rowsLoaded: 3, rowsQuarantined: 0 },
    rows: [{ who_id: LEAD1, what_id: null, due_date: '2024-01-16T00:00:00.000Z' }, { who_id: null, what_id: '006000000000001AAA' }, { who_id: '0035f00000AbCDeAAN', what_id: null, due_date: null }] },
  { file: 'salesforce/formulas/Lead.csv', expected: { rowsLoaded: 5, rowsQuarantined: 0 },
    rows: ['=HYPERLINK("http://x","y")', '<script>alert(1)</script>', '+SUM(A1:A2)', "@cmd|' /C calc'!A0", '-1+2'].map((v) => ({ last_name: v, company: v })) },
  { file: 'salesforce/opportunity/Opportunity.csv', expected: { rowsLoaded: 2, rowsQuarantined: 1, reasons: ['Amount: "twelve" is not a number'] }, encoding: 'latin-1',
    rows: [{ stage_name: 'Negociación', amount: 9225.225, close_date: '2024-03-31T00:00:00.000Z', campaign_id: null, is_won: false }, { amount: 1234.5, close_date: '2024-02-29T00:00:00.000Z', campaign_id: '701000000000001AAA', is_won: true }],
    quarantine: [{ row: 3, raw: 'twelve' }] },
  { file: 'salesforce/user/User.csv', expected: { rowsLoaded: 2, rowsQuarantined: 0 }, encoding: 'latin-1', rows: [{ first_name: 'Úna', is_active: true }, { last_name: 'Müller', is_active: false }] },
  { file: 'salesforce/contact/Contact.csv', expected: { rowsLoaded: 2, rowsQuarantined: 0 }, rows: [{ contact_id: '0035f00000AbCDeAAN', account_id: '001000000000001AAA' }, { account_id: null, email: null }] },

  // Header problems: the file is refused before it is read, with the column named
  { file: 'salesforce/missing-id/Lead.csv', expected: { error: /^the lead export has no "Id" column; export it with this field included$/ } },
  { file: 'salesforce/missing-required/Lead.csv', expected: { error: /^the lead export has no "Id", "Status", "OwnerId" columns/ } },
  { file: 'salesforce/duplicate-header/Lead.csv', expected: { error: /^the header repeats "Email"; each column must appear once/ } },
  { file: 'salesforce/duplicate-header-case/Lead.csv', expected: { error: /^the header repeats "Email"/ } },
  { file: 'salesforce/suffix-not-duplicate/Lead.csv', expected: { rowsLoaded: 2, rowsQuarantined: 0 }, rows: [{ email: 'lead1@example.com' }, { email: 'lead2@example.com' }] },
  { file: 'salesforce/preamble/Lead.csv', expected: { error: /^the lead export has no "Id", "Status", "OwnerId", "CreatedDate" columns/ } },
  { file: 'salesforce/lowercase-headers/Lead.csv', expected: { rowsLoaded: 1, rowsQuarantined: 0 }, rows: [{ lead_id: LEAD1, last_name: 'Lovelace', status: 'New' }] },
  { file: 'salesforce/extra-and-missing-optional/Lead.csv', expected: { rowsLoaded: 2, rowsQuarantined: 0 },
    missingOptional: ['IsDeleted', 'FirstName', 'Email', 'IsConverted', 'LastModifiedDate', 'SystemModstamp'] },
  { file: 'salesforce/unknown-object/Foo.csv', expected: { error: /^no salesforce object is named "Foo" \(from Foo\.csv\); name the file after the object: known names are Account, .*Lead, .*User/ } },
  { file: 'salesforce/numbered/Lead_2.csv', expected: { rowsLoaded: 1, rowsQuarantined: 0 } },

  // Empty files
  { file: 'salesforce/empty/Lead.csv', expected: { error: /^the file is empty$/ } },
  { file: 'salesforce/only-newline/Lead.csv', expected: { error: /^the file has no header line/ } },
  { file: 'salesforce/header-only/Lead.csv', expected: { rowsLoaded: 0, rowsQuarantined: 0 } },
  { file: 'salesforce/header-only-no-eol/Lead.csv', expected: { rowsLoaded: 0, rowsQuarantined: 0 } },

  // Delimiters, line ends, quoting
  { file: 'salesforce/semicolon/Lead.csv', expected: { rowsLoaded: 3, rowsQuarantined: 0 }, rows: [{ company: 'Acme, Inc.', is_converted: false }, { company: 'Navy; Research', is_converted: true }, { company: 'Bletchley' }] },
  { file: 'salesforce/tab/Lead.tsv', expected: { rowsLoaded: 2, rowsQuarantined: 0 }, rows: [{ company: 'Acme, Inc.' }, { company: 'Navy; Research' }] },
  { file: 'salesforce/pipe/Lead.csv', expected: { rowsLoaded: 2, rowsQuarantined: 0 }, rows: [{ company: 'Acme, Inc.' }, { company: 'Navy; Research' }] },
  { file: 'salesforce/crlf/Lead.csv', expected: { rowsLoaded: 3, rowsQuarantined: 0 }, rows: [1, 2, 3].map(() => ({ status: 'Open - Not Contacted', system_modstamp_at: '2024-01-16T09:00:00.000Z' })) },
  { file: 'salesforce/multiline/Lead.csv', expected: { rowsLoaded: 3, rowsQuarantined: 1, reasons: [badDate('soon')] },
    rows: [{ company: 'Line one\nLine two', source_row_number: 1 }, { company: 'Windows\r\nbreak', source_row_number: 2 }, { company: 'Analytical Engines', source_row_number: 4 }], quarantine: [{ row: 3, raw: 'soon' }] },
  { file: 'salesforce/quotes/Lead.csv', expected: { rowsLoaded: 3, rowsQuarantined: 0 }, rows: [{ company: 'Acme "Best" Inc' }, { last_name: 'Smith, Jr.' }, { last_name: 'O"Brien', company: 'Late Night' }] },
  { file: 'salesforce/blank-lines/Lead.csv', expected: { rowsLoaded: 3, rowsQuarantined: 0 }, rows: [1, 2, 3].map((n) => ({ lead_id: `00Q00000000000${n}AAA` })) },

  // Records the CSV reader cannot read: quarantined with its reason and the line as written
  { file: 'salesforce/too-many-fields/Lead.csv', expected: { rowsLoaded: 3, rowsQuarantined: 1, reasons: [tooMany(15)] },
    quarantine: [{ row: 2, raw: '"2024-01-16 09:00:00","extra"' }], rows: [1, 3, 4].map((source_row_number) => ({ source_row_number })) },
  { file: 'salesforce/too-few-fields/Lead.csv', expected: { rowsLoaded: 3, rowsQuarantined: 1, reasons: [missing(3)] },
    quarantine: [{ row: 3, raw: '"00Q000000000003AAA","0","Short"' }], rows: [1, 2, 4].map((source_row_number) => ({ source_row_number })) },
  { file: 'salesforce/mixed-problems/Lead.csv', expected: { rowsLoaded: 3, rowsQuarantined: 5, reasons: [missing(3), badDate('31/31/2024'), tooMany(15), tooMany(16), 'Id is empty'] },
    quarantine: [{ row: 2, raw: 'Short' }, { row: 4, raw: '31/31/2024' }, { row: 5, raw: '"x"' }, { row: 6, raw: '"y","z"' }, { row: 8, raw: 'lead8@example.com' }],
    rows: [1, 3, 7].map((n) => ({ lead_id: `00Q00000000000${n}AAA`, source_row_number: n })) },
  { file: 'salesforce/stray-quote/Lead.csv', expected: { rowsLoaded: 4, rowsQuarantined: 1, reasons: [`${missing(13)}; unquoted value: Value with unterminated quote found.`] },
    quarantine: [{ row: 3, raw: '"Unclosed, Inc,"lead3@example.com"' }], rows: [1, 2, 4, 5].map((source_row_number) => ({ source_row_number })) },
  { file: 'salesforce/unclosed-quote/Lead.csv', expected: { rowsLoaded: 2, rowsQuarantined: 1, reasons: ['unreadable CSV line: unquoted value: Value with unterminated quote found.'] },
    // The quote never closes: the rest of the file is one record, kept whole in quarantine.
    quarantine: [{ row: 3, raw: '"Unclosed, Inc,lead3@example.com,Web,New,005000000000001AAA,0,,2024-01-15 18:30:00,,\n00Q000000000004AAA,0,Ada,Lovelace,Engines,lead4@example.com,Web,New,005000000000001AAA,0,,2024-01-15 18:30:00,,\n00Q000000000005AAA' }] },
  { file: 'salesforce/report-footer/Lead.csv', expected: { rowsLoaded: 2, rowsQuarantined: 2, reasons: [missing(1), missing(1)] },
    quarantine: [{ row: 4, raw: '"Generated By: Una East"' }, { row: 5, raw: '"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."' }] },
  { file: 'salesforce/duplicate-records/Lead.csv', expected: { rowsLoaded: 2, rowsQuarantined: 0 }, rows: [{ lead_id: LEAD1, status: 'Open - Not Contacted' }, { lead_id: LEAD1, status: 'Working - Contacted' }] },

  // Encodings
  { file: 'salesforce/windows-1252/Lead.csv', expected: { rowsLoaded: 2, rowsQuarantined: 0 }, encoding: 'latin-1', rows: [{ last_name: 'Gestión', lead_source: 'Gestión directa' }, { last_name: 'Negociación' }] },
  { file: 'salesforce/windows-1252-smart-quotes/Lead.csv', expected: { rowsLoaded: 2, rowsQuarantined: 0 }, encoding: 'windows-1252', rows: [{ company: '“Quoted” 5€' }, { last_name: 'Muñoz – Pérez' }] },
  { file: 'salesforce/windows-1252-smart-quotes/Lead.csv', options: { encoding: 'latin-1' }, expected: { error: /^the file is not Latin-1: it has bytes 0x80–0x9F; set the encoding to windows-1252$/ } },
  { file: 'salesforce/windows-1252/Lead.csv', options: { encoding: 'cp1252' }, expected: { rowsLoaded: 2, rowsQuarantined: 0 }, encoding: 'cp1252', rows: [{ last_name: 'Gestión' }, { last_name: 'Negociación' }] },
  { file: 'salesforce/utf8-bom-quoted/Lead.csv', expected: { rowsLoaded: 2, rowsQuarantined: 0 }, encoding: 'utf-8', rows: [{ lead_id: LEAD1 }, { lead_id: '00Q000000000002AAA' }] },
  { file: 'salesforce/utf8/Lead.csv', expected: { rowsLoaded: 2, rowsQuarantined: 0 }, encoding: 'utf-8', rows: [{ last_name: 'Łódź 日本 🚀' }, { last_name: 'Gestión' }] },
  { file: 'salesforce/utf16/Lead.csv', expected: { rowsLoaded: 2, rowsQuarantined: 0 }, encoding: 'utf-16', rows: [{ last_name: 'Gestión', created_at: INSTANT }, { lead_id: '00Q000000000002AAA' }] },

  // Export dates from the path
  { file: 'salesforce/dated/2026-11-20/Lead.csv', expected: { rowsLoaded: 2, rowsQuarantined: 0 }, exportDate: '2026-11-20' },
  { file: 'salesforce/dated/2026-11-21/Lead.csv', expected: { rowsLoaded: 2, rowsQuarantined: 0 }, exportDate: '2026-11-21' },

  // gzip: the content decides, not the name; a broken stream fails the file, nothing half-loaded
  { file: 'salesforce/generated/gzip/Lead.csv.gz', expected: { rowsLoaded: 3, rowsQuarantined: 0 }, rows: [{ lead_id: LEAD1 }, {}, {}] },
  { file: 'salesforce/generated/gzip-disguised/Lead.csv', expected: { rowsLoaded: 3, rowsQuarantined: 0 } },
  { file: 'salesforce/not-really-gzip/Lead.csv.gz', expected: { rowsLoaded: 1, rowsQuarantined: 0 } },
  { file: 'salesforce/generated/gzip-big/Lead.csv.gz', expected: { rowsLoaded: BIG_ROWS - 2, rowsQuarantined: 2, reasons: [badDate('the day after tomorrow'), missing(3)] },
    quarantine: [{ row: BIG_BAD_DATE_ROW, raw: 'the day after tomorrow' }, { row: BIG_SHORT_ROW, raw: '"00Q000000150000AAA","0","Short"' }],
    sql: `select count(*) as n, max(source_row_number) as last_row, count(*) filter (where company like 'Multi\nline%') as multiline,
      bool_and(lead_id = '00Q' || lpad(cast(source_row_number as varchar), 12, '0') || 'AAA') as numbered_in_file_order from data`,
    // Every 10th record spans two lines, except the two bad ones (100,000 and 150,000).
    rows: [{ n: BIG_ROWS - 2, last_row: BIG_ROWS, multiline: BIG_ROWS / 10 - 2, numbered_in_file_order: true }] },
  { file: 'salesforce/generated/gzip-truncated/Lead.csv.gz', expected: { error: /^the gzip data is truncated or corrupt \(unexpected end of file\); nothing was loaded from it$/ } },
  { file: 'salesforce/generated/gzip-garbage/Lead.csv.gz', expected: { error: /^the gzip data is truncated or corrupt \(.+\); nothing was loaded from it$/ } },

  // Big values
  { file: 'salesforce/generated/field-10mb/Lead.csv', expected: { rowsLoaded: 2, rowsQuarantined: 0 },
    sql: 'select length(company) as company_length from data order by source_row_number', rows: [{ company_length: FIELD_10MB }, { company_length: 18 }] },
  { file: 'salesforce/generated/field-over-limit/Lead.csv', expected: { rowsLoaded: 2, rowsQuarantined: 1, reasons: [/^unreadable CSV line: line size over maximum: Maximum line size of 33554432 bytes exceeded\. Actual Size:\d+ bytes\.$/] },
    quarantine: [{ row: 2, raw: '"00Q000000000002AAA","0","Ada","Lovelace2","yyyy' }], rows: [1, 3].map((source_row_number) => ({ source_row_number })) },
  { file: 'salesforce/generated/binary/Lead.csv', expected: { error: /^the file holds binary data/ } },

  // ZIP archives: a whole Data Export; each CSV entry is its own load
  { file: 'salesforce/generated/zip-export/WE_00D000000000001_1.zip', expected: { rowsLoaded: 6, rowsQuarantined: 1 },
    entries: {
      'Contact.csv': { rowsLoaded: 2, rowsQuarantined: 0, rows: [{ account_id: null }, { account_id: '001000000000001AAA' }] },
      'Lead.csv': { rowsLoaded: 3, rowsQuarantined: 0 },
      'Task.csv': { rowsLoaded: 1, rowsQuarantined: 1, reasons: [badDate('tomorrow')] },
    },
    skipped: ['ContentVersion/ (2 files, not CSV)', 'Documents/ (1 file, not CSV)', 'ApexClass.csv (not a salesforce object Handoff reads)', 'readme.txt (not CSV)'] },
  { file: 'salesforce/generated/zip-latin1/export.zip', expected: { rowsLoaded: 1, rowsQuarantined: 0 },
    entries: { 'Lead.csv': { rowsLoaded: 1, rowsQuarantined: 0, encoding: 'windows-1252', rows: [{ company: '“Quoted” 5€' }] } } },
  { file: 'salesforce/generated/zip-binary-only/export.zip', expected: { error: /^the archive holds no CSV file of a salesforce object Handoff reads \(skipped: ContentVersion\/ \(1 file, not CSV\)\); name the file after the object: known names are / } },
  { file: 'salesforce/generated/zip-empty/export.zip', expected: { error: /^the archive holds no CSV file of a salesforce object Handoff reads \(it is empty\)/ } },
  { file: 'salesforce/generated/zip-truncated/export.zip', expected: { error: /^not a readable ZIP archive \(End of central directory record signature not found/ } },
  { file: 'salesforce/generated/zip-bad-entry/export.zip', expected: { error: /^1 of 2 files in the archive could not be read: Contact\.csv: the archive entry is corrupt \(.+\)$/ },
    entries: { 'Lead.csv': { rowsLoaded: 3, rowsQuarantined: 0 }, 'Contact.csv': { error: /^the archive entry is corrupt \(.+\)$/ } } },
  { file: 'salesforce/generated/zip-as-csv/Lead.csv', expected: { error: /^this is a ZIP archive, not a CSV file; name it \.zip/ } },
];

describe('bad-input corpus', () => {
  let engine: DuckDbEngine;
  let root: string;
  const lakes: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'handoff-corpus-'));
    cpSync(CORPUS_DIR, root, { recursive: true, filter: (src) => !src.endsWith('.ts') });
    generateCorpus(root);
    engine = await DuckDbEngine.open();
  });
  afterAll(async () => {
    await engine.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('has a case for every committed and generated corpus file', () => {
    const files = listFiles(join(root, 'salesforce')).map((f) => relative(root, f));
    expect(files.length).toBeGreaterThanOrEqual(55);
    expect(files.filter((f) => !CASES.some((c) => c.file === f))).toEqual([]);
    expect(listFiles(CORPUS_DIR).filter((f) => !f.endsWith('.ts')).length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES.map((c, i) => [`${c.file}${c.options ? ` (encoding ${c.options.encoding})` : ''}`, i] as const))('%s', async (_name, index) => {
    const c = CASES[index]!;
    const lake = join(root, '.lakes', String(index));
    lakes.push(lake);
    const source = c.file.split('/')[0]!;
    const load = await ingestFile(engine, source, join(root, c.file), c.file, lake, { sourceTimeZone: 'UTC', ...(c.options ?? {}) });

    expect(load.file).toBe(c.file);
    expectAccounted(load);
    await expectOutcome(engine, lake, load, c.expected, c);
    if (c.encoding) expect(load.encoding).toBe(c.encoding);
    if (c.exportDate) expect(load.exportDate).toBe(c.exportDate);
    if (c.missingOptional) expect(load.missingOptional).toEqual(expect.arrayContaining(c.missingOptional));
    if (c.skipped) expect(load.skipped).toEqual(c.skipped);
    if (c.entries) {
      expect(Object.fromEntries((load.entries ?? []).map((e) => [e.file.slice(c.file.length + 1), e.error ? 'error' : 'loaded']))).toEqual(
        Object.fromEntries(Object.entries(c.entries).map(([name, e]) => [name, 'error' in e ? 'error' : 'loaded'])),
      );
      for (const [name, expected] of Object.entries(c.entries)) {
        const entry = load.entries!.find((e) => e.file === `${c.file}/${name}`)!;
        expectAccounted(entry);
        await expectOutcome(engine, lake, entry, expected, { ...(expected.rows ? { rows: expected.rows } : {}) }, false);
        if (expected.encoding) expect(entry.encoding).toBe(expected.encoding);
      }
    }
    // Nothing is left behind next to the lake: no extracted entries, no re-encoded copies.
    expect(readdirSync(join(lake, '..')).filter((f) => f.startsWith('.handoff-'))).toEqual([]);
  });

  it('loads the whole corpus in one night: every file has a load, nothing crashes, the ingest log agrees', async () => {
    const lake = join(root, '.lakes', 'night');
    const loads = await ingestExports(engine, root, lake);
    const plain = CASES.filter((c) => !c.options && !c.file.endsWith('.zip')).map((c) => c.file);
    for (const file of plain) expect(loads.filter((l) => l.file === file), file).toHaveLength(1);
    for (const zip of CASES.filter((c) => c.file.endsWith('.zip'))) {
      expect(loads.filter((l) => l.file === zip.file && l.object === 'archive'), zip.file).toHaveLength(1);
      expect(loads.filter((l) => l.file.startsWith(`${zip.file}/`)).map((l) => l.file.slice(zip.file.length + 1)).sort(), zip.file).toEqual(Object.keys(zip.entries ?? {}).sort());
    }
    for (const load of loads) expectAccounted(load);
    const log = await engine.query<{ source_file: string; rows_read: number; rows_loaded: number; rows_quarantined: number; error: string | null }>(
      `select source_file, rows_read, rows_loaded, rows_quarantined, error from read_parquet('${lake}/_ingest/*/*/*/*.parquet') order by source_file, error nulls first`,
    );
    expect(log.map((r) => [r.source_file, r.rows_read, r.rows_loaded, r.rows_quarantined, r.error])).toEqual(
      [...loads].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)).map((l) => [l.file, l.rowsRead, l.rowsLoaded, l.rowsQuarantined, l.error ?? null]),
    );
    // Rows in the lake = rows the loads say were loaded and quarantined.
    const [data] = await engine.query<{ n: number }>(`select count(*) as n from read_parquet('${lake}/salesforce/*/*/*.parquet', union_by_name = true)`);
    const [quarantine] = await engine.query<{ n: number }>(`select count(*) as n from read_parquet('${lake}/_quarantine/*/*/*/*.parquet')`);
    expect(data!.n).toBe(loads.reduce((n, l) => n + l.rowsLoaded, 0));
    expect(quarantine!.n).toBe(loads.reduce((n, l) => n + l.rowsQuarantined, 0));
    expect(readdirSync(join(lake, '..')).filter((f) => f.startsWith('.handoff-'))).toEqual([]);
  });

  it('gives an identical lake when the same exports are loaded twice', async () => {
    const exports = mkdtempSync(join(tmpdir(), 'handoff-twice-'));
    for (const dir of ['data-export', 'mixed-problems', 'dated', 'generated/zip-export', 'generated/gzip']) cpSync(join(root, 'salesforce', dir), join(exports, 'salesforce', dir), { recursive: true });
    const lake = join(exports, 'lake');
    const snapshot = () => Object.fromEntries(listFiles(lake).map((f) => [relative(lake, f), readFileSync(f).toString('base64')]));
    const first = await ingestExports(engine, exports, lake);
    const before = snapshot();
    const second = await ingestExports(engine, exports, lake);
    expect(second).toEqual(first);
    expect(Object.keys(snapshot()).sort()).toEqual(Object.keys(before).sort());
    // Same keys, same bytes: the Parquet writer is deterministic for the same input.
    expect(snapshot()).toEqual(before);
    rmSync(exports, { recursive: true, force: true });
  });

  it('keeps both export days when they arrive out of order, and the newest version of each record wins', async () => {
    const latest = async (order: string[]) => {
      const lake = mkdtempSync(join(tmpdir(), 'handoff-order-'));
      for (const day of order) {
        const file = `salesforce/dated/${day}/Lead.csv`;
        expect(await ingestFile(engine, 'salesforce', join(root, file), file, lake)).toMatchObject({ exportDate: day, rowsLoaded: 2 });
      }
      expect(readdirSync(join(lake, 'salesforce', 'lead')).sort()).toEqual(['export_date=2026-11-20', 'export_date=2026-11-21']);
      const rows = await engine.query(`select lead_id, status, last_modified_at, export_date from (
          select *, row_number() over (partition by lead_id order by last_modified_at desc, system_modstamp_at desc, export_date desc) as version
          from read_parquet('${lake}/salesforce/lead/*/*.parquet', hive_partitioning = true)) where version = 1 order by lead_id`);
      rmSync(lake, { recursive: true, force: true });
      return rows;
    };
    const inOrder = await latest(['2026-11-20', '2026-11-21']);
    const outOfOrder = await latest(['2026-11-21', '2026-11-20']);
    expect(outOfOrder).toEqual(inOrder);
    expect(outOfOrder.map((r) => [r['lead_id'], r['status'], r['last_modified_at']])).toEqual([
      ['00Q000000000001AAA', 'Working - Contacted', '2026-11-20T16:00:00.000Z'], // changed on the 20th, exported on the 21st
      ['00Q000000000002AAA', 'Working - Contacted', '2026-11-20T08:00:00.000Z'], // only in the 20th's export: not deleted by the 21st's
      ['00Q000000000003AAA', 'Open - Not Contacted', '2026-11-20T17:00:00.000Z'],
    ]);
  });

  it('finds the object by exact name first, then by a spec file pattern', () => {
    const spec = (object: string, files: string[], filePattern?: RegExp): ObjectSpec => ({ source: 'crm', object, files, ...(filePattern ? { filePattern } : {}), columns: [] });
    const connectors = {
      crm: [spec('contact', ['contacts'], /^(hubspot-crm-exports-)?(all-)?contacts?([-_ ].*)?$/gi), spec('deal', ['deals']), spec('contacts_exact', ['all-contacts'])],
    };
    const find = (name: string) => specForFile('crm', `crm/2024-08-27/${name}`, connectors)?.object;
    expect(find('contacts.csv')).toBe('contact');
    expect(find('hubspot-crm-exports-all-contacts-2023-02-21.csv')).toBe('contact');
    expect(find('hubspot-crm-exports-all-contacts-2023-02-21.csv')).toBe('contact'); // a /g pattern keeps no state between files
    expect(find('HubSpot-CRM-Exports-All-Contacts-2023-02-21.csv.gz')).toBe('contact');
    expect(find('all-contacts.csv')).toBe('contacts_exact'); // an exact name wins over a pattern
    expect(find('deals_2.csv')).toBe('deal');
    expect(find('companies.csv')).toBeUndefined();
    expect(specForFile('salesforce', 'salesforce/Lead.csv.gz')?.object).toBe('lead');
  });
});

/** rows read = rows loaded + rows quarantined, for every load. */
function expectAccounted(load: FileLoad): void {
  expect(load.rowsRead, load.file).toBe(load.rowsLoaded + load.rowsQuarantined);
  // A file that could not be read loaded nothing at all (an archive sums the entries that could).
  if (load.error && !load.entries) expect([load.rowsRead, load.rowsLoaded, load.rowsQuarantined], load.file).toEqual([0, 0, 0]);
}

async function expectOutcome(engine: DuckDbEngine, lake: string, load: FileLoad, expected: Outcome, c: Pick<Case, 'rows' | 'sql' | 'quarantine'>, ownLake = true): Promise<void> {
  if ('error' in expected) {
    expect(load.error, load.file).toMatch(expected.error);
    if (ownLake && !load.entries) {
      expect(existsSync(join(lake, 'salesforce')), `${load.file}: nothing in the lake`).toBe(false);
      expect(existsSync(join(lake, '_quarantine')), `${load.file}: nothing in quarantine`).toBe(false);
    }
    return;
  }
  expect(load.error, load.file).toBeUndefined();
  expect({ rowsLoaded: load.rowsLoaded, rowsQuarantined: load.rowsQuarantined }, load.file).toEqual({ rowsLoaded: expected.rowsLoaded, rowsQuarantined: expected.rowsQuarantined });
  if (load.object === 'archive') return;

  const data = `read_parquet('${lake}/${load.source}/${load.object}/*/*.parquet')`;
  const quarantined = await engine.query<{ source_file: string; source_row_number: number; reason: string; raw_text: string }>(
    `select * from read_parquet('${lake}/_quarantine/${load.source}/${load.object}/*/*.parquet') where source_file = '${load.file}' order by source_row_number`,
  );
  expect(quarantined.length, load.file).toBe(expected.rowsQuarantined);
  if (expected.reasons) {
    expect(quarantined.length).toBe(expected.reasons.length);
    expected.reasons.forEach((reason, i) => expect(quarantined[i]!.reason).toMatch(typeof reason === 'string' ? new RegExp(`^${escape(reason)}$`) : reason));
  }
  for (const q of quarantined) expect(q.source_file).toBe(load.file);
  if (c.quarantine) {
    expect(quarantined.map((q) => q.source_row_number)).toEqual(c.quarantine.map((q) => q.row));
    c.quarantine.forEach((q, i) => expect(quarantined[i]!.raw_text).toContain(q.raw));
  }
  const [{ n } = { n: 0 }] = await engine.query<{ n: number }>(`select count(*) as n from ${data} where source_file = '${load.file}'`);
  expect(n).toBe(expected.rowsLoaded);
  if (c.rows) {
    await engine.execute(`create or replace temp view data as select * from ${data} where source_file = '${load.file}'`);
    const rows = await engine.query(c.sql ?? 'select * from data order by source_row_number');
    expect(rows.map((row, i) => pick(row, Object.keys(c.rows![i] ?? {})))).toEqual(c.rows);
  }
}

function pick(row: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

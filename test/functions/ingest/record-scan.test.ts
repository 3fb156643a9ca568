import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { recordScanModule, RECORD_SCAN_MODULE_PATH } from '../../../bin/build-wasm.ts';
import { scanRecords, type RecordScan } from '../../../functions/ingest/record-scan.ts';

/*
 * The record count behind "rows read = rows loaded + rows quarantined". The vector scan reads 64 bytes at a time and
 * hands blocks it cannot read by quote parity to the byte loop; both must give the same count. Each case below states
 * its numbers worked out by hand and checks both ways; the last compares them on generated files of every awkward shape.
 */

const MAX = 32 * 1024 * 1024;
const MB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'handoff-record-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(content: string | Buffer, gzip = false): string {
  const path = join(dir, `f${++files}.csv${gzip ? '.gz' : ''}`);
  writeFileSync(path, gzip ? gzipSync(content) : content);
  return path;
}

/** Scans the file both ways (vector scan with the byte loop for what it hands over, and the byte loop alone); they must agree. */
async function scanBoth(path: string, options: { gzip?: boolean; delimiter?: string; maxRecordBytes?: number; pieceBytes?: number } = {}): Promise<RecordScan> {
  const settings = { gzip: options.gzip ?? false, delimiter: options.delimiter ?? ',', maxRecordBytes: options.maxRecordBytes ?? MAX, ...(options.pieceBytes ? { pieceBytes: options.pieceBytes } : {}) };
  const fast = await scanRecords(path, settings);
  const exact = await scanRecords(path, { ...settings, exact: true });
  expect(fast).toEqual(exact);
  return fast;
}

const HEADER = '"Id","Name","Note"';
/** A quoted record of exactly 64 bytes with its LF: "16 digits" (18), comma, "38 x" (40), comma, "z" (3), LF. */
const record = (n: number) => `"${String(n).padStart(16, '0')}","${'x'.repeat(38)}","z"\n`;

describe('record scan', () => {
  it('counts quoted records, in blocks of 64 bytes and across the 1 MB pieces', async () => {
    expect(record(1).length).toBe(64);
    // 40,000 records of 64 bytes: 2,560,000 bytes after the header, so the 1 MB pieces end inside records.
    const text = `${HEADER}\n${Array.from({ length: 40_000 }, (_, i) => record(i + 1)).join('')}`;
    const scan = await scanBoth(file(text));
    expect(scan).toEqual({ records: 40_000, lineEnds: { crlf: 0, lf: 40_001, cr: 0 }, oversize: [], utf8: { multibyte: 0 }, bytes: HEADER.length + 1 + 40_000 * 64 });
  });

  it('a line end inside quotes is data; "" inside quotes is a quote; blank lines are not records', async () => {
    // Record 2's note spans three lines (LF, CRLF inside quotes) and holds "" twice; two blank lines follow record 3.
    const body = [`"1","a","plain"`, `"2","b","line one\nline ""two""\r\nline ""three"""`, `"3","c","z"`, '', '', `"4","d","z"`].join('\n');
    const text = `${HEADER}\n${body}\n"5","e","${'y'.repeat(200)}"\n`;
    const scan = await scanBoth(file(text));
    // Line ends outside quotes: header, records 1 to 4 (with two blank lines after record 3: 3 LFs), record 5.
    expect(scan.records).toBe(5);
    expect(scan.lineEnds).toEqual({ crlf: 0, lf: 8, cr: 0 });
  });

  it('CRLF, LF and a lone CR are told apart, also when a CRLF straddles the 1 MB piece boundary', async () => {
    // The header and padding records fill the first 1 MB up to its last byte, which is the CR of a CRLF.
    const head = `${HEADER}\r\n`;
    const filler = MB - head.length - 1; // bytes of one unquoted record before the CR at offset 1 MB - 1
    const text = `${head}${'a'.repeat(filler)}\r\n"2","b","c"\n"3","d","e"\r"4","f","g"\r\n`;
    expect(text[MB - 1]).toBe('\r');
    expect(text[MB]).toBe('\n');
    const scan = await scanBoth(file(text));
    // Line ends: header CRLF, filler CRLF, record 2 LF, record 3 lone CR, record 4 CRLF.
    expect(scan.records).toBe(4);
    expect(scan.lineEnds).toEqual({ crlf: 3, lf: 1, cr: 1 });
  });

  it('a quoted value that spans the 1 MB piece boundary keeps its line ends as data', async () => {
    const head = `${HEADER}\n"1","a","`;
    const inside = `${'q\n'.repeat((MB - head.length) / 2 + 10)}`; // 20 bytes of it lie in the second piece
    const text = `${head}${inside}"\n"2","b","c"\n`;
    const scan = await scanBoth(file(text));
    expect(scan.records).toBe(2);
    expect(scan.lineEnds).toEqual({ crlf: 0, lf: 3, cr: 0 });
  });

  it('stray quotes and a byte-order mark follow the CSV rules: a quote inside an unquoted value is data', async () => {
    // A UTF-8 BOM before the header makes its first quote data, so "Id" stays unquoted up to the comma; record 2 has
    // 5"3 (a quote inside an unquoted value, which opens nothing), so its LF ends it.
    const records = [`"1","a","b"`, `2,5"3 tall,c`, `"3","x","y"`];
    const text = `\uFEFF${HEADER}\n${records.join('\n')}\n${Array.from({ length: 100 }, (_, i) => record(i + 4)).join('')}`;
    const scan = await scanBoth(file(text));
    expect(scan.records).toBe(103);
    expect(scan.lineEnds.lf).toBe(104);
    expect(scan.utf8).toEqual({ multibyte: 1 });
  });

  it('a record over the limit in the middle of the file: its number, length and offset', async () => {
    // 33 MB unquoted, then two records: every piece it spans has no line end until the one that ends it.
    const big = `"1",${'b'.repeat(33 * MB)},"c"`;
    const text = `${HEADER}\n${big}\n"2","d","e"\n"3","f","g"`;
    const scan = await scanBoth(file(text));
    expect(scan.records).toBe(3);
    expect(scan.oversize).toEqual([{ record: 1, bytes: big.length, offset: HEADER.length + 1 }]);
    expect(scan.lineEnds).toEqual({ crlf: 0, lf: 3, cr: 0 });
  });

  it('semicolon and tab delimiters, and a gzip file', async () => {
    const semi = `"Id";"Name"\n${Array.from({ length: 50 }, (_, i) => `"${i}";"a;b"\n`).join('')}`;
    expect((await scanBoth(file(semi), { delimiter: ';' })).records).toBe(50);
    const tabs = `Id\tName\n${Array.from({ length: 50 }, (_, i) => `${i}\t"say ""hi"""\n`).join('')}`;
    expect((await scanBoth(file(tabs, true), { gzip: true, delimiter: '\t' })).records).toBe(50);
  });

  it('the committed WebAssembly module is the build of record-scan.wat (npm run build:wasm)', async () => {
    expect(readFileSync(RECORD_SCAN_MODULE_PATH, 'utf8')).toBe(await recordScanModule());
  });

  it('agrees with the byte loop on generated files of every awkward shape', async () => {
    // Deterministic pseudo-random records: quoted and unquoted values, "" escapes, line ends inside quotes, stray quotes,
    // blank lines, CRLF, LF and lone CR, BOMs and multi-byte text, at sizes that end pieces and blocks anywhere.
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    // Most values are well-formed, so most 64-byte pieces go through the vector scan and the few with a stray quote
    // through the byte loop, switching back and forth; with a limit of 64 bytes some records are over it.
    const wellFormed = ['plain', '"quoted"', '"with ""escaped"" quotes"', '"two\nlines"', '"cr\r\ninside"', '""', '', '"Zoë"', `"${'long '.repeat(20)}"`];
    const stray = ['5"3', 'x"', '"a"b', '\uFEFF"bom"'];
    const ends = ['\n', '\r\n', '\r', '\n\n', '\r\n\r\n'];
    const rounds = [
      { pieceBytes: 64, maxRecordBytes: 64 },
      { pieceBytes: 128, maxRecordBytes: MAX },
      { pieceBytes: 4096, maxRecordBytes: 4096 },
      { pieceBytes: undefined, maxRecordBytes: MAX },
    ];
    const seen = { records: 0, oversize: 0 };
    for (const round of rounds) {
      const parts: string[] = [];
      const records = 2_000 + next(20_000);
      for (let r = 0; r < records; r++) {
        const fields = 1 + next(6);
        const value = () => (next(40) === 0 ? stray[next(stray.length)] : wellFormed[next(wellFormed.length)]);
        parts.push(Array.from({ length: fields }, value).join(','), ends[next(ends.length)]!);
      }
      const scan = await scanBoth(file(parts.join('')), round);
      seen.records += scan.records;
      seen.oversize += scan.oversize.length;
    }
    expect(seen.records).toBeGreaterThan(8_000);
    expect(seen.oversize).toBeGreaterThan(0);
  });
});

import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/**
 * An independent count of a CSV file's records, from its bytes, so that "rows read = rows loaded
 * + rows quarantined" is checked against the file itself and not only against what DuckDB's reader
 * returned: in DuckDB 1.5 an unquoted record over `max_line_size` can vanish without a reject, and
 * a file mixing CRLF and LF line ends can read as no rows at all in strict mode. One streamed pass
 * (gunzipped if need be, which also proves the gzip stream whole), bounded memory, no rows in
 * JavaScript: a byte loop with a four-state CSV machine (RFC 4180: a quote opens a value only at
 * its start; `""` inside quotes is a quote; a line end inside quotes is data) that jumps from quote
 * to quote inside quoted values, plus UTF-8 evidence looked for only in chunks that are not ASCII.
 */
export interface RecordScan {
  /** Data records (the header is not one), blank lines skipped, as a CSV reader should return them. */
  records: number;
  /** Line ends outside quotes, by kind: a file with more than one kind mixes them. */
  lineEnds: { crlf: number; lf: number; cr: number };
  /** Records longer than the limit: data record number (from 1) and length in bytes, at most 1,000 listed. */
  oversize: Array<{ record: number; bytes: number; offset: number }>;
  /** Evidence of the encoding: 1 once a complete multi-byte UTF-8 sequence (é as C3 A9) was seen, else 0. */
  utf8: { multibyte: number };
  /** Bytes scanned (uncompressed). */
  bytes: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

/** Whether the bytes hold one complete 2-, 3- or 4-byte UTF-8 sequence (é as C3 A9). */
function hasMultibyte(chunk: Buffer): boolean {
  const n = chunk.length;
  for (let i = 0; i < n; i++) {
    const b = chunk[i]!;
    if (b < 0xc2 || b > 0xf4) continue;
    const need = b <= 0xdf ? 1 : b <= 0xef ? 2 : 3;
    let j = 1;
    while (j <= need && i + j < n && (chunk[i + j]! & 0xc0) === 0x80) j++;
    if (j > need) return true;
  }
  return false;
}

/** Counts the records of a CSV file (see RecordScan); rejects with a readable reason if a gzip stream is broken. */
export async function scanRecords(path: string, options: { gzip: boolean; delimiter: string; maxRecordBytes: number; signal?: AbortSignal }): Promise<RecordScan> {
  const delimiter = options.delimiter.charCodeAt(0);
  const max = options.maxRecordBytes;
  let state = FIELD_START;
  let pendingCr = false;
  let recordStart = 0; // offset of the current record's first byte
  let recordBytes = 0; // bytes in the current record so far (line end excluded)
  let offset = 0;
  let total = 0; // records, header included
  const lineEnds = { crlf: 0, lf: 0, cr: 0 };
  const utf8 = { multibyte: 0 };
  const oversize: RecordScan['oversize'] = [];

  const endRecord = (endOffset: number) => {
    if (recordBytes > 0) {
      total++;
      if (recordBytes > max && oversize.length < 1000) oversize.push({ record: total - 1, bytes: recordBytes, offset: recordStart });
    }
    recordBytes = 0;
    recordStart = endOffset;
  };

  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const n = chunk.length;
      // UTF-8 evidence, natively (latin1 keeps one char per byte): is there one complete multi-byte sequence?
      if (utf8.multibyte === 0 && !isAscii(chunk) && hasMultibyte(chunk)) utf8.multibyte = 1;
      let s = state;
      for (let i = 0; i < n; i++) {
        if (s === QUOTED) {
          // Inside quotes only a quote matters: jump to it.
          const q = chunk.indexOf(QUOTE, i);
          const to = q === -1 ? n : q;
          recordBytes += to - i + (q === -1 ? 0 : 1);
          i = to;
          if (q !== -1) s = QUOTE_IN_QUOTED;
          continue;
        }
        const b = chunk[i]!;
        if (pendingCr) {
          pendingCr = false;
          if (b === LF) {
            lineEnds.crlf++;
            recordStart = offset + i + 1;
            continue;
          }
          lineEnds.cr++;
        }
        if (b === LF || b === CR) {
          endRecord(offset + i + 1);
          s = FIELD_START;
          if (b === CR) pendingCr = true;
          else lineEnds.lf++;
          continue;
        }
        recordBytes++;
        if (b === QUOTE) s = s === FIELD_START || s === QUOTE_IN_QUOTED ? QUOTED : s;
        else if (b === delimiter) s = FIELD_START;
        else if (s !== UNQUOTED) s = UNQUOTED;
      }
      state = s;
      offset += n;
      done();
    },
    final(done) {
      if (pendingCr) lineEnds.cr++;
      endRecord(offset);
      done();
    },
  });

  const source = createReadStream(path, { highWaterMark: 1024 * 1024 });
  const streams: Readable[] = options.gzip ? [source, source.pipe(createGunzip())] : [source];
  try {
    await pipeline(streams.at(-1)!, sink, { signal: options.signal ?? new AbortController().signal });
  } catch (error) {
    for (const s of streams) s.destroy();
    if (options.signal?.aborted) throw new Error('the record count was stopped');
    if (!options.gzip) throw new Error(`the file cannot be read to the end (${(error as Error).message})`);
    const message = (error as Error).message ?? String(error);
    const reason = (error as { code?: string }).code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message) ? 'unexpected end of file' : message;
    throw new Error(`the gzip data is truncated or corrupt (${reason}); nothing was loaded from it`);
  }
  return { records: Math.max(total - 1, 0), lineEnds, oversize: oversize.filter((o) => o.record > 0), utf8, bytes: offset };
}

/** Whether the scan saw more than one kind of line end (CRLF, LF, CR) outside quotes. */
export function mixesLineEnds(scan: RecordScan): boolean {
  return [scan.lineEnds.crlf, scan.lineEnds.lf, scan.lineEnds.cr].filter((n) => n > 0).length > 1;
}

/** Up to `length` bytes of a file's (uncompressed) content from `offset`: the start of one record, for quarantine. */
export async function readSlice(path: string, gzip: boolean, offset: number, length: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let position = 0;
  const source = createReadStream(path, gzip ? {} : { start: offset, end: offset + length - 1 });
  const stream: Readable = gzip ? source.pipe(createGunzip()) : source;
  if (!gzip) position = offset;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const from = Math.max(offset - position, 0);
      position += chunk.length;
      if (from >= chunk.length) continue;
      chunks.push(chunk.subarray(from));
      size += chunk.length - from;
      if (size >= length) break;
    }
  } finally {
    source.destroy();
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, length);
}

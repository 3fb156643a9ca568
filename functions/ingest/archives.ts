import { createReadStream, createWriteStream, openSync, readSync, closeSync } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import type { ZipLimits } from '../core/catalogue.ts';

/**
 * Byte-level helpers around the CSV reader: what kind of file this really is, its first bytes,
 * ZIP entries streamed to temp files (capped against ZIP bombs), and re-encoding to UTF-8 (gzip
 * integrity is proven by the record count, record-scan.ts). All of them stream in chunks
 * (bounded memory whatever the file size); none of them looks at rows.
 */

/**
 * Default caps against ZIP bombs. A Salesforce Data Export ZIP is at most 512 MB and its CSVs
 * compress about 5–20 : 1, so real entries stay far inside them; a bomb (1.2 MB inflating to
 * 1.26 GB, 1,000 : 1) does not. The ratio applies to entries inflating to over 10 MB.
 */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntryBytes: 4 * 1024 ** 3, maxTotalBytes: 16 * 1024 ** 3, maxRatio: 100 };
const RATIO_FLOOR_BYTES = 10 * 1024 * 1024;

/** A size as people read it: `237 bytes`, `48.8 KB`, `50 MB`, `4 GB`. */
export function byteSize(n: number): string {
  const [unit, scale] = n >= 1024 ** 3 ? ['GB', 1024 ** 3] : n >= 1024 ** 2 ? ['MB', 1024 ** 2] : n >= 1024 ? ['KB', 1024] : ['bytes', 1];
  return `${(n / scale).toLocaleString('en-US', { maximumFractionDigits: 1 })} ${unit}`;
}

/** Why an entry must not be inflated (its size or ratio over a cap), or undefined; `inflatedSoFar` counts the archive's earlier entries. */
export function zipEntryProblem(entry: Pick<ZipEntry, 'uncompressedSize' | 'compressedSize'>, limits: ZipLimits, inflatedSoFar: number): { reason: string; stopArchive: boolean } | undefined {
  const size = entry.uncompressedSize;
  const mb = byteSize;
  if (size > limits.maxEntryBytes) return { reason: `it would inflate to ${mb(size)}, over the limit of ${mb(limits.maxEntryBytes)} per file; it was not extracted`, stopArchive: false };
  const ratio = size / Math.max(entry.compressedSize, 1);
  if (size > RATIO_FLOOR_BYTES && ratio > limits.maxRatio) {
    return { reason: `it would inflate ${Math.round(ratio).toLocaleString('en-US')} times (${mb(entry.compressedSize)} to ${mb(size)}), over the limit of ${limits.maxRatio} : 1 (a ZIP bomb?); it was not extracted`, stopArchive: false };
  }
  if (inflatedSoFar + size > limits.maxTotalBytes) {
    return { reason: `the archive's files would inflate to more than ${mb(limits.maxTotalBytes)} in all; this file and the ones after it were not extracted`, stopArchive: true };
  }
  return undefined;
}

export type FileKind = 'empty' | 'gzip' | 'zip' | 'text';

/** What a file holds, from its first bytes rather than its name: a `.csv` may be gzip, a `.csv.gz` may not be. */
export function fileKind(path: string): FileKind {
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  if (read === 0) return 'empty';
  if (read >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (read >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (read >= 4 && head.readUInt32LE(0) === 0x06054b50) return 'zip'; // an empty ZIP: only the end record
  return 'text';
}

/**
 * The first `maxBytes` of a file's content (gunzipped if it is gzip), for reading its header
 * line. Stops reading as soon as it has them.
 */
export async function readHead(path: string, gzip: boolean, maxBytes = 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const source = createReadStream(path, gzip ? {} : { start: 0, end: maxBytes - 1 });
  const stream: Readable = gzip ? source.pipe(createGunzip()) : source;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= maxBytes) break;
    }
  } catch (error) {
    // A broken gzip stream: keep what came out before the damage (the zlib pass reports it).
    if (!chunks.length) throw new Error(`the gzip data is truncated or corrupt (${describeZlibError(error)}); nothing was loaded from it`);
  } finally {
    source.destroy();
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, maxBytes);
}

/** One entry of a ZIP archive, extracted on demand. */
export interface ZipEntry {
  /** Path inside the archive, `/`-separated (`Lead.csv`, `ContentVersion/0685f00000abcd`). */
  name: string;
  uncompressedSize: number;
  compressedSize: number;
  /** Streams the entry to `to`, checking its size (never over `maxBytes`) and CRC-32; rejects with a readable reason. */
  extractTo(to: string, maxBytes: number): Promise<void>;
}

/** A ZIP archive read where it lies, without a local copy: any random-access reader (an S3 object read by byte ranges) and its size. */
export interface ZipReader {
  reader: yauzl.RandomAccessReader;
  size: number;
}

/**
 * Walks a ZIP archive entry by entry (yauzl reads the central directory, then one entry's data
 * at a time), calling `visit` for each file entry; directories are not visited. The archive is a
 * local file or a `ZipReader`. An archive that cannot be opened rejects with a readable reason;
 * so does one whose directory breaks part-way.
 */
export async function readZip(archive: string | ZipReader, visit: (entry: ZipEntry) => Promise<void>): Promise<void> {
  let zip: yauzl.ZipFile;
  const options = { lazyEntries: true, validateEntrySizes: true, decodeStrings: true, strictFileNames: false };
  try {
    zip = typeof archive === 'string' ? await yauzl.openPromise(archive, options) : await yauzl.fromRandomAccessReaderPromise(archive.reader, archive.size, options);
  } catch (error) {
    throw new Error(`not a readable ZIP archive (${(error as Error).message})`);
  }
  try {
    for (;;) {
      const entry = await nextEntry(zip);
      if (!entry) break;
      if (entry.fileName.endsWith('/')) continue;
      await visit({
        name: entry.fileName,
        uncompressedSize: entry.uncompressedSize,
        compressedSize: entry.compressedSize,
        extractTo: (to, maxBytes) => extractEntry(zip, entry, to, maxBytes),
      });
    }
  } finally {
    zip.close();
  }
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry) => {
      cleanup();
      resolve(entry);
    };
    const onEnd = () => {
      cleanup();
      resolve(undefined);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new Error(`the ZIP archive's directory is corrupt (${error.message})`));
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

async function extractEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, to: string, maxBytes: number): Promise<void> {
  if (entry.isEncrypted()) throw new Error('the archive entry is encrypted; export it without a password');
  let stream: Readable;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (error) {
    throw new Error(`the archive entry cannot be read (${(error as Error).message})`);
  }
  let crc = 0;
  let bytes = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      crc = crc32(chunk, crc);
      bytes += chunk.length;
      // yauzl already stops at the declared size; this holds even if a header lies.
      if (bytes > maxBytes) return done(new Error(`it inflates to more than its limit of ${maxBytes} bytes`));
      done(null, chunk);
    },
    flush(done) {
      done(crc >>> 0 === entry.crc32 >>> 0 ? null : new Error(`CRC-32 mismatch: the data does not match the archive's checksum`));
    },
  });
  try {
    await pipeline(stream, check, createWriteStream(to));
  } catch (error) {
    throw new Error(`the archive entry is corrupt (${describeZlibError(error)})`);
  }
}

/**
 * Re-encodes a file (gunzipping it first if it is gzip) to UTF-8 with the WHATWG decoder for
 * `encoding` (e.g. `windows-1252`, whose 0x80–0x9F bytes — €, curly quotes — DuckDB's Latin-1
 * reader refuses). Streams in chunks.
 */
export async function transcodeToUtf8(from: string, to: string, encoding: string, gzip: boolean): Promise<void> {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: false });
  } catch {
    throw new Error(`"${encoding}" is not an encoding Handoff knows; use a WHATWG encoding label such as windows-1252`);
  }
  const decode = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
  const source = createReadStream(from);
  try {
    await (gzip ? pipeline(source, createGunzip(), decode, createWriteStream(to)) : pipeline(source, decode, createWriteStream(to)));
  } catch (error) {
    throw new Error(`the file cannot be re-encoded from ${encoding} (${describeZlibError(error)})`);
  }
}

function describeZlibError(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  if ((error as { code?: string }).code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message)) return 'unexpected end of file';
  return message;
}

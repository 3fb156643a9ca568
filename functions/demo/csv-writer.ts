import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/**
 * Writes a CSV in the Salesforce Data Export Service dialect: every field double-quoted (header too),
 * embedded quotes doubled, LF line ends, UTF-8 without BOM. Rows are buffered into ~64 KB chunks and
 * written through a stream that is allowed to drain, so large exports never become one giant string.
 */
export class CsvWriter {
  private readonly stream: WriteStream;
  private buffer: string;
  private count = 0;

  constructor(path: string, header: readonly string[]) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.buffer = encodeRow(header);
  }

  /** Data rows written so far. */
  get rows(): number {
    return this.count;
  }

  async write(values: readonly string[]): Promise<void> {
    this.buffer += encodeRow(values);
    this.count++;
    if (this.buffer.length >= 65_536) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Flushes, closes the file and returns the number of data rows. */
  async close(): Promise<number> {
    if (this.buffer) await this.flush();
    this.stream.end();
    await finished(this.stream);
    return this.count;
  }
}

function encodeRow(values: readonly string[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as string;
    if (i > 0) line += ',';
    line += v.includes('"') ? `"${v.replaceAll('"', '""')}"` : `"${v}"`;
  }
  return line + '\n';
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, as the Data Export writes datetimes. */
export function formatDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** `YYYY-MM-DD` (UTC date) for date-only fields. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function formatBool(value: boolean): string {
  return value ? '1' : '0';
}

/** An amount held in cents, with two decimals (e.g. 24350.50). */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

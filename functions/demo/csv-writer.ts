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

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dayStrings = new Map<number, string>();

/** `YYYY-MM-DD` of a day number (days since 1970-01-01), cached: exports hold a few hundred distinct days. */
function dayString(day: number): string {
  let text = dayStrings.get(day);
  if (text === undefined) {
    text = new Date(day * 86_400_000).toISOString().slice(0, 10);
    dayStrings.set(day, text);
  }
  return text;
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, as the Data Export writes datetimes. */
export function formatDateTime(ms: number): string {
  const sec = Math.floor(ms / 1000);
  const day = Math.floor(sec / 86_400);
  let rest = sec - day * 86_400;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  return `${dayString(day)} ${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[rest - m * 60]}`;
}

/** `YYYY-MM-DD` (UTC date) for date-only fields. */
export function formatDate(ms: number): string {
  return dayString(Math.floor(ms / 86_400_000));
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

// Number, percent, month and date wording shared by sentences, tables and charts, so every page says them the same way.

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

function splitMonth(month: string): [number, number] {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) throw new RangeError(`Expected a month as "YYYY-MM", got "${month}"`);
  return [Number(match[1]), Number(match[2])];
}

/** "2026-10" → "October 2026". */
export function monthName(month: string): string {
  const [year, m] = splitMonth(month);
  return `${MONTHS[m - 1]} ${year}`;
}

/** "2026-10" → "October", the month alone, for a second mention in the same year. */
export function monthOnly(month: string): string {
  return MONTHS[splitMonth(month)[1] - 1]!;
}

/** "2026-10" → "Oct 2026", for chart axes and narrow table columns. */
export function monthShort(month: string): string {
  const [year, m] = splitMonth(month);
  return `${MONTHS[m - 1]!.slice(0, 3)} ${year}`;
}

/** Month arithmetic on "YYYY-MM" strings: addMonths("2026-01", -1) → "2025-12". */
export function addMonths(month: string, delta: number): string {
  const [year, m] = splitMonth(month);
  const index = year * 12 + (m - 1) + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The last month that ended at or before the as-of time (UTC): as of 2026-11-05 it is "2026-10". */
export function latestCompleteMonth(asOf: string): string {
  const at = new Date(asOf);
  if (Number.isNaN(at.getTime())) throw new RangeError(`Expected an ISO time, got "${asOf}"`);
  const current = `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
  return addMonths(current, -1);
}

/** The n months ending with last, oldest first. */
export function monthsEnding(last: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => addMonths(last, i - n + 1));
}

const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1234 → "1,234". */
export function formatCount(n: number): string {
  return counts.format(n);
}

/** 0.714 → "71%"; digits adds decimals. */
export function formatPercent(share: number, digits = 0): string {
  const factor = 10 ** digits;
  return `${(Math.round(share * 100 * factor) / factor).toFixed(digits)}%`;
}

/**
 * A share compared with a target, rounded so that a miss never reads as a hit:
 * 0.895 against 0.9 is "89.5%", not "90%" (at or above the target, whole percents are enough).
 */
export function formatPercentAgainst(share: number, target: number): string {
  if (share >= target || Math.round(share * 100) < Math.round(target * 100)) return formatPercent(share);
  return `${(Math.floor(share * 1000 + 1e-9) / 10).toFixed(1)}%`;
}

/** "2026-11-05T02:00:00Z" → "5 November 2026 at 02:00 UTC". */
export function formatDateTime(iso: string): string {
  const at = new Date(iso);
  const hh = String(at.getUTCHours()).padStart(2, '0');
  const mm = String(at.getUTCMinutes()).padStart(2, '0');
  return `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()} at ${hh}:${mm} UTC`;
}

/** "1 lead", "2 leads"; the plural form defaults to singular + "s". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

function trimNumber(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** Business minutes in words: 38 → "38 business minutes", 240 → "4 business hours", 90 → "1.5 business hours". */
export function businessDuration(minutes: number): string {
  if (minutes < 59.5) {
    const m = Math.round(minutes);
    return `${m} business ${m === 1 ? 'minute' : 'minutes'}`;
  }
  const hours = trimNumber(minutes / 60);
  return `${hours} business ${hours === '1' ? 'hour' : 'hours'}`;
}

/** "followed up…" → "Followed up…", for a phrase that starts a table cell. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Business minutes for a table cell, where the column header says "business time": 38 → "38 min", 260 → "4.3 h". */
export function shortDuration(minutes: number): string {
  return minutes < 59.5 ? `${Math.round(minutes)} min` : `${trimNumber(minutes / 60)} h`;
}

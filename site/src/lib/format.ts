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

/** "2026-10" → "2026-Q4". */
export function quarterOf(month: string): string {
  const [year, m] = splitMonth(month);
  return `${year}-Q${Math.floor((m - 1) / 3) + 1}`;
}

function splitQuarter(quarter: string): [number, number] {
  const match = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!match) throw new RangeError(`Expected a quarter as "YYYY-Qn", got "${quarter}"`);
  return [Number(match[1]), Number(match[2])];
}

/** The three months of a quarter: "2026-Q3" → ["2026-07", "2026-08", "2026-09"]. */
export function quarterMonths(quarter: string): string[] {
  const [year, q] = splitQuarter(quarter);
  return [1, 2, 3].map((i) => `${year}-${String((q - 1) * 3 + i).padStart(2, '0')}`);
}

/** Quarter arithmetic: addQuarters("2026-Q1", -1) → "2025-Q4". */
export function addQuarters(quarter: string, delta: number): string {
  return quarterOf(addMonths(quarterMonths(quarter)[0]!, delta * 3));
}

/** The last quarter that ended at or before the as-of time: as of 2026-11-20 it is "2026-Q3". */
export function latestCompleteQuarter(asOf: string): string {
  const current = quarterOf(addMonths(latestCompleteMonth(asOf), 1));
  return addQuarters(current, -1);
}

/** "2026-Q3" → "Q3 2026 (July to September)"; short: "Q3 2026". */
export function quarterName(quarter: string, short = false): string {
  const [year, q] = splitQuarter(quarter);
  if (short) return `Q${q} ${year}`;
  const months = quarterMonths(quarter);
  return `Q${q} ${year} (${monthOnly(months[0]!)} to ${monthOnly(months[2]!)})`;
}

/** A period label for a month ("October 2026") or a quarter ("Q3 2026"). */
export function periodName(period: string): string {
  return period.includes('-Q') ? quarterName(period, true) : monthName(period);
}

const currencyFormats = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string, digits: number): Intl.NumberFormat {
  const key = `${currency}/${digits}`;
  let format = currencyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    currencyFormats.set(key, format);
  }
  return format;
}

/** Money for a table cell: 1612303 → "$1,612,303"; amounts under 100 keep their cents ("$17.50"). */
export function formatMoney(amount: number, currency: string): string {
  return currencyFormat(currency, Math.abs(amount) < 100 && amount !== Math.round(amount) ? 2 : 0).format(amount);
}

/** Money in a sentence: 1612303 → "$1.6 million", 48991 → "$48,991". */
export function moneyWords(amount: number, currency: string): string {
  if (Math.abs(amount) >= 999_500) {
    const millions = Math.round(amount / 100_000) / 10;
    return `${currencyFormat(currency, 0).format(0).replace('0', String(millions))} million`;
  }
  return formatMoney(amount, currency);
}

/** A return on investment as a signed percent: 11.59 → "+1,159%", -0.961 → "−96%". */
export function formatRoi(roi: number): string {
  const pct = Math.round(roi * 100);
  return `${pct > 0 ? '+' : pct < 0 ? '−' : ''}${formatCount(Math.abs(pct))}%`;
}

/** A fractional count (attributed opportunities): 48.25 → "48.3", 2 → "2". */
export function formatFraction(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** Days between stages: 0.7 → "17 hours", 8.44 → "8.4 days", 49 → "49 days". */
export function formatDays(days: number): string {
  if (days < 1) {
    const hours = Math.round(days * 24);
    return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  }
  const shown = days < 10 ? Math.round(days * 10) / 10 : Math.round(days);
  return `${shown} ${shown === 1 ? 'day' : 'days'}`;
}

/** Calendar time since a deadline: 0.5 → "30 minutes", 5.2 → "5 hours", 50 → "2 days". */
export function formatOverdue(hours: number): string {
  if (hours < 1) {
    const m = Math.max(1, Math.round(hours * 60));
    return `${m} ${m === 1 ? 'minute' : 'minutes'}`;
  }
  if (hours < 48) {
    const h = Math.round(hours);
    return `${h} ${h === 1 ? 'hour' : 'hours'}`;
  }
  return `${formatCount(Math.round(hours / 24))} days`;
}

/** "2026-10-02T14:29:04Z" → "2 Oct 2026 14:29 UTC", for table cells. */
export function formatShortDateTime(iso: string): string {
  const at = new Date(iso);
  const hh = String(at.getUTCHours()).padStart(2, '0');
  const mm = String(at.getUTCMinutes()).padStart(2, '0');
  return `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]!.slice(0, 3)} ${at.getUTCFullYear()} ${hh}:${mm} UTC`;
}

/** A percentage-point change in words: 0.12 → "12 points". */
export function formatPoints(delta: number): string {
  const points = Math.round(Math.abs(delta) * 100);
  return `${points} ${points === 1 ? 'point' : 'points'}`;
}

/** "2026-11-04T16:00:00Z" in "America/New_York" → "4 Nov 2026 11:00 EST": a due time as the owner reads it. */
export function formatLocalDateTime(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(localFormat(timeZone).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.day} ${parts.month} ${parts.year} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

// One formatter per time zone: building one is what costs (breach tables format a time per row on every rep's page).
const localFormats = new Map<string, Intl.DateTimeFormat>();

function localFormat(timeZone: string): Intl.DateTimeFormat {
  let format = localFormats.get(timeZone);
  if (!format) {
    const options = { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' } as const;
    try {
      format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    } catch {
      // An unknown zone in the export: the time is shown in UTC, labelled so.
      format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' });
    }
    localFormats.set(timeZone, format);
  }
  return format;
}

/** Business minutes as business hours for a table cell: 90 → "1.5 h", 20 → "0.3 h". */
export function formatBusinessHours(minutes: number): string {
  return `${trimNumber(minutes / 60)} h`;
}

/**
 * Business-time arithmetic for the demo generator: Monday to Friday, 09:00 to 17:00 in a user's time
 * zone, no holidays (the product's default calendar). Time-zone offsets use the current US and EU
 * daylight-saving rules directly, so results do not depend on the ICU data of the Node build.
 */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const OPEN = 9 * HOUR;
const CLOSE = 17 * HOUR;

interface Zone {
  standard: number; // offset from UTC in ms, standard time
  rule: 'us' | 'eu' | 'none';
}

const ZONES: Record<string, Zone> = {
  UTC: { standard: 0, rule: 'none' },
  GMT: { standard: 0, rule: 'none' },
  'America/New_York': { standard: -5 * HOUR, rule: 'us' },
  'America/Chicago': { standard: -6 * HOUR, rule: 'us' },
  'America/Denver': { standard: -7 * HOUR, rule: 'us' },
  'America/Los_Angeles': { standard: -8 * HOUR, rule: 'us' },
  'Europe/London': { standard: 0, rule: 'eu' },
  'Europe/Berlin': { standard: HOUR, rule: 'eu' },
  'Europe/Paris': { standard: HOUR, rule: 'eu' },
};

function zone(tz: string): Zone {
  const z = ZONES[tz];
  if (!z) throw new Error(`business-time: unsupported time zone ${tz}`);
  return z;
}

/** Midnight UTC of the n-th (1-based) given weekday (0 = Sunday) of a month; n = -1 for the last. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = Date.UTC(year, month, 1);
    const shift = (weekday - new Date(first).getUTCDay() + 7) % 7;
    return first + (shift + 7 * (n - 1)) * DAY;
  }
  const last = Date.UTC(year, month + 1, 0);
  const shift = (new Date(last).getUTCDay() - weekday + 7) % 7;
  return last - shift * DAY;
}

const dstCache = new Map<string, [number, number]>();

/** The UTC instants a zone's daylight-saving time starts and ends in a year. */
function dstRange(z: Zone, year: number): [number, number] {
  const key = `${z.rule}${z.standard}:${year}`;
  let range = dstCache.get(key);
  if (!range) {
    if (z.rule === 'us') {
      // 02:00 local standard time on the second Sunday of March; 02:00 local daylight time on the first Sunday of November.
      range = [nthWeekday(year, 2, 0, 2) + 2 * HOUR - z.standard, nthWeekday(year, 10, 0, 1) + 2 * HOUR - (z.standard + HOUR)];
    } else {
      // 01:00 UTC on the last Sundays of March and October.
      range = [nthWeekday(year, 2, 0, -1) + HOUR, nthWeekday(year, 9, 0, -1) + HOUR];
    }
    dstCache.set(key, range);
  }
  return range;
}

/** Offset of local time from UTC, in ms, at a UTC instant. */
export function offsetMs(tz: string, utc: number): number {
  const z = zone(tz);
  if (z.rule === 'none') return z.standard;
  const [start, end] = dstRange(z, new Date(utc).getUTCFullYear());
  return utc >= start && utc < end ? z.standard + HOUR : z.standard;
}

/** The UTC instant of a local wall-clock time (given as ms since epoch, as if local were UTC). */
export function localToUtc(tz: string, local: number): number {
  const guess = local - zone(tz).standard;
  return local - offsetMs(tz, guess - HOUR);
}

export function utcToLocal(tz: string, utc: number): number {
  return utc + offsetMs(tz, utc);
}

function isWorkday(localDay: number): boolean {
  const dow = (localDay + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return dow !== 0 && dow !== 6;
}

/** The instant `minutes` business minutes after `start` in the calendar of `tz`. */
export function addBusinessMinutes(start: number, minutes: number, tz: string): number {
  let remaining = Math.max(0, minutes) * MINUTE;
  let local = utcToLocal(tz, start);
  for (;;) {
    const day = Math.floor(local / DAY);
    const open = day * DAY + OPEN;
    const close = day * DAY + CLOSE;
    if (!isWorkday(day) || local >= close) {
      local = (day + 1) * DAY + OPEN;
      continue;
    }
    const from = Math.max(local, open);
    if (remaining <= close - from) return localToUtc(tz, from + remaining);
    remaining -= close - from;
    local = (day + 1) * DAY + OPEN;
  }
}

/** Business minutes between two instants in the calendar of `tz` (0 when `end` <= `start`). */
export function businessMinutesBetween(start: number, end: number, tz: string): number {
  if (end <= start) return 0;
  const a = utcToLocal(tz, start);
  const b = utcToLocal(tz, end);
  let total = 0;
  for (let day = Math.floor(a / DAY); day <= Math.floor(b / DAY); day++) {
    if (!isWorkday(day)) continue;
    const from = Math.max(a, day * DAY + OPEN);
    const to = Math.min(b, day * DAY + CLOSE);
    if (to > from) total += to - from;
  }
  return total / MINUTE;
}

/** True when the instant falls in business hours of `tz`. */
export function isBusinessTime(utc: number, tz: string): boolean {
  const local = utcToLocal(tz, utc);
  const day = Math.floor(local / DAY);
  const inDay = local - day * DAY;
  return isWorkday(day) && inDay >= OPEN && inDay < CLOSE;
}

import type { CalendarConfig } from './config.ts';

/**
 * One business window of a calendar, in UTC. Windows partition time: each runs from its opening to
 * the next window's opening, and only its first `window_seconds` are business time. `seconds_before`
 * counts the business seconds of all earlier windows, so any instant maps to a business-second ordinal
 * and back; SQL does the rest with two range joins (see int_sla_clocks_measured).
 */
export interface CalendarWindow {
  calendar_id: string;
  window_start_at: string;
  next_window_start_at: string;
  window_seconds: number;
  seconds_before: number;
}

const DAY_MS = 86_400_000;

/** Builds the business windows of `calendar` run in time zone `timeZone`, for every day in [fromDate, toDate]. */
export function calendarWindows(calendarId: string, calendar: CalendarConfig, timeZone: string, fromDate: string, toDate: string): CalendarWindow[] {
  const holidays = new Set(calendar.holidays);
  const workdays = new Set(calendar.workdays);
  const [startH, startM] = calendar.start.split(':').map(Number) as [number, number];
  const [endH, endM] = calendar.end.split(':').map(Number) as [number, number];
  const opens: Array<{ open: number; close: number }> = [];
  for (let day = Date.parse(`${fromDate}T00:00:00Z`); day <= Date.parse(`${toDate}T00:00:00Z`); day += DAY_MS) {
    const date = new Date(day);
    const isoWeekday = ((date.getUTCDay() + 6) % 7) + 1;
    const ymd = date.toISOString().slice(0, 10);
    if (!workdays.has(isoWeekday) || holidays.has(ymd)) continue;
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    opens.push({ open: wallTimeToUtc(y, m, d, startH, startM, timeZone), close: wallTimeToUtc(y, m, d, endH, endM, timeZone) });
  }
  // A zero-length window from the epoch catches instants before the first business day.
  const windows: CalendarWindow[] = [];
  const first = opens[0]?.open ?? Date.parse(`${toDate}T00:00:00Z`);
  windows.push({ calendar_id: calendarId, window_start_at: iso(0), next_window_start_at: iso(first), window_seconds: 0, seconds_before: 0 });
  let before = 0;
  opens.forEach(({ open, close }, i) => {
    const next = opens[i + 1]?.open ?? open + 3650 * DAY_MS;
    const seconds = (close - open) / 1000;
    windows.push({ calendar_id: calendarId, window_start_at: iso(open), next_window_start_at: iso(next), window_seconds: seconds, seconds_before: before });
    before += seconds;
  });
  return windows;
}

/**
 * The UTC instant of a wall-clock time in a time zone (DST-aware, via Intl). A wall time that
 * happens twice (clocks go back) is its first occurrence; one that never happens (clocks jump
 * forward, e.g. Havana's midnight) is the instant the clocks jump to, so a day opening at 00:00
 * on that day opens at 01:00 and never reaches back into the day before.
 */
export function wallTimeToUtc(y: number, m: number, d: number, hh: number, mm: number, timeZone: string): number {
  const asUtc = Date.UTC(y, m - 1, d, hh, mm);
  // The offsets in force a day either side cover any DST change near this wall time.
  const before = asUtc - offsetMs(asUtc - DAY_MS, timeZone);
  const after = asUtc - offsetMs(asUtc + DAY_MS, timeZone);
  const valid = [before, after].filter((instant) => instant + offsetMs(instant, timeZone) === asUtc).sort((a, b) => a - b);
  // No valid instant: the wall time falls in the gap; the offset before the jump lands on its far side.
  return valid[0] ?? before;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetMs(instant: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(instant / 1000) * 1000;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('.000Z', '');
}

// The --as-of time, checked before anything runs: a real calendar time in a range a calendar can be built for.
import { isCalendarDate } from './config.ts';
import { ConfigError } from './errors.ts';

/** How far past today an as-of may lie: business calendars are built up to it, day by day. */
export const AS_OF_MAX_DAYS_AHEAD = 366;
/** The earliest as-of: business calendars start at the epoch. */
export const AS_OF_EARLIEST = '1970-01-01T00:00:00.000Z';

const FORMAT = /^(\d{4,6})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(Z|z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an as-of time (`2026-11-20`, `2026-11-20T18:00:00Z`, `2026-11-20 18:00+01:00`; UTC without an offset) to
 * ISO UTC. Refuses a day that does not exist (2026-02-30 is not 2 March) and a time outside 1970 to a year from `now`.
 */
export function parseAsOf(value: string, now = Date.now(), flag = '--as-of'): string {
  const example = 'write it like 2026-11-20T18:00:00Z';
  const match = FORMAT.exec(value.trim());
  if (!match) throw new ConfigError(`${flag} "${value}" is not a time; ${example}`);
  const [y, m, d, hh = '00', mm = '00', ss = '00'] = match.slice(1, 7) as [string, string, string, string?, string?, string?];
  if (!isCalendarDate(Number(y), Number(m), Number(d))) throw new ConfigError(`${flag} "${value}": ${y}-${m}-${d} is not a day of the calendar; ${example}`);
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) throw new ConfigError(`${flag} "${value}": ${hh}:${mm}:${ss} is not a time of day; ${example}`);
  const offset = (match[8] ?? 'Z').toUpperCase();
  const offsetMinutes = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(-2)));
  const millis = Math.round(Number(`0${match[7] ?? ''}`) * 1000);
  const ms = Date.UTC(Number(y), Number(m) - 1, Number(d), Number(hh), Number(mm), Number(ss), millis) - offsetMinutes * 60_000;
  const latest = now + AS_OF_MAX_DAYS_AHEAD * 86_400_000;
  // Date.UTC reads years 0 to 99 as 1900 to 1999: check the year itself too.
  if (Number(y) < 1970 || ms < Date.parse(AS_OF_EARLIEST) || ms > latest) {
    throw new ConfigError(
      `${flag} "${value}" is out of range: it must lie between 1970-01-01 and ${new Date(latest).toISOString().slice(0, 10)} (a year from today); ` +
        'give the time the exports were taken, or leave it out to use the newest record change',
    );
  }
  return new Date(ms).toISOString();
}

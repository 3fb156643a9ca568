// Times in the owner's own time zone, as the breach tables show due and overdue times. Worked by hand: 28 October 2026
// is before New York leaves daylight saving time (1 November), so 13:00 UTC is 09:00 there (UTC−4); a week later it is
// 08:00 (UTC−5). A zone the export names but no clock knows is shown in UTC, labelled so.
import { describe, expect, it } from 'vitest';
import { formatLocalDateTime } from '../../site/src/lib/format.ts';

describe('formatLocalDateTime', () => {
  it("shows a time in the owner's zone, with the zone's offset on that day", () => {
    expect(formatLocalDateTime('2026-10-28T13:00:00Z', 'America/New_York')).toBe('28 Oct 2026 09:00 GMT-4');
    expect(formatLocalDateTime('2026-11-04T13:00:00Z', 'America/New_York')).toBe('4 Nov 2026 08:00 GMT-5');
    expect(formatLocalDateTime('2026-11-04T13:00:00Z', 'Europe/London')).toBe('4 Nov 2026 13:00 GMT');
  });

  it('shows a time in UTC when the zone is unknown, and keeps doing so for the next rows', () => {
    expect(formatLocalDateTime('2026-10-28T13:00:00Z', 'Mars/Olympus_Mons')).toBe('28 Oct 2026 13:00 UTC');
    expect(formatLocalDateTime('2026-10-28T14:30:00Z', 'Mars/Olympus_Mons')).toBe('28 Oct 2026 14:30 UTC');
  });
});

// Sentence templates: hand-picked numbers in, the exact sentence a reader sees out.
import { describe, expect, it } from 'vitest';
import {
  followUpSentence,
  medianResponseSentence,
  mqlSentence,
  repMedianRangeSentence,
  speedPaysSentence,
  sqlSentence,
  teamsSentence,
} from '../../site/src/lib/sentences.ts';
import { businessDuration, formatPercentAgainst, latestCompleteMonth, plural } from '../../site/src/lib/format.ts';

describe('mqlSentence', () => {
  it('compares with the month before, rounding the change to a whole percent', () => {
    // Prepare: 412 vs 381 is +8.14%.
    const sentence = mqlSentence({ month: '2026-10', mqls: 412, previousMonth: '2026-09', previousMqls: 381 });
    // Assess
    expect(sentence).toBe('Marketing delivered 412 MQLs in October 2026, 8% more than in September.');
  });

  it('says "fewer" when the count went down', () => {
    // 360 vs 400 is -10%.
    expect(mqlSentence({ month: '2026-10', mqls: 360, previousMonth: '2026-09', previousMqls: 400 })).toBe(
      'Marketing delivered 360 MQLs in October 2026, 10% fewer than in September.',
    );
  });

  it('names the year of the month before when it differs, and uses the singular for one', () => {
    expect(mqlSentence({ month: '2026-01', mqls: 1, previousMonth: '2025-12', previousMqls: 0 })).toBe(
      'Marketing delivered 1 MQL in January 2026, up from none in December 2025.',
    );
  });

  it('handles no change, a drop to zero and a tiny change without a misleading percent', () => {
    expect(mqlSentence({ month: '2026-10', mqls: 381, previousMonth: '2026-09', previousMqls: 381 })).toBe(
      'Marketing delivered 381 MQLs in October 2026, the same as in September.',
    );
    expect(mqlSentence({ month: '2026-10', mqls: 0, previousMonth: '2026-09', previousMqls: 12 })).toBe(
      'Marketing delivered no MQLs in October 2026, down from 12 in September.',
    );
    // 1,001 vs 1,000 is +0.1%, which would round to "0% more".
    expect(mqlSentence({ month: '2026-10', mqls: 1001, previousMonth: '2026-09', previousMqls: 1000 })).toBe(
      'Marketing delivered 1,001 MQLs in October 2026, less than 1% more than in September.',
    );
  });

  it('is null-safe: no data yet, or nothing to compare with', () => {
    expect(mqlSentence({ month: '2026-10', mqls: null, previousMonth: '2026-09', previousMqls: 381 })).toBe(
      'There is no MQL data for October 2026 yet.',
    );
    expect(mqlSentence({ month: '2026-10', mqls: 412, previousMonth: '2026-09', previousMqls: null })).toBe(
      'Marketing delivered 412 MQLs in October 2026.',
    );
  });
});

describe('sqlSentence', () => {
  it('uses plural and singular forms', () => {
    expect(sqlSentence({ month: '2026-10', sqls: 96, won: 21 })).toBe('In October 2026, 96 leads became SQLs and 21 were won.');
    expect(sqlSentence({ month: '2026-10', sqls: 1, won: 1 })).toBe('In October 2026, 1 lead became an SQL and 1 was won.');
    expect(sqlSentence({ month: '2026-10', sqls: 0, won: 0 })).toBe('In October 2026, no leads became SQLs and none were won.');
    expect(sqlSentence({ month: '2026-10', sqls: null, won: null })).toBe('There is no SQL or won data for October 2026 yet.');
  });
});

describe('followUpSentence', () => {
  const base = { month: '2026-10', slaMinutes: 240, target: 0.9 };

  it('gives met / (met + late + breached) against the agreed level', () => {
    // 80 / (80 + 14 + 7) = 80 / 101 = 79.2%; pending leads are left out.
    expect(followUpSentence({ ...base, met: 80, late: 14, breached: 7, pending: 4 })).toBe(
      'Sales followed up 79% of handed-off leads within 4 business hours; the agreed level is 90%.',
    );
  });

  it('never rounds a miss up to the target', () => {
    // 179 / 200 = 89.5%, which whole-percent rounding would show as 90%.
    expect(followUpSentence({ ...base, met: 179, late: 20, breached: 1, pending: 0 })).toBe(
      'Sales followed up 89.5% of handed-off leads within 4 business hours; the agreed level is 90%.',
    );
    // 9 / 10 is exactly the target.
    expect(followUpSentence({ ...base, met: 9, late: 1, breached: 0, pending: 0 })).toBe(
      'Sales followed up 90% of handed-off leads within 4 business hours; the agreed level is 90%.',
    );
  });

  it('words other SLA lengths', () => {
    expect(followUpSentence({ ...base, slaMinutes: 60, met: 3, late: 1, breached: 0, pending: 0 })).toBe(
      'Sales followed up 75% of handed-off leads within 1 business hour; the agreed level is 90%.',
    );
    expect(followUpSentence({ ...base, slaMinutes: 30, met: 1, late: 2, breached: 0, pending: 0 })).toBe(
      'Sales followed up 33% of handed-off leads within 30 business minutes; the agreed level is 90%.',
    );
  });

  it('is null-safe when nothing was due yet', () => {
    expect(followUpSentence({ ...base, met: 0, late: 0, breached: 0, pending: 0 })).toBe(
      'No leads were handed off to sales in October 2026, so there is no follow-up rate yet.',
    );
    expect(followUpSentence({ ...base, met: 0, late: 0, breached: 0, pending: 3 })).toBe(
      'None of the 3 leads handed off in October 2026 is past its deadline yet, so there is no follow-up rate yet.',
    );
  });
});

describe('response time sentences', () => {
  it('gives a median in business minutes or hours', () => {
    expect(medianResponseSentence(38)).toBe('The median first response took 38 business minutes.');
    expect(medianResponseSentence(1)).toBe('The median first response took 1 business minute.');
    expect(medianResponseSentence(150)).toBe('The median first response took 2.5 business hours.');
    expect(medianResponseSentence(null)).toBe(
      'No handed-off lead has had a first response yet, so there is no median response time.',
    );
  });

  it('gives the range of rep medians, which cannot be merged into one median', () => {
    expect(repMedianRangeSentence([38, 95, 12, 300])).toBe(
      "Each rep's median first response was between 12 business minutes and 5 business hours.",
    );
    expect(repMedianRangeSentence([12, 45, null])).toBe("Each rep's median first response was between 12 and 45 business minutes.");
    expect(repMedianRangeSentence([90, 150])).toBe("Each rep's median first response was between 1.5 and 2.5 business hours.");
    expect(repMedianRangeSentence([40, 40])).toBe("Every rep's median first response took 40 business minutes.");
    expect(repMedianRangeSentence([38, null])).toBe('The median first response took 38 business minutes.');
    expect(repMedianRangeSentence([null])).toBe(medianResponseSentence(null));
  });
});

describe('teamsSentence', () => {
  it('counts teams at the agreed level and names the lowest as text', () => {
    // East 54/67 = 80.6%, West 24/25 = 96%, the third 2/9 = 22.2%.
    const teams = [
      { team: 'Inbound East', compliance: 54 / 67 },
      { team: 'Inbound West', compliance: 24 / 25 },
      { team: '<img src=x onerror=alert(1)>', compliance: 2 / 9 },
    ];
    expect(teamsSentence({ month: '2026-10', teams, target: 0.9 })).toBe(
      '1 of 3 teams reached the agreed level of 90% in October 2026; the lowest was <img src=x onerror=alert(1)> at 22%.',
    );
  });

  it('words all, none, a single team and no data', () => {
    const month = '2026-10';
    expect(teamsSentence({ month, target: 0.9, teams: [{ team: 'A', compliance: 0.95 }, { team: 'B', compliance: 0.9 }] })).toBe(
      'All 2 teams reached the agreed level of 90% in October 2026; the lowest was B at 90%.',
    );
    expect(teamsSentence({ month, target: 0.9, teams: [{ team: 'A', compliance: 0.5 }, { team: 'B', compliance: 0.6 }] })).toBe(
      'None of the 2 teams reached the agreed level of 90% in October 2026; the lowest was A at 50%.',
    );
    expect(teamsSentence({ month, target: 0.9, teams: [{ team: 'A', compliance: 0.899 }] })).toBe(
      'A did not reach the agreed level of 90% in October 2026, at 89.9%.',
    );
    expect(teamsSentence({ month, target: 0.9, teams: [{ team: 'A', compliance: null }] })).toBe(
      'No team has a follow-up rate for October 2026 yet.',
    );
  });
});

describe('speedPaysSentence', () => {
  it('compares the fastest and slowest bands', () => {
    expect(
      speedPaysSentence({ band: 'under 5 min', conversionRate: 0.32 }, { band: 'never', conversionRate: 0.04 }),
    ).toBe('Leads followed up within 5 business minutes became SQLs 32% of the time, against 4% for leads never followed up.');
  });

  it('says when there is nothing to compare', () => {
    expect(speedPaysSentence(null, null)).toBe('There are not enough followed-up leads yet to compare conversion by response time.');
    expect(speedPaysSentence({ band: 'never', conversionRate: 0.04 }, { band: 'never', conversionRate: 0.04 })).toBe(
      'There are not enough followed-up leads yet to compare conversion by response time.',
    );
  });
});

describe('wording helpers', () => {
  it('picks the latest complete month before the as-of time, in UTC', () => {
    expect(latestCompleteMonth('2026-11-05T02:00:00Z')).toBe('2026-10');
    expect(latestCompleteMonth('2026-01-01T00:00:00Z')).toBe('2025-12');
    // 23:30 on 31 October in New York is already November in UTC.
    expect(latestCompleteMonth('2026-10-31T23:30:00-04:00')).toBe('2026-10');
  });

  it('formats counts, durations and shares', () => {
    expect(plural(1, 'lead')).toBe('1 lead');
    expect(plural(1234, 'lead')).toBe('1,234 leads');
    expect(businessDuration(59)).toBe('59 business minutes');
    expect(businessDuration(60)).toBe('1 business hour');
    expect(businessDuration(1500)).toBe('25 business hours');
    expect(formatPercentAgainst(0.8999, 0.9)).toBe('89.9%');
    expect(formatPercentAgainst(0.904, 0.9)).toBe('90%');
    expect(formatPercentAgainst(0.7129, 0.9)).toBe('71%');
  });
});

// Sentence templates: hand-picked numbers in, the exact sentence a reader sees out (and which numbers link where).
import { describe, expect, it } from 'vitest';
import {
  breachesNowSentence,
  countMoveNote,
  followUpSentence,
  medianResponseSentence,
  monthPeriod,
  moneyMoveNote,
  mqlSentence,
  partnerSentence,
  pipelineSentence,
  rateMoveNote,
  repSentence,
  revenueSentence,
  routingSentence,
  salRateSentence,
  speedPaysSentence,
  sqlSentence,
  teamsSentence,
  winRateSentence,
} from '../../site/src/lib/sentences.ts';
import { plain, type Sentence } from '../../site/src/lib/sentence.ts';
import { businessDuration, formatPercentAgainst, latestCompleteMonth, latestCompleteQuarter, moneyWords, plural } from '../../site/src/lib/format.ts';

const october = monthPeriod('2026-10', '2026-09');
const text = (s: Sentence) => plain(s);
const links = (s: Sentence) => s.filter((p) => typeof p !== 'string').map((p) => ('metric' in p ? `${p.text} → ${p.metric}` : `${p.text} → ${p.href}`));

describe('mqlSentence', () => {
  it('states the target and the change, as the scorecard words it', () => {
    // Prepare: 412 vs a target of 400 is +3%; 412 vs 381 in September is +8.14%.
    const sentence = mqlSentence({ period: october, mqls: 412, previousMqls: 381, target: 400 });
    // Assess
    expect(text(sentence)).toBe('Marketing delivered 412 MQLs in October 2026, 3% above the target of 400 and 8% more than in September.');
    expect(links(sentence)).toEqual(['412 MQLs → mqls', 'target of 400 → mql_target']);
  });

  it('says "no target set" when config has no target', () => {
    expect(text(mqlSentence({ period: october, mqls: 412, previousMqls: 381, target: null }))).toBe(
      'Marketing delivered 412 MQLs in October 2026, 8% more than in September; no target set.',
    );
  });

  it('says below, exactly, fewer, and the year of a month in another year', () => {
    // 360 vs 400: 10% below the target and 10% fewer than 400 in September.
    expect(text(mqlSentence({ period: october, mqls: 360, previousMqls: 400, target: 400 }))).toBe(
      'Marketing delivered 360 MQLs in October 2026, 10% below the target of 400 and 10% fewer than in September.',
    );
    expect(text(mqlSentence({ period: october, mqls: 400, previousMqls: 400, target: 400 }))).toBe(
      'Marketing delivered 400 MQLs in October 2026, exactly the target of 400 and the same as in September.',
    );
    expect(text(mqlSentence({ period: monthPeriod('2026-01', '2025-12'), mqls: 1, previousMqls: 0, target: null }))).toBe(
      'Marketing delivered 1 MQL in January 2026, up from none in December 2025; no target set.',
    );
  });

  it('words a quarter: 321 against 624 is 48.6% fewer', () => {
    expect(text(mqlSentence({ period: { label: 'Q3 2026', previousLabel: 'Q2 2026' }, mqls: 321, previousMqls: 624, target: null }))).toBe(
      'Marketing delivered 321 MQLs in Q3 2026, 49% fewer than in Q2 2026; no target set.',
    );
  });

  it('is null-safe: no data yet, or nothing to compare with', () => {
    expect(text(mqlSentence({ period: october, mqls: null, previousMqls: 381, target: 400 }))).toBe('There is no MQL data for October 2026 yet.');
    expect(text(mqlSentence({ period: october, mqls: 412, previousMqls: null, target: 400 }))).toBe(
      'Marketing delivered 412 MQLs in October 2026, 3% above the target of 400.',
    );
    expect(text(mqlSentence({ period: october, mqls: 0, previousMqls: null, target: null }))).toBe('Marketing delivered no MQLs in October 2026; no target set.');
    // 1,001 vs 1,000 is +0.1%, which would round to "0% more".
    expect(text(mqlSentence({ period: october, mqls: 1001, previousMqls: 1000, target: null }))).toBe(
      'Marketing delivered 1,001 MQLs in October 2026, less than 1% more than in September; no target set.',
    );
  });
});

describe('salRateSentence (cohort view)', () => {
  it('gives the share accepted so far and the month before', () => {
    // 300 / 412 = 72.8%; September 320 / 381 = 84.0%.
    expect(text(salRateSentence({ period: october, mqls: 412, sals: 300, previousRate: 320 / 381 }))).toBe(
      'Sales has accepted 73% of the 412 people who became MQL in October 2026 so far (cohort view), down from 84% in September.',
    );
    expect(text(salRateSentence({ period: october, mqls: 100, sals: 84, previousRate: 0.8399 }))).toBe(
      'Sales has accepted 84% of the 100 people who became MQL in October 2026 so far (cohort view), about the same as in September.',
    );
    expect(text(salRateSentence({ period: october, mqls: 10, sals: 10, previousRate: null }))).toBe(
      'Sales has accepted 100% of the 10 people who became MQL in October 2026 so far (cohort view), with no rate for September to compare.',
    );
    // Under 10 MQLs the rate is not given: the counts are, with "too few to judge".
    expect(text(salRateSentence({ period: october, mqls: 1, sals: 1, previousRate: null }))).toBe(
      'Sales has accepted 1 of the 1 person who became MQL in October 2026 so far (cohort view): too few to judge.',
    );
    expect(text(salRateSentence({ period: october, mqls: 0, sals: 0, previousRate: 0.5 }))).toBe('Nobody became MQL in October 2026, so there is no SAL rate.');
  });
});

describe('sqlSentence', () => {
  it('uses plural and singular forms (period view)', () => {
    expect(text(sqlSentence({ label: 'October 2026', sqls: 96, won: 21 }))).toBe('In October 2026, 96 leads became SQLs and 21 were won.');
    expect(text(sqlSentence({ label: 'October 2026', sqls: 1, won: 1 }))).toBe('In October 2026, 1 lead became an SQL and 1 was won.');
    expect(text(sqlSentence({ label: 'October 2026', sqls: 0, won: 0 }))).toBe('In October 2026, no leads became SQLs and none were won.');
    expect(text(sqlSentence({ label: 'October 2026', sqls: null, won: null }))).toBe('There is no SQL or won data for October 2026 yet.');
  });
});

describe('followUpSentence', () => {
  const base = { period: october, slaMinutes: 240, target: 0.9 };

  it('gives met / (met + late + breached) against the agreed level, and the month before', () => {
    // 80 / (80 + 14 + 7) = 79.2%, pending left out; September 71 / 83 = 85.5%.
    const sentence = followUpSentence({ ...base, met: 80, late: 14, breached: 7, pending: 4, previousCompliance: 71 / 83 });
    expect(text(sentence)).toBe(
      'Sales followed up 79% of the leads handed off in October 2026 within 4 business hours, down from 86% in September; the agreed level is 90%.',
    );
    expect(links(sentence)).toEqual(['79% → compliance', '4 business hours → response_sla']);
    expect(text(followUpSentence({ ...base, met: 80, late: 14, breached: 7, pending: 4 }))).toBe(
      'Sales followed up 79% of the leads handed off in October 2026 within 4 business hours; the agreed level is 90%.',
    );
  });

  it('never rounds a miss up to the target', () => {
    // 179 / 200 = 89.5%, which whole-percent rounding would show as 90%.
    expect(text(followUpSentence({ ...base, met: 179, late: 20, breached: 1, pending: 0, previousCompliance: null }))).toBe(
      'Sales followed up 89.5% of the leads handed off in October 2026 within 4 business hours, with no rate for September to compare; the agreed level is 90%.',
    );
    // 9 / 10 is exactly the target.
    expect(text(followUpSentence({ ...base, met: 9, late: 1, breached: 0, pending: 0 }))).toBe(
      'Sales followed up 90% of the leads handed off in October 2026 within 4 business hours; the agreed level is 90%.',
    );
  });

  it('words other SLA lengths and the cases with nothing due', () => {
    // 30 / (30 + 10) = 75%.
    expect(text(followUpSentence({ ...base, slaMinutes: 60, met: 30, late: 10, breached: 0, pending: 0 }))).toBe(
      'Sales followed up 75% of the leads handed off in October 2026 within 1 business hour; the agreed level is 90%.',
    );
    // 3 + 1 = 4 due: the count, not a rate.
    expect(text(followUpSentence({ ...base, slaMinutes: 60, met: 3, late: 1, breached: 0, pending: 0 }))).toBe(
      'Sales followed up 3 of the 4 leads due in October 2026 within 1 business hour: too few to judge; the agreed level is 90%.',
    );
    expect(text(followUpSentence({ ...base, met: 0, late: 0, breached: 0, pending: 0 }))).toBe(
      'No leads were handed off to sales in October 2026, so there is no follow-up rate yet.',
    );
    expect(text(followUpSentence({ ...base, met: 0, late: 0, breached: 0, pending: 3 }))).toBe(
      'None of the 3 leads handed off in October 2026 is past its deadline yet, so there is no follow-up rate yet.',
    );
  });
});

describe('medianResponseSentence (company-wide median)', () => {
  it('gives the median in business minutes or hours, against the month before', () => {
    expect(text(medianResponseSentence({ median: 38 }))).toBe('The median first response took 38 business minutes.');
    expect(text(medianResponseSentence({ median: 1 }))).toBe('The median first response took 1 business minute.');
    expect(text(medianResponseSentence({ period: october, median: 38, previousMedian: 45 }))).toBe(
      'The median first response took 38 business minutes, against 45 business minutes in September.',
    );
    expect(text(medianResponseSentence({ period: october, median: 150, previousMedian: null }))).toBe(
      'The median first response took 2.5 business hours; there is none for September to compare.',
    );
    expect(text(medianResponseSentence({ median: null }))).toBe('No handed-off lead has had a first response yet, so there is no median response time.');
  });
});

describe('pipeline, revenue and win rate', () => {
  it('splits pipeline into marketing-sourced and sales- and partner-sourced', () => {
    // 600,000 + 200,000 + 100,000 = 900,000; 600,000 / 900,000 = 67%. September: 750,000.
    const sentence = pipelineSentence({
      period: october,
      current: { marketing: 600_000, sales: 200_000, partner: 100_000, unknown: 0 },
      previous: { marketing: 500_000, sales: 150_000, partner: 100_000, unknown: 0 },
      currency: 'USD',
    });
    expect(text(sentence)).toBe(
      'Opportunities created in October 2026 added $900,000 of pipeline, up from $750,000 in September: $600,000 (67%) marketing-sourced, $300,000 from sales and partners.',
    );
    expect(links(sentence)).toEqual(['$900,000 → pipeline_created']);
  });

  it('says millions in words and names an unknown source', () => {
    // 1,612,303 + 170,039 + 266,132.50 + 5,000 = 2,053,474.50; marketing 78.5%; September 1,281,898.
    expect(
      text(pipelineSentence({
        period: october,
        current: { marketing: 1_612_303, sales: 170_039, partner: 266_132.5, unknown: 5_000 },
        previous: { marketing: 1_031_357, sales: 38_388, partner: 212_153, unknown: 0 },
        currency: 'USD',
      })),
    ).toBe(
      'Opportunities created in October 2026 added $2.1 million of pipeline, up from $1.3 million in September: $1.6 million (79%) marketing-sourced, $436,172 from sales and partners and $5,000 of unknown source.',
    );
    expect(text(pipelineSentence({ period: october, current: { marketing: 0, sales: 0, partner: 0, unknown: 0 }, previous: null, currency: 'EUR' }))).toBe(
      'No pipeline was created in October 2026.',
    );
  });

  it('gives revenue won by who sourced it', () => {
    // 90,000 + 50,000 = 140,000; 90,000 / 140,000 = 64%. September 300,000.
    expect(
      text(revenueSentence({
        period: october,
        current: { marketing: 90_000, sales: 50_000, partner: 0, unknown: 0 },
        previous: { marketing: 200_000, sales: 60_000, partner: 40_000, unknown: 0 },
        currency: 'USD',
      })),
    ).toBe('Revenue won in October 2026 was $140,000, down from $300,000 in September: $90,000 (64%) marketing-sourced, $50,000 from sales and partners.');
    expect(
      text(revenueSentence({ period: october, current: { marketing: 0, sales: 0, partner: 0, unknown: 0 }, previous: { marketing: 300_000, sales: 0, partner: 0, unknown: 0 }, currency: 'USD' })),
    ).toBe('No revenue was won in October 2026, down from $300,000 in September.');
  });

  it('gives the win rate by count and by amount', () => {
    // 4 of 14 = 28.6%; 140,000 / 480,000 = 29.2%; September 6 of 13 = 46.2%.
    expect(text(winRateSentence({ period: october, won: 4, lost: 10, wonAmount: 140_000, closedAmount: 480_000, previousRate: 6 / 13 }))).toBe(
      'Sales won 4 of the 14 opportunities closed in October 2026 (29% by count, 29% by amount), down from 46% in September.',
    );
    expect(text(winRateSentence({ period: october, won: 0, lost: 0, wonAmount: 0, closedAmount: 0, previousRate: 0.5 }))).toBe(
      'No opportunity closed in October 2026, so there is no win rate.',
    );
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
    expect(text(teamsSentence({ label: 'October 2026', teams, target: 0.9 }))).toBe(
      '1 of 3 teams reached the agreed level of 90% in October 2026; the lowest was <img src=x onerror=alert(1)> at 22%.',
    );
  });

  it('words all, none, a single team and no data', () => {
    const label = 'October 2026';
    expect(text(teamsSentence({ label, target: 0.9, teams: [{ team: 'A', compliance: 0.95 }, { team: 'B', compliance: 0.9 }] }))).toBe(
      'All 2 teams reached the agreed level of 90% in October 2026; the lowest was B at 90%.',
    );
    expect(text(teamsSentence({ label, target: 0.9, teams: [{ team: 'A', compliance: 0.5 }, { team: 'B', compliance: 0.6 }] }))).toBe(
      'None of the 2 teams reached the agreed level of 90% in October 2026; the lowest was A at 50%.',
    );
    expect(text(teamsSentence({ label, target: 0.9, teams: [{ team: 'A', compliance: 0.899 }] }))).toBe('A did not reach the agreed level of 90% in October 2026, at 89.9%.');
    expect(text(teamsSentence({ label, target: 0.9, teams: [{ team: 'A', compliance: null }] }))).toBe('No team has a follow-up rate for October 2026 yet.');
  });

  it('never ranks a team with fewer than 10 due leads, and says when the lowest are tied', () => {
    const label = 'October 2026';
    // East 54/67 = 80.6%, West 24/25 = 96%, the third 2/9: too few to judge, so East is the lowest.
    const teams = [
      { team: 'Inbound East', compliance: 54 / 67, due: 67 },
      { team: 'Inbound West', compliance: 24 / 25, due: 25 },
      { team: 'Tiny', compliance: 2 / 9, due: 9 },
    ];
    expect(text(teamsSentence({ label, target: 0.9, teams }))).toBe(
      '1 of 2 teams reached the agreed level of 90% in October 2026; the lowest was Inbound East at 81%. Too few to judge: Tiny (9 leads due).',
    );
    // 40/50 and 8/10 are both 80%: tied, not one of them picked.
    expect(text(teamsSentence({ label, target: 0.9, teams: [{ team: 'A', compliance: 0.8, due: 50 }, { team: 'B', compliance: 0.8, due: 10 }, { team: 'C', compliance: 0.95, due: 20 }] }))).toBe(
      '1 of 3 teams reached the agreed level of 90% in October 2026; A and B tied lowest at 80%.',
    );
    expect(text(teamsSentence({ label, target: 0.9, teams: [{ team: 'Tiny', compliance: 0.5, due: 4 }] }))).toBe(
      'No team has enough due leads for a follow-up rate for October 2026 yet. Too few to judge: Tiny (4 leads due).',
    );
  });
});

describe('routing, partners and breaches', () => {
  it('reports routing apart from the reps', () => {
    // 56 met of 56 + 9 + 1 = 66 due: 84.8%.
    expect(text(routingSentence({ label: 'October 2026', met: 56, late: 9, breached: 1, median: 4, slaMinutes: 60 }))).toBe(
      'Routing: 85% of the leads that became MQL in October 2026 reached a rep within 1 business hour (median 4 business minutes). Routing is measured apart, so slow routing is not counted against reps.',
    );
    expect(text(routingSentence({ label: 'October 2026', met: 0, late: 0, breached: 0, median: null, slaMinutes: 60 }))).toBe('No MQL of October 2026 is due for routing yet.');
  });

  it("gives partners' own first touch against the agreed level", () => {
    // 6 of 6 + 2 + 2 = 60%.
    expect(text(partnerSentence({ label: 'October 2026', met: 6, late: 2, breached: 2, slaMinutes: 480, target: 0.9 }))).toBe(
      'Partners touched 60% of the leads handed to them in October 2026 within 8 business hours; the agreed level is 90%.',
    );
  });

  it('counts the leads breaching each SLA right now, for everyone or one owner', () => {
    const counts = [
      { sla: 'response', count: 2 },
      { sla: 'disposition', count: 3 },
      { sla: 'partner_response', count: 0 },
      { sla: 'routing', count: 1 },
    ];
    expect(text(breachesNowSentence(counts))).toBe(
      'Right now, 2 leads are past their response deadline with no sales touch, 3 past their disposition deadline without being accepted, rejected or recycled and 1 past their routing deadline without reaching a rep.',
    );
    expect(text(breachesNowSentence([{ sla: 'response', count: 1 }], 'Ana Silva'))).toBe(
      "Right now, 1 of Ana Silva's leads is past their response deadline with no sales touch.",
    );
    expect(text(breachesNowSentence([{ sla: 'response', count: 0 }], 'Charles'))).toBe("Right now, none of Charles' leads is past an SLA deadline.");
    expect(text(breachesNowSentence([]))).toBe('Right now, no lead is past an SLA deadline.');
  });

  it("words a rep's month", () => {
    // Ana: 34 met of 34 + 4 + 1 = 87.2%.
    expect(text(repSentence({ name: 'Ana Silva', team: 'Inbound East', label: 'October 2026', met: 34, late: 4, breached: 1, pending: 1, slaMinutes: 240, target: 0.9 }))).toBe(
      'Ana Silva (Inbound East) followed up 87% of the leads handed off in October 2026 within 4 business hours; the agreed level is 90%.',
    );
    expect(text(repSentence({ name: 'Ana Silva', team: 'Inbound East', label: 'October 2026', met: 0, late: 0, breached: 0, pending: 0, slaMinutes: 240, target: 0.9 }))).toBe(
      'Ana Silva (Inbound East) had no leads handed off in October 2026.',
    );
  });
});

describe('what-changed notes', () => {
  const labels = { label: 'October 2026', previousLabel: 'September' };

  it('words rate, count and money moves', () => {
    expect(text(rateMoveNote({ what: "Inbound East's disposition compliance", from: 30 / 35, to: 50 / 67, metric: 'compliance', ...labels }))).toBe(
      "Inbound East's disposition compliance fell from 86% in September to 75% in October 2026 (11 points).",
    );
    // 20 vs 26 is 23.1% fewer.
    expect(text(countMoveNote({ subject: 'Partner-sourced MQLs', from: 26, to: 20, metric: 'mqls', ...labels }))).toBe(
      'Partner-sourced MQLs fell from 26 in September to 20 in October 2026 (23% fewer).',
    );
    expect(text(moneyMoveNote({ subject: 'Sales-sourced pipeline', from: 150_000, to: 200_000, currency: 'USD', metric: 'pipeline_created', ...labels }))).toBe(
      'Sales-sourced pipeline rose from $150,000 in September to $200,000 in October 2026.',
    );
  });
});

describe('speedPaysSentence', () => {
  it('compares the fastest band with the slowest followed-up band, never with "never"', () => {
    // under 5 min: 8 of 25 = 32%; 4 to 24 h: 1 of 11 = 9.1%; never (40 leads) is left out: nobody spoke to them.
    const bands = [
      { band: 'under 5 min', leads: 25, rate: 8 / 25 },
      { band: '1 to 4 h', leads: 30, rate: 6 / 30 },
      { band: '4 to 24 h', leads: 11, rate: 1 / 11 },
      { band: 'never', leads: 40, rate: 0.04 },
    ];
    expect(text(speedPaysSentence(bands))).toBe(
      'Leads followed up within 5 business minutes became SQLs 32% of the time, against 9% for leads followed up within 4 to 24 business hours.',
    );
  });

  it('leaves bands of fewer than 10 leads out of the comparison, and says so', () => {
    // over 24 h has only 3 leads (1 SQL = 33%): too few, so 1 to 4 h (6 of 30 = 20%) is the slowest judged band.
    const bands = [
      { band: 'under 5 min', leads: 25, rate: 8 / 25 },
      { band: '1 to 4 h', leads: 30, rate: 6 / 30 },
      { band: 'over 24 h', leads: 3, rate: 1 / 3 },
    ];
    expect(text(speedPaysSentence(bands))).toBe(
      'Leads followed up within 5 business minutes became SQLs 32% of the time, against 20% for leads followed up within 1 to 4 business hours. ' +
        'Bands with fewer than 10 leads are too few to judge and left out of the comparison (over 24 h: 3 leads).',
    );
  });

  it('says when there is nothing to compare', () => {
    const tooFew = 'Too few followed-up leads to compare conversion by response time: it needs two response bands with at least 10 leads each.';
    expect(text(speedPaysSentence([]))).toBe(tooFew);
    // One judged band (12 leads) and one of 9: nothing to compare it with.
    expect(text(speedPaysSentence([{ band: 'under 5 min', leads: 12, rate: 0.5 }, { band: '5 to 15 min', leads: 9, rate: 0.1 }, { band: 'never', leads: 50, rate: 0 }]))).toBe(tooFew);
  });
});

describe('wording helpers', () => {
  it('picks the latest complete month and quarter before the as-of time, in UTC', () => {
    expect(latestCompleteMonth('2026-11-05T02:00:00Z')).toBe('2026-10');
    expect(latestCompleteMonth('2026-01-01T00:00:00Z')).toBe('2025-12');
    // 23:30 on 31 October in New York is already November in UTC.
    expect(latestCompleteMonth('2026-10-31T23:30:00-04:00')).toBe('2026-10');
    expect(latestCompleteQuarter('2026-11-05T02:00:00Z')).toBe('2026-Q3');
    expect(latestCompleteQuarter('2026-10-01T00:00:00Z')).toBe('2026-Q3');
    expect(latestCompleteQuarter('2026-02-10T00:00:00Z')).toBe('2025-Q4');
  });

  it('formats counts, durations, shares and money', () => {
    expect(plural(1, 'lead')).toBe('1 lead');
    expect(plural(1234, 'lead')).toBe('1,234 leads');
    expect(businessDuration(59)).toBe('59 business minutes');
    expect(businessDuration(60)).toBe('1 business hour');
    expect(businessDuration(1500)).toBe('25 business hours');
    expect(formatPercentAgainst(0.8999, 0.9)).toBe('89.9%');
    expect(formatPercentAgainst(0.904, 0.9)).toBe('90%');
    expect(formatPercentAgainst(0.7129, 0.9)).toBe('71%');
    expect(moneyWords(48_991, 'USD')).toBe('$48,991');
    expect(moneyWords(2_048_474.5, 'USD')).toBe('$2 million');
    expect(moneyWords(1_281_898, 'EUR')).toBe('€1.3 million');
    expect(moneyWords(17.5, 'USD')).toBe('$17.50');
  });
});

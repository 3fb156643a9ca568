// Roll-ups behind the pages, checked against the fixture's hand-made numbers (see test/fixtures/site-data/README.md).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { whatChanged } from '../../site/src/lib/changes.ts';
import { loadSiteData } from '../../site/src/lib/data.ts';
import {
  cohortTotals,
  funnelTotals,
  mqlSqlTrend,
  mqlTarget,
  periodMedian,
  slaByPartner,
  slaByRep,
  slaByTeam,
  slaRows,
  slaTotals,
  sourcedAmounts,
  winTotals,
} from '../../site/src/lib/report.ts';
import { plain } from '../../site/src/lib/sentence.ts';
import { monthPeriod } from '../../site/src/lib/sentences.ts';

const data = loadSiteData(fileURLToPath(new URL('../fixtures/site-data/', import.meta.url)));

describe('funnel roll-ups', () => {
  it('adds source categories: October 2026 has 350 + 22 + 40 + 0 = 412 MQLs', () => {
    expect(funnelTotals(data.funnel, '2026-10')).toMatchObject({
      inquiries: 1962, mqls: 412, sals: 315, sqls: 96, won: 21, rejected: 46, recycled: 33,
    });
    expect(funnelTotals(data.funnel, '2026-09')?.mqls).toBe(381);
    expect(funnelTotals(data.funnel, ['2026-09', '2026-10'])?.mqls).toBe(793);
    expect(funnelTotals(data.funnel, '2026-11')).toBeNull();
  });

  it('keeps 12 months ending with the given one', () => {
    const trend = mqlSqlTrend(data.funnel, '2026-10');
    expect(trend).toHaveLength(12);
    expect(trend[0]).toEqual({ month: '2025-11', mqls: 286, sqls: 62 });
    expect(trend.at(-1)).toEqual({ month: '2026-10', mqls: 412, sqls: 96 });
  });

  it('starts at the first month with data and fills gaps with zero', () => {
    const rows = data.funnel.filter((r) => r.month === '2026-08' || r.month === '2026-10');
    expect(mqlSqlTrend(rows, '2026-10').map((p) => [p.month, p.mqls])).toEqual([
      ['2026-08', 365], ['2026-09', 0], ['2026-10', 412],
    ]);
  });

  it('sums targets only when every month has one', () => {
    // August 380, September 400, October 400; July has none.
    expect(mqlTarget(data.funnel, ['2026-10'])).toBe(400);
    expect(mqlTarget(data.funnel, ['2026-08', '2026-09', '2026-10'])).toBe(1180);
    expect(mqlTarget(data.funnel, ['2026-07', '2026-08', '2026-09'])).toBeNull();
  });

  it('adds cohorts and recomputes the SAL rate: Q3 is (310 + 300 + 320) / (380 + 365 + 381)', () => {
    const q3 = cohortTotals(data.cohorts, ['2026-07', '2026-08', '2026-09'])!;
    expect(q3).toMatchObject({ mqls: 1126, reachedSal: 930 });
    expect(q3.salRate).toBeCloseTo(930 / 1126, 10);
  });
});

describe('SLA roll-ups', () => {
  it('recomputes compliance from counts instead of averaging rates', () => {
    // October: met 34+20+24+2 = 80, late 4+6+1+3 = 14, breached 1+2+0+4 = 7 → 80/101.
    const october = slaTotals(slaRows(data.sla, 'response', ['2026-10']));
    expect(october).toMatchObject({ handedOff: 105, met: 80, late: 14, breached: 7, pending: 4, neverDone: 11 });
    expect(october.compliance).toBeCloseTo(80 / 101, 10);
  });

  it('groups by team, rep and partner; medians only for a single month', () => {
    const teams = slaByTeam(slaRows(data.sla, 'response', ['2026-10']));
    expect(teams.map((t) => [t.team, t.met, t.late + t.breached + t.met])).toEqual([
      ['<img src=x onerror=alert(1)>', 2, 9],
      ['Inbound East', 54, 67],
      ['Inbound West', 24, 25],
    ]);
    const ana = slaByRep(slaRows(data.sla, 'response', ['2026-08', '2026-09', '2026-10'])).find((r) => r.ownerId === 'u1')!;
    // 27 + 30 + 34 met of 30 + 35 + 39 due.
    expect(ana).toMatchObject({ met: 91, handedOff: 105, medianMinutes: null });
    expect(ana.compliance).toBeCloseTo(91 / 104, 10);
    expect(slaByRep(slaRows(data.sla, 'response', ['2026-10'])).find((r) => r.ownerId === 'u1')).toMatchObject({ medianMinutes: 38, p90Minutes: 260 });
    // Routing keeps the lead nobody owns yet.
    expect(slaByRep(slaRows(data.sla, 'routing', ['2026-10'])).map((r) => [r.ownerName, r.breached])).toEqual([
      ['Ana Silva', 0], ['Chloé Martin', 0], ['Not assigned yet', 1],
    ]);
    expect(slaByPartner(slaRows(data.sla, 'partner_response', ['2026-09', '2026-10']))).toEqual([
      expect.objectContaining({ partner: 'Acme Resellers & Co', met: 14, late: 4, breached: 2 }),
    ]);
  });

  it('reads company-wide and team medians of a month or quarter', () => {
    expect(periodMedian(data.slaMedians, '2026-10', 'response')?.median_business_minutes).toBe(38);
    expect(periodMedian(data.slaMedians, '2026-10', 'response', 'Inbound West')?.median_business_minutes).toBe(12);
    expect(periodMedian(data.slaMedians, '2026-Q3', 'response')?.median_business_minutes).toBe(40);
    expect(periodMedian(data.slaMedians, '2026-08', 'response')).toBeNull();
  });
});

describe('revenue roll-ups', () => {
  it('splits amounts by who sourced them and recomputes win rates from counts and closed amounts', () => {
    expect(sourcedAmounts(data.revenue, ['2026-10'], 'pipeline_created')).toEqual({ marketing: 600_000, sales: 200_000, partner: 100_000, unknown: 0 });
    // October: 3 + 1 + 0 won, 7 + 1 + 2 lost; 140,000 won of 480,000 closed.
    expect(winTotals(data.revenue, ['2026-10'])).toEqual({ won: 4, lost: 10, wonAmount: 140_000, closedAmount: 480_000, rate: 4 / 14 });
    expect(winTotals(data.revenue, ['2026-11']).rate).toBeNull();
  });
});

describe('what changed', () => {
  it('lists the largest movements from September to October 2026, biggest first', () => {
    // Acme 8/10 → 6/10 (−20 points); win rate 6/13 → 4/14 (−17.6 points); Inbound East disposition
    // 30/35 → 50/67 (−11.1 points); sales-sourced pipeline 150,000 → 200,000 (+33%). Response and MQL moves are smaller.
    expect(whatChanged(data, ['2026-10'], ['2026-09'], monthPeriod('2026-10', '2026-09')).map(plain)).toEqual([
      "Acme Resellers & Co's partner response compliance fell from 80% in September to 60% in October 2026 (20 points).",
      'The win rate fell from 46% in September to 29% in October 2026 (18 points).',
      "Inbound East's disposition compliance fell from 86% in September to 75% in October 2026 (11 points).",
      'Sales-sourced pipeline rose from $150,000 in September to $200,000 in October 2026.',
    ]);
  });

  it('has nothing to say about a period compared with itself', () => {
    expect(whatChanged(data, ['2026-09'], ['2026-09'], monthPeriod('2026-09', '2026-08'))).toEqual([]);
  });
});

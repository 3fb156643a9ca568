// Campaigns read by period: campaign_periods.json gives each campaign's cost and return for the last complete quarter,
// the last 12 complete months and all time. Expected values worked out by hand from the attribution fixture
// (test/sql/attribution.test.ts states its journeys): costs C1 1000, C2 2000, C4 500, all booked in January 2026
// (the campaigns' start month), C3 unknown.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { siteQueries } from '../../../functions/night/site-queries.ts';
import { runFixtureNight } from '../../helpers/night.ts';

type Row = { period: string; campaign_id: string | null; model: string; cost: number | null; opportunities: number; won_deals: number; attributed_pipeline: number; attributed_revenue: number; roi: number | null };
const C1 = '7010000000000C1AAA';
const C2 = '7010000000000C2AAA';
const C3 = '7010000000000C3AAA';
const C4 = '7010000000000C4AAA';

let outDir = '';

async function periodsAsOf(asOf: string): Promise<Row[]> {
  const night = await runFixtureNight('attribution', {}, asOf);
  outDir = night.outDir;
  return JSON.parse(readFileSync(join(night.outDir, 'site-data', 'campaign_periods.json'), 'utf8')) as Row[];
}

describe('campaign periods', () => {
  let rows: Row[];
  const linear = (period: string, campaign: string | null) => rows.find((r) => r.period === period && r.model === 'linear' && r.campaign_id === campaign)!;

  beforeAll(async () => {
    rows = await periodsAsOf('2026-06-30T00:00:00Z');
  });

  it('cuts the last complete quarter and the 12 complete months before the as-of month', () => {
    // As of 30 June 2026 the last complete quarter is Q1 (January to March); the 12 months run June 2025 to May 2026.
    const sql = siteQueries('2026-06-30T00:00:00Z')['campaign_periods']!;
    expect(sql).toContain("date '2026-01-01' as period_start, date '2026-04-01' as period_end");
    expect(sql).toContain("date '2025-06-01', date '2026-06-01'");
    // 4 campaigns and the Unattributed row, under 6 models, in 3 periods.
    expect(rows.length).toBe(5 * 6 * 3);
  });

  it('last quarter: Q1 costs against the revenue closed in Q1 (only O1, 100 split in thirds)', () => {
    // Linear O1: C1, C2, C3 a third each of 100 = 33.33, the remaining cent to the earliest touch, C1: 33.34.
    expect([C1, C2, C3, C4].map((c) => [linear('last_quarter', c).cost, linear('last_quarter', c).attributed_revenue])).toEqual([
      [1000, 33.34],
      [2000, 33.33],
      [null, 33.33],
      [500, 0],
    ]);
    // ROI (33.34 − 1000) / 1000 = −0.96666; (33.33 − 2000) / 2000 = −0.983335; (0 − 500) / 500 = −1; C3 unknown.
    expect(linear('last_quarter', C1).roi).toBeCloseTo(-0.96666, 9);
    expect(linear('last_quarter', C2).roi).toBeCloseTo(-0.983335, 9);
    expect(linear('last_quarter', C4).roi).toBe(-1);
    expect(linear('last_quarter', C3).roi).toBeNull();
    // Pipeline of the opportunities created in Q1 (O1 in February, O3 in March): C1 33.34 + 20000 × 2/7 (5714.29) = 5747.63;
    // C4 has only its O3 share, 5714.28 (the −0.01 of O3's rounding); opportunities C1 = 1/3 + 2/7 = 0.619048.
    expect(linear('last_quarter', C1).attributed_pipeline).toBe(5747.63);
    expect(linear('last_quarter', C4).attributed_pipeline).toBe(5714.28);
    expect(linear('last_quarter', C1).opportunities).toBe(0.619048);
    expect(linear('last_quarter', null)).toMatchObject({ cost: null, attributed_pipeline: 0, attributed_revenue: 0 });
  });

  it('last 12 months: O3 (won 10 April) counts, O5 (won 10 June, the as-of month) does not', () => {
    // C1: 33.34 + 5714.29 = 5747.63 revenue; ROI (5747.63 − 1000) / 1000 = 4.74763.
    expect(linear('last_12_months', C1)).toMatchObject({ cost: 1000, attributed_revenue: 5747.63 });
    expect(linear('last_12_months', C1).roi).toBeCloseTo(4.74763, 9);
    // O5 (3000, no touch) was created in May: its pipeline is in the 12 months, its revenue is not.
    expect(linear('last_12_months', null)).toMatchObject({ attributed_pipeline: 3000, attributed_revenue: 0 });
  });

  it("names each campaign's opportunities with their whole amounts (Opportunity.csv Name and Amount)", () => {
    const opportunities = JSON.parse(readFileSync(join(outDir, 'site-data', 'campaign_opportunities.json'), 'utf8')) as Array<Record<string, unknown>>;
    const c4 = opportunities.filter((o) => o['campaign_id'] === C4).map((o) => [o['opportunity_id'], o['opportunity_name'], o['amount']]);
    // Paid Search is in O2's and O3's journeys (its O1 touch came after the close); newest created first.
    expect(c4).toEqual([
      ['0060000000000O2AAA', 'Beta - open', 5000],
      ['0060000000000O3AAA', 'Charlie - full path', 20000],
    ]);
  });

  it('all time is the campaign_roi row itself', () => {
    expect(linear('all_time', null)).toMatchObject({ attributed_pipeline: 3000, attributed_revenue: 3000 });
    // C4: O3 5714.28 revenue against 500: ROI 10.42856.
    expect(linear('all_time', C4).roi).toBeCloseTo(10.42856, 9);
  });

  it('a campaign with a recorded cost but none in the period cost 0 there (ROI unknown, not −100%); one with no cost stays unknown', async () => {
    // As of 15 July 2026 the last quarter is Q2 (April to June): no cost was booked in it; O3 closed in it.
    const q2 = (await periodsAsOf('2026-07-15T00:00:00Z')).filter((r) => r.period === 'last_quarter' && r.model === 'linear');
    const c1 = q2.find((r) => r.campaign_id === C1)!;
    expect(c1).toMatchObject({ cost: 0, attributed_revenue: 5714.29, roi: null });
    expect(q2.find((r) => r.campaign_id === C3)!.cost).toBeNull();
  });
});

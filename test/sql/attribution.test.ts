import { beforeAll, describe, expect, it } from 'vitest';
import { readMart, runFixtureNight } from '../helpers/night.ts';

// Fixture attribution: four campaigns and six opportunities, judged as of 2026-06-30 00:00 UTC.
// Every expected value below was worked out by hand from the CSVs before the models ran.
//
// Campaigns: C1 Spring Webinar (ActualCost 1000), C2 Trade Show Berlin (2000),
// C3 Content Syndication (no ActualCost: unknown), C4 Paid Search (500).
//
// Journeys (responded campaign members, in time order; LC = last touch at or before the person
// was created, OC = at or before the opportunity was created, CW = last touch up to a won close):
// O1  100.00 won, close 03-31. P1 lead created 01-10 09:00, opportunity 02-20.
//     1 C1 01-10 09:00 (FT, LC) · 2 C2 02-01 · 3 C3 02-15 (OC, CW) · C4 04-15 after the close: ignored
// O2  5000.00 open. P2 lead created 03-10 09:00, opportunity 04-01.
//     1 C2 03-01 (FT) · 2 C4 03-05 · 3 C1 03-10 09:00 (LC, OC)
// O3  20000.00 won, close 04-10. P3 contact created 02-01 09:00, opportunity 03-02 09:00.
//     1 C4 01-15 (FT) · 2 C1 01-25 · 3 C2 02-01 09:00 (LC) · 4 C3 02-10 · 5 C1 03-01 (OC)
//     · 6 C4 03-20 · 7 C2 04-10, the close day (CW) · C3 04-11 after the close: ignored
// O4  1234.56 lost. P4: one touch, C1 at lead creation, before the opportunity (FT, LC, OC).
// O5  3000.00 won. P5 was sent C1 but never responded: no touch at all.
// O6  800.00 open. P6 lead and opportunity created 05-20; one touch, C3 on 05-25 (FT only).
// P7  never got an opportunity; responded to C2 and is an MQL (Open - Not Contacted).
//
// Totals: pipeline 100 + 5000 + 20000 + 1234.56 + 3000 + 800 = 30134.56;
// revenue (won) 100 + 20000 + 3000 = 23100.00.
const AS_OF = '2026-06-30T00:00:00Z';
const O1 = '0060000000000O1AAA';
const O2 = '0060000000000O2AAA';
const O3 = '0060000000000O3AAA';
const O4 = '0060000000000O4AAA';
const O5 = '0060000000000O5AAA';
const O6 = '0060000000000O6AAA';
const C1 = '7010000000000C1AAA';
const C2 = '7010000000000C2AAA';
const C3 = '7010000000000C3AAA';
const C4 = '7010000000000C4AAA';
const MODELS = ['first_touch', 'last_touch', 'linear', 'u_shaped', 'w_shaped', 'full_path'];

type Row = Record<string, unknown>;
const money = (value: unknown) => Number(value).toFixed(2);
const cents = (value: unknown) => Math.round(Number(value) * 100);

describe('attribution', () => {
  let rows: Row[];
  /** The rows of one opportunity under one model, by campaign id ('none' when unattributed). */
  const credit = (opportunity: string, model: string) =>
    new Map(rows.filter((r) => r['opportunity_id'] === opportunity && r['model'] === model).map((r) => [(r['campaign_id'] as string | null) ?? 'none', r]));
  /** campaign → [weight rounded to 6 places, attributed pipeline, attributed revenue]. */
  const split = (opportunity: string, model: string) =>
    Object.fromEntries([...credit(opportunity, model)].map(([campaign, r]) => [campaign, [Number(Number(r['weight']).toFixed(6)), money(r['attributed_pipeline']), money(r['attributed_revenue'])]]));

  beforeAll(async () => {
    const night = await runFixtureNight('attribution', {}, AS_OF);
    rows = await readMart(night.outDir, 'attribution', 'opportunity_id, model, campaign_id');
  });

  it('splits a 3-touch journey whose first touch created the lead 60/10/30 in w_shaped', () => {
    // FT + LC on touch 1: 30 + 30; touch 2 is the only other touch up to OC: 10; OC on touch 3: 30.
    expect(split(O1, 'w_shaped')).toEqual({ [C1]: [0.6, '60.00', '60.00'], [C2]: [0.1, '10.00', '10.00'], [C3]: [0.3, '30.00', '30.00'] });
  });

  it('splits a 3-touch journey with the lead created on the third touch 40/20/40 in u_shaped, pipeline only while open', () => {
    // FT touch 1: 40; touch 2 strictly between FT and LC: 20; LC touch 3: 40. O2 is open: no revenue.
    expect(split(O2, 'u_shaped')).toEqual({ [C2]: [0.4, '2000.00', '0.00'], [C4]: [0.2, '1000.00', '0.00'], [C1]: [0.4, '2000.00', '0.00'] });
  });

  it('gives full_path 22.5% to each of four distinct milestones and 10% to the other touches, merged by campaign', () => {
    // FT 1 (C4), LC 3 (C2), OC 5 (C1), CW 7 (C2): 22.5 each; touches 2 (C1), 4 (C3), 6 (C4): 10/3 each.
    // C4 = 22.5 + 3.333… = 25.8333%, C1 = 3.333… + 22.5 = 25.8333%, C2 = 45%, C3 = 3.3333%.
    // 20000 × those = 5166.67, 5166.67, 9000.00, 666.67 = 20000.01: the −0.01 goes to C2, the largest.
    expect(split(O3, 'full_path')).toEqual({
      [C4]: [0.258333, '5166.67', '5166.67'],
      [C1]: [0.258333, '5166.67', '5166.67'],
      [C2]: [0.45, '8999.99', '8999.99'],
      [C3]: [0.033333, '666.67', '666.67'],
    });
    const touches = Object.fromEntries([...credit(O3, 'full_path')].map(([campaign, r]) => [campaign, Number(r['touches'])]));
    // The C3 response the day after the close is not in the journey: C3 has one touch, not two.
    expect(touches).toEqual({ [C4]: 2, [C1]: 2, [C2]: 2, [C3]: 1 });
  });

  it('rounds linear thirds of 100.00 to 33.34 / 33.33 / 33.33, the extra cent on the earliest touch', () => {
    // The C4 response after the 03-31 close is ignored, so thirds, not quarters.
    expect(split(O1, 'linear')).toEqual({ [C1]: [0.333333, '33.34', '33.34'], [C2]: [0.333333, '33.33', '33.33'], [C3]: [0.333333, '33.33', '33.33'] });
    // 5000 / 3 = 1666.67 three times = 5000.01: the earliest touch (C2) gives the cent back.
    expect(split(O2, 'linear')).toEqual({ [C2]: [0.333333, '1666.66', '0.00'], [C4]: [0.333333, '1666.67', '0.00'], [C1]: [0.333333, '1666.67', '0.00'] });
    // Seven touches: C4, C1, C2 two each (5714.29), C3 one (2857.14) = 20000.01; C4, earliest of the tied largest, gives back the cent.
    expect(split(O3, 'linear')).toEqual({
      [C4]: [0.285714, '5714.28', '5714.28'],
      [C1]: [0.285714, '5714.29', '5714.29'],
      [C2]: [0.285714, '5714.29', '5714.29'],
      [C3]: [0.142857, '2857.14', '2857.14'],
    });
  });

  it('credits the other models of the 3-touch journey as their milestones say', () => {
    expect(split(O1, 'first_touch')).toEqual({ [C1]: [1, '100.00', '100.00'] });
    expect(split(O1, 'last_touch')).toEqual({ [C3]: [1, '100.00', '100.00'] });
    // FT and LC on one touch (80%) with nothing between: scaled to 100%.
    expect(split(O1, 'u_shaped')).toEqual({ [C1]: [1, '100.00', '100.00'] });
    // FT + LC 45 on C1, OC + CW 45 on C3, the touch between 10.
    expect(split(O1, 'full_path')).toEqual({ [C1]: [0.45, '45.00', '45.00'], [C2]: [0.1, '10.00', '10.00'], [C3]: [0.45, '45.00', '45.00'] });
    // O2 is open: no CW. FT 22.5, LC + OC 45, touch 2 10 → 77.5 scaled: 9/31, 4/31, 18/31 of 5000.
    expect(split(O2, 'full_path')).toEqual({ [C2]: [0.290323, '1451.61', '0.00'], [C4]: [0.129032, '645.16', '0.00'], [C1]: [0.580645, '2903.23', '0.00'] });
    // O3 w_shaped: FT, LC, OC 30 each; touches 2 and 4 (up to OC, not milestones) 5 each.
    expect(split(O3, 'w_shaped')).toEqual({ [C4]: [0.3, '6000.00', '6000.00'], [C1]: [0.35, '7000.00', '7000.00'], [C2]: [0.3, '6000.00', '6000.00'], [C3]: [0.05, '1000.00', '1000.00'] });
  });

  it('gives a one-touch opportunity 100% in every model; a lost one has pipeline but no revenue', () => {
    for (const model of MODELS) expect(split(O4, model), model).toEqual({ [C1]: [1, '1234.56', '0.00'] });
  });

  it('puts an opportunity without a touch on one Unattributed row in every model', () => {
    for (const model of MODELS) {
      const only = [...credit(O5, model).values()];
      expect(only, model).toHaveLength(1);
      expect(only[0], model).toMatchObject({ campaign_id: null, campaign_name: 'Unattributed', is_won: true });
      expect([Number(only[0]!['touches']), Number(only[0]!['weight']), money(only[0]!['attributed_pipeline']), money(only[0]!['attributed_revenue'])]).toEqual([0, 1, '3000.00', '3000.00']);
    }
  });

  it('leaves an opportunity unattributed only in the models that cannot credit its touches', () => {
    // O6's one touch came after the opportunity was created: no OC, so last_touch cannot credit it.
    expect(split(O6, 'last_touch')).toEqual({ none: [1, '800.00', '0.00'] });
    for (const model of ['first_touch', 'linear', 'u_shaped', 'w_shaped', 'full_path']) {
      expect(split(O6, model), model).toEqual({ [C3]: [1, '800.00', '0.00'] });
    }
  });

  it('describes each row with the opportunity: months, won, source category, campaign name and type', () => {
    const row = credit(O1, 'w_shaped').get(C2)!;
    expect(row).toMatchObject({
      campaign_name: 'Trade Show Berlin', campaign_type: 'Trade Show', is_closed: true, is_won: true,
      opportunity_month: '2026-02-01', close_month: '2026-03-01', source_category: 'marketing',
    });
    expect(credit(O5, 'linear').get('none')).toMatchObject({ source_category: 'sales', campaign_type: null });
  });

  it('sums, per model, to the booked pipeline and won revenue to the cent', () => {
    for (const model of MODELS) {
      const mine = rows.filter((r) => r['model'] === model);
      expect(mine.reduce((n, r) => n + cents(r['attributed_pipeline']), 0), model).toBe(3_013_456);
      expect(mine.reduce((n, r) => n + cents(r['attributed_revenue']), 0), model).toBe(2_310_000);
      // Each opportunity's weights sum to 1.
      for (const opportunity of [O1, O2, O3, O4, O5, O6]) {
        const total = mine.filter((r) => r['opportunity_id'] === opportunity).reduce((n, r) => n + Number(r['weight']), 0);
        expect(total, `${model} ${opportunity}`).toBeCloseTo(1, 12);
      }
    }
  });
});

describe('campaign_roi', () => {
  let rows: Row[];
  const roi = (campaign: string | null, model: string) => rows.find((r) => r['campaign_id'] === campaign && r['model'] === model)!;

  beforeAll(async () => {
    const night = await runFixtureNight('attribution', {}, AS_OF);
    rows = await readMart(night.outDir, 'campaign_roi', 'model, campaign_id');
  });

  it('has every campaign and the Unattributed row for every model', () => {
    expect(rows).toHaveLength(5 * 6);
  });

  it('shows cost as unknown, never zero, for a campaign without ActualCost, and no cost ratios', () => {
    // C3 touched P1, P3 and P6 (P3's second response came after O3 closed but still counts as a touch).
    // MQL: P1 and P6 (converted leads); P3 is a contact that was never a lead. SQL: all three.
    const c3 = roi(C3, 'w_shaped');
    expect(c3).toMatchObject({ campaign_name: 'Content Syndication', campaign_type: 'Content', cost: null, touched_people: '3', mqls: '2', sqls: '3' });
    expect([c3['roi'], c3['cost_per_lead'], c3['cost_per_mql'], c3['cost_per_opportunity'], c3['cost_per_won_deal']]).toEqual([null, null, null, null, null]);
    // w_shaped: O1 0.3 + O3 0.05 + O6 1 = 1.35 opportunities; 30 + 1000 + 800 pipeline; 30 + 1000 revenue.
    expect(Number(c3['opportunities'])).toBeCloseTo(1.35, 12);
    expect(Number(c3['won_deals'])).toBeCloseTo(0.35, 12);
    expect([money(c3['attributed_pipeline']), money(c3['attributed_revenue'])]).toEqual(['1830.00', '1030.00']);
  });

  it('divides a cost of 1000 by 4 touched people: 250 per lead', () => {
    // C1 touched P1, P2, P3 (twice) and P4; P5 was a member but never responded. MQL: P1, P2, P4.
    const c1 = roi(C1, 'w_shaped');
    expect(c1).toMatchObject({ campaign_name: 'Spring Webinar', touched_people: '4', mqls: '3', sqls: '4' });
    expect(money(c1['cost'])).toBe('1000.00');
    expect(c1['cost_per_lead']).toBe(250);
    expect(Number(c1['cost_per_mql'])).toBeCloseTo(1000 / 3, 9);
    // w_shaped C1: O1 0.6 + O2 0.6 + O3 0.35 + O4 1 = 2.55 opportunities, of which won 0.6 + 0.35 = 0.95.
    // Pipeline 60 + 3000 + 7000 + 1234.56 = 11294.56; revenue 60 + 7000 = 7060; ROI (7060 − 1000) / 1000 = 6.06.
    expect(Number(c1['opportunities'])).toBeCloseTo(2.55, 12);
    expect(Number(c1['won_deals'])).toBeCloseTo(0.95, 12);
    expect([money(c1['attributed_pipeline']), money(c1['attributed_revenue'])]).toEqual(['11294.56', '7060.00']);
    expect(Number(c1['roi'])).toBeCloseTo(6.06, 9);
    expect(Number(c1['cost_per_opportunity'])).toBeCloseTo(1000 / 2.55, 9);
    expect(Number(c1['cost_per_won_deal'])).toBeCloseTo(1000 / 0.95, 9);
  });

  it('keeps a costed campaign with no credit in a model: ROI −100%, no cost per opportunity', () => {
    // last_touch credits only C1 (O2, O3, O4) and C3 (O1); C2 gets nothing.
    const c2 = roi(C2, 'last_touch');
    expect(c2).toMatchObject({ touched_people: '4', mqls: '3', sqls: '3', opportunities: 0, won_deals: 0, roi: -1, cost_per_lead: 500, cost_per_opportunity: null, cost_per_won_deal: null });
    expect(money(c2['attributed_pipeline'])).toBe('0.00');
    const c4 = roi(C4, 'w_shaped');
    // w_shaped C4: O2 0.1 (500) + O3 0.3 (6000); cost 500: ROI (6000 − 500) / 500 = 11, 500 / 0.4 = 1250 per opportunity.
    expect(Number(c4['roi'])).toBeCloseTo(11, 9);
    expect(Number(c4['cost_per_opportunity'])).toBeCloseTo(1250, 9);
  });

  it('carries the unattributed pipeline on its own row', () => {
    // last_touch: O5 (3000, won) and O6 (800, open) have no touch before their creation.
    const none = roi(null, 'last_touch');
    expect(none).toMatchObject({ campaign_name: 'Unattributed', cost: null, touched_people: null, opportunities: 2, won_deals: 1, roi: null });
    expect([money(none['attributed_pipeline']), money(none['attributed_revenue'])]).toEqual(['3800.00', '3000.00']);
  });

  it('sums, per model, to the booked pipeline and won revenue to the cent', () => {
    for (const model of MODELS) {
      const mine = rows.filter((r) => r['model'] === model);
      expect(mine.reduce((n, r) => n + cents(r['attributed_pipeline']), 0), model).toBe(3_013_456);
      expect(mine.reduce((n, r) => n + cents(r['attributed_revenue']), 0), model).toBe(2_310_000);
    }
  });
});

describe('campaign_people', () => {
  let rows: Row[];

  beforeAll(async () => {
    const night = await runFixtureNight('attribution', {}, AS_OF);
    rows = await readMart(night.outDir, 'campaign_people', 'campaign_id, person_id');
  });

  it("lists the people behind campaign_roi's counts: C1 touched P1, P2, P3 (twice) and P4, not P5 who never responded", () => {
    const c1 = rows.filter((r) => r['campaign_id'] === C1);
    // P3's first response was 01-25 10:00 and its second 03-01; P1, P2, P4 are MQLs, P3 (a contact, never a lead) is not; all four reached SQL.
    expect(c1.map((r) => [r['person_id'], String(r['first_response_at']).slice(0, 16), Number(r['responses']), r['mql_at'] !== null, r['sql_at'] !== null])).toEqual([
      ['0030000000000P3AAA', '2026-01-25 10:00', 2, false, true],
      ['00Q0000000000P1AAA', '2026-01-10 09:00', 1, true, true],
      ['00Q0000000000P2AAA', '2026-03-10 09:00', 1, true, true],
      ['00Q0000000000P4AAA', '2026-05-01 09:00', 1, true, true],
    ]);
  });

  it('adds up to the same people, MQLs and SQLs as campaign_roi for every campaign', () => {
    // campaign_roi (above): C1 4 / 3 / 4, C2 4 / 3 / 3, C3 3 / 2 / 3.
    const counts = (campaign: string) => {
      const people = rows.filter((r) => r['campaign_id'] === campaign);
      return [people.length, people.filter((r) => r['mql_at'] !== null).length, people.filter((r) => r['sql_at'] !== null).length];
    };
    expect([counts(C1), counts(C2), counts(C3)]).toEqual([[4, 3, 4], [4, 3, 3], [3, 2, 3]]);
  });
});

import { describe, expect, it } from 'vitest';
import { readMart, runFixtureNight } from '../helpers/night.ts';

// Fixtures score-salesforce, score-hubspot and score-marketo: the same ten MQLs, created (and MQL)
// on 2026-09-01 … 09-10, plus an eleventh person who never became MQL (score 99, left out).
// As of 2026-10-31 00:00 UTC.
//
//   lead  score at MQL  source            how far sales took it
//   L1    10            Web               MQL only
//   L2    20            Web               MQL only
//   L3    30            Web               SAL
//   L4    40 (now 95)   Web               MQL only
//   L5    50            Web               SQL
//   L6    60            Web               SAL
//   L7    70            Web               SQL
//   L8    80            Partner Referral  won
//   L9    90            Partner Referral  SQL
//   L10   90            Partner Referral  MQL only
//
// L4's score rose from 40 to 95 on 09-20, after it became MQL: Salesforce's LeadHistory and
// Marketo's "Change Score" activity record it, so its score at MQL is 40 (the change's old value);
// HubSpot exports no history, so there 40 is its current score and it is flagged as such.
//
// Wilson 95% interval, z = 1.96 (z² = 3.8416), worked by hand:
//   (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)
//   0/3: centre (0 + 0.64027) / 2.28053 = 0.28076, half 1.96·√0.10671 / 2.28053 = 0.28076 → [0, 0.5615]
//   1/3: centre (0.33333 + 0.64027) / 2.28053 = 0.42692, half 1.96·√(0.07407 + 0.10671) / 2.28053 = 0.36543 → [0.0615, 0.7923]
//   2/3: centre (0.66667 + 0.64027) / 2.28053 = 0.57308, half 0.36543 → [0.2077, 0.9385]
//   2/4: centre (0.5 + 0.4802) / 1.9604 = 0.5, half 1.96·√(0.0625 + 0.060025) / 1.9604 = 0.34996 → [0.1500, 0.8500]
//   3/4: centre (0.75 + 0.4802) / 1.9604 = 0.62752, half 1.96·√(0.046875 + 0.060025) / 1.9604 = 0.32689 → [0.3006, 0.9544]
//   0/2: centre 0.96040 / 2.9208 = 0.32881, half 1.96·√0.2401 / 2.9208 = 0.32881 → [0, 0.6576]
//   1/2: centre (0.5 + 0.9604) / 2.9208 = 0.5, half 1.96·√(0.125 + 0.2401) / 2.9208 = 0.40547 → [0.0945, 0.9055]
//
// AUC for reaching SQL: SQLs L5 (50), L7 (70), L8 (80), L9 (90): n₁ = 4; the others n₀ = 6.
// Ranks by score: 10→1, 20→2, 30→3, 40→4, 50→5, 60→6, 70→7, 80→8, 90 and 90 share 9.5.
// R = 5 + 7 + 8 + 9.5 = 29.5; U = 29.5 − 4·5/2 = 19.5; AUC = 19.5 / (4·6) = 0.8125.
// (By pairs: 50 beats 4, 70 beats 5, 80 beats 5, 90 beats 5 and ties L10: 4 + 5 + 5 + 5.5 = 19.5 of 24.)
const AS_OF = '2026-10-31T00:00:00Z';
const EXPLICIT = { bands: [0, 40, 80], mql_threshold: 50, threshold_band_width: 20 };

type Row = Record<string, unknown>;
const band = (r: Row) => [r['score_band'], Number(r['mqls']), Number(r['sals']), Number(r['sqls']), Number(r['won'])];
const interval = (r: Row, rate: 'sal' | 'sql' | 'won') => [r[`${rate}_rate_low`], r[`${rate}_rate_high`]].map((v) => Number((v as number).toFixed(4)));

async function calibration(fixture: string, scoring: unknown) {
  const night = await runFixtureNight(fixture, { scoring }, AS_OF);
  const rows = await readMart(night.outDir, 'lead_score_calibration', 'measure, source_category, band_order, month nulls first');
  const scores = await readMart(night.outDir, 'lead_scores', 'score_at_mql, person_id');
  return { rows, scores, of: (measure: string, category = 'all') => rows.filter((r) => r['measure'] === measure && r['source_category'] === category) };
}

// The hand-worked numbers every source must give with bands [0, 40, 80) and threshold 50 ± 20.
function expectExplicitBands(of: (measure: string, category?: string) => Row[]) {
  // under 40: L1–L3 (L3 SAL); 40 to under 80: L4–L7 (L5, L6, L7 SAL; L5, L7 SQL); 80 or more: L8–L10 (L8 won).
  const bands = of('band');
  expect(bands.map(band)).toEqual([
    ['under 40', 3, 1, 0, 0],
    ['40 to under 80', 4, 3, 2, 0],
    ['80 or more', 3, 2, 2, 1],
  ]);
  expect(bands.map((r) => r['sql_rate'])).toEqual([0, 0.5, 2 / 3]);
  expect(bands.map((r) => interval(r, 'sql'))).toEqual([[0, 0.5615], [0.15, 0.85], [0.2077, 0.9385]]);
  expect(bands.map((r) => interval(r, 'sal'))).toEqual([[0.0615, 0.7923], [0.3006, 0.9544], [0.2077, 0.9385]]);
  expect(interval(bands[2]!, 'won')).toEqual([0.0615, 0.7923]);
  // By source category: L1–L7 are Web (marketing), L8–L10 partner referrals.
  expect(of('band', 'marketing').map(band)).toEqual([['under 40', 3, 1, 0, 0], ['40 to under 80', 4, 3, 2, 0]]);
  expect(of('band', 'partner').map(band)).toEqual([['80 or more', 3, 2, 2, 1]]);
  // Threshold 50, width 20: just below [30, 50) = L3, L4 (no SQL); just above [50, 70) = L5, L6 (L5 SQL).
  const threshold = of('threshold');
  expect(threshold.map((r) => [r['score_band'], r['band_min_score'], r['band_max_score'], Number(r['mqls']), Number(r['sqls']), r['sql_rate']])).toEqual([
    ['just below', 30, 50, 2, 0, 0],
    ['just above', 50, 70, 2, 1, 0.5],
  ]);
  expect(threshold.map((r) => interval(r, 'sql'))).toEqual([[0, 0.6576], [0.0945, 0.9055]]);
  // Ranking: one row for September, one for all months (month empty); both the same ten leads.
  expect(of('ranking').map((r) => [r['month'], Number(r['mqls']), Number(r['sqls']), r['auc']])).toEqual([
    [null, 10, 4, 0.8125],
    ['2026-09-01', 10, 4, 0.8125],
  ]);
}

describe('lead_score_calibration', () => {
  it('reads a configured Salesforce score field, taking the score at MQL from field history', async () => {
    const { of, scores } = await calibration('score-salesforce', { ...EXPLICIT, score_columns: { salesforce: 'Lead_Score__c' } });
    expectExplicitBands(of);
    // The 11th lead (score 99, status New) never became MQL; L4 scored 40 at MQL, 95 now.
    expect(scores).toHaveLength(10);
    const l4 = scores.find((r) => r['company'] === 'Company 4')!;
    expect([l4['score_at_mql'], l4['current_score'], l4['is_score_current_not_historic']]).toEqual([40, 95, false]);
    expect(scores.filter((r) => r['is_score_current_not_historic'] === true)).toHaveLength(9);
  });

  it('reads no Salesforce score without a configured field: nothing to calibrate', async () => {
    const { rows, scores } = await calibration('score-salesforce', EXPLICIT);
    expect(scores).toEqual([]);
    expect(rows).toEqual([]);
  });

  it('reads Marketo leadScore, taking the score at MQL from Change Score activities of that field only', async () => {
    const { of, scores } = await calibration('score-marketo', EXPLICIT);
    expectExplicitBands(of);
    // L4 ('marketo:504'): Lead Score 40 → 95 after MQL; L5's change is to another field (Behavior Score).
    const flags = Object.fromEntries(scores.map((r) => [r['person_id'], [r['score_at_mql'], r['is_score_current_not_historic']]]));
    expect(flags['marketo:504']).toEqual([40, false]);
    expect(flags['marketo:505']).toEqual([50, true]);
  });

  it('reads HubSpot Score in deciles: equal scores share a decile, and the current score is flagged', async () => {
    const { of, scores } = await calibration('score-hubspot', { mql_threshold: 50, threshold_band_width: 20 });
    // Deciles = ceil(10 × share scoring at most as much): 10 → 1, 20 → 2, …, 80 → 8; both 90s:
    // 10/10 scored at most 90 → decile 10. Decile 9 holds no one and has no row.
    const bands = of('band');
    expect(bands.map((r) => [Number(r['band_order']), r['score_band'], r['band_min_score'], r['band_max_score'], Number(r['mqls']), Number(r['sqls'])])).toEqual([
      [1, 'decile 1', 10, 10, 1, 0],
      [2, 'decile 2', 20, 20, 1, 0],
      [3, 'decile 3', 30, 30, 1, 0],
      [4, 'decile 4', 40, 40, 1, 0],
      [5, 'decile 5', 50, 50, 1, 1],
      [6, 'decile 6', 60, 60, 1, 0],
      [7, 'decile 7', 70, 70, 1, 1],
      [8, 'decile 8', 80, 80, 1, 1],
      [10, 'decile 10', 90, 90, 2, 1],
    ]);
    expect(of('ranking').map((r) => r['auc'])).toEqual([0.8125, 0.8125]);
    expect(of('threshold').map((r) => [r['score_band'], Number(r['mqls']), Number(r['sqls'])])).toEqual([['just below', 2, 0], ['just above', 2, 1]]);
    // HubSpot exports no score history: every score is the current one, flagged.
    expect(scores.every((r) => r['is_score_current_not_historic'] === true)).toBe(true);
  });

  it('leaves the threshold check out when no MQL threshold is configured', async () => {
    const { of } = await calibration('score-hubspot', { bands: [0, 40, 80] });
    expect(of('threshold')).toEqual([]);
    expect(of('band').map(band)).toEqual([['under 40', 3, 1, 0, 0], ['40 to under 80', 4, 3, 2, 0], ['80 or more', 3, 2, 2, 1]]);
  });
});

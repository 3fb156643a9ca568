import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config.ts';
import { runNight } from '../../functions/night/run-night.ts';
import { FIXTURES, readMart, runFixtureNight } from '../helpers/night.ts';

// Fixture revenue-month: five leads in September 2026 (two converted, two rejected at a trade
// show, one stuck in a queue), a sales-created contact with two deals, one deal in EUR.
// As of 2026-10-31 00:00 UTC. Every expected value below was worked out by hand.
const AS_OF = '2026-10-31T00:00:00Z';
const CONFIG = { currency: { reporting: 'USD', rates: { EUR: 1.1 } } };

describe('revenue_monthly', () => {
  it('splits pipeline and revenue by who sourced them, converting EUR with the configured rate', async () => {
    const night = await runFixtureNight('revenue-month', CONFIG, AS_OF);
    const rows = await readMart(night.outDir, 'revenue_monthly', 'month, source_category');
    const pick = (r: Record<string, unknown>) => [r['month'], r['source_category'], Number(r['opportunities_created']), Number(r['pipeline_created']),
      Number(r['opportunities_won']), Number(r['opportunities_lost']), Number(r['revenue_won']), r['win_rate_count'], r['win_rate_amount'], r['median_cycle_days']];
    expect(rows.map(pick)).toEqual([
      // September: O1 from a Web lead (marketing), O2 from a partner referral (5,000.50 EUR × 1.1 = 5,500.55 USD), O3 from a cold-called contact.
      ['2026-09-01', 'marketing', 1, 10000, 0, 0, 0, null, null, null],
      ['2026-09-01', 'partner', 1, 5500.55, 0, 0, 0, null, null, null],
      ['2026-09-01', 'sales', 1, 2500, 0, 0, 0, null, null, null],
      // October: O1 won (created Sep 10, closed Oct 10: 30 days, date against date), O2 lost, O3 won
      // (Sep 15 → Oct 5: 20 days); O4 created from the cold-called contact (its own lead source is
      // empty: the person's decides).
      ['2026-10-01', 'marketing', 0, 0, 1, 0, 10000, 1, 1, 30],
      ['2026-10-01', 'partner', 0, 0, 0, 1, 0, 0, 0, null],
      ['2026-10-01', 'sales', 1, 1000, 1, 0, 2500, 1, 1, 20],
    ]);
  });

  it('counts lost deals by the loss reason of a custom Salesforce field', async () => {
    const night = await runFixtureNight('revenue-month', CONFIG, AS_OF);
    // O2 (partner referral) closed lost on 10-20 with Loss_Reason__c "Price": 5,000.50 EUR × 1.1 = 5,500.55.
    const losses = await readMart(night.outDir, 'loss_reasons', 'month, source_category, reason');
    expect(losses.map((r) => [r['month'], r['source_category'], r['reason'], Number(r['lost']), Number(r['lost_amount'])])).toEqual([
      ['2026-10-01', 'partner', 'Price', 1, 5500.55],
    ]);
  });

  it('refuses to sum mixed currencies without a rate, naming the currency and the fix', async () => {
    await expect(runFixtureNight('revenue-month', {}, AS_OF)).rejects.toThrow(/EUR \(1 opportunities\); add them to currency\.rates/);
  });
});

describe('funnel_cohorts, rejection_reasons, contactability, data_health', () => {
  let night: Awaited<ReturnType<typeof runFixtureNight>>;
  beforeAll(async () => {
    night = await runFixtureNight('revenue-month', CONFIG, AS_OF);
  });

  it('follows the September MQL cohort to SQL and won, with days between stages', async () => {
    const [cohort] = await readMart(night.outDir, 'funnel_cohorts', 'mql_month');
    // MQLs: L1 and L2 (no history: MQL inferred at creation), L3, L4 (status history). L5 never MQL; C3 is a sales contact.
    expect(cohort).toMatchObject({ mql_month: '2026-09-01', mqls: '4', reached_sal: 2, reached_sql: 2, reached_won: 1, mql_to_sql_rate: 0.5, sql_to_won_rate: 0.5 });
    // SQL is the conversion, dated by its most precise evidence: ConvertedDate says only the day, and
    // the opportunity created from the conversion that day says 12:00. MQL→SQL: L1 Sep 1 10:00 →
    // Sep 10 12:00 = 9 days 2 h; L2 Sep 5 09:00 → Sep 20 12:00 = 15 days 3 h; median = 12.1042.
    expect(cohort!['median_days_mql_to_sql']).toBeCloseTo((9 + 2 / 24 + 15 + 3 / 24) / 2, 6);
    // Leakage: nobody was touched by sales (no tasks); L3 and L4 were rejected; nothing stalled.
    expect(cohort).toMatchObject({ never_accepted: 0, never_touched: 4, rejected: 2, recycled: 0, stalled: 0 });
  });

  it('period and cohort views of September differ as they should', async () => {
    const period = await readMart(night.outDir, 'funnel_monthly', 'month, source_category');
    const september = period.filter((r) => r['month'] === '2026-09-01');
    // Period view: everyone whose first SQL fell in September: L1 (Sep 10), L2 (Sep 20) and the
    // cold-called contact C3 (its deal created Sep 15) = 3. C3 was never an MQL, so the cohort of
    // September MQLs (L1–L4) reached SQL only twice.
    expect(september.reduce((n, r) => n + Number(r['sqls']), 0)).toBe(3);
    expect(september.reduce((n, r) => n + Number(r['mqls']), 0)).toBe(4);
    const [cohort] = await readMart(night.outDir, 'funnel_cohorts', 'mql_month');
    expect(cohort!['reached_sql']).toBe(2);
    // October: C3's second deal is not a new SQL (a stage time is the first time reached).
    expect(period.filter((r) => r['month'] === '2026-10-01').reduce((n, r) => n + Number(r['sqls']), 0)).toBe(0);
  });

  it('counts rejections by reason, with "No reason given" when sales left it empty', async () => {
    const rows = await readMart(night.outDir, 'rejection_reasons', 'reason');
    expect(rows.map((r) => [r['month'], r['source_category'], r['campaign_name'], r['reason'], Number(r['rejected']), r['example_person_ids']])).toEqual([
      ['2026-09-01', 'marketing', 'No campaign', 'No budget', 1, '00Q0000000000L3AAA'],
      ['2026-09-01', 'marketing', 'No campaign', 'No reason given', 1, '00Q0000000000L4AAA'],
    ]);
  });

  it('flags leads sales cannot reach', async () => {
    const rows = await readMart(night.outDir, 'contactability', 'source_category');
    const pick = (r: Record<string, unknown>) => [r['source_category'], r['people'], r['no_valid_email'], r['no_valid_phone'], r['no_contact_channel'], r['bounced'], r['duplicate_email'], r['queue_owned_too_long']].map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v));
    expect(rows.map(pick)).toEqual([
      // L1 Web, L3 and L4 trade show: "bad-email" is no email; "123" and "" are no phone; L1 and L4 share ann@acme.com (case-insensitive).
      ['marketing', 3, 1, 2, 1, 0, 2, 0],
      // L2: its email bounced.
      ['partner', 1, 0, 0, 0, 1, 0, 0],
      // C3: no phone, but an email.
      ['sales', 1, 0, 1, 0, 0, 0, 0],
      // L5: in the marketing queue since Sep 2, far past 24 hours.
      ['unknown', 1, 0, 0, 0, 0, 0, 1],
    ]);
  });

  it('reports every file loaded, the data tests and the unmapped lead source', async () => {
    const rows = await readMart(night.outDir, 'data_health', 'check_kind, object, test_name, column_name');
    const loads = rows.filter((r) => r['check_kind'] === 'load');
    expect(loads.map((r) => [r['object'], Number(r['rows_read']), Number(r['rows_loaded']), Number(r['rows_quarantined']), r['status']])).toEqual([
      ['contact', 3, 3, 0, 'pass'], ['lead', 5, 5, 0, 'pass'], ['lead_history', 4, 4, 0, 'pass'], ['opportunity', 4, 4, 0, 'pass'], ['user', 2, 2, 0, 'pass'],
    ]);
    const tests = rows.filter((r) => r['check_kind'] === 'test');
    expect(tests.length).toBeGreaterThanOrEqual(15);
    expect(tests.filter((t) => t['status'] !== 'pass')).toEqual([]);
    expect(rows.filter((r) => r['check_kind'] === 'unmapped_lead_source').map((r) => [r['test_name'], Number(r['failures'])])).toEqual([['Mystery Source', 1]]);
  });
});

describe('campaign costs in a currency without a rate', () => {
  it('stop the night with the currency named, instead of an unknown cost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-gbp-'));
    cpSync(join(FIXTURES, 'exports', 'revenue-month'), dir, { recursive: true });
    writeFileSync(join(dir, 'salesforce', 'Campaign.csv'), '"Id","Name","Type","StartDate","ActualCost","CurrencyIsoCode","CreatedDate"\n"7010000000000K1AAA","London fair","Trade Show","2026-09-01","900","GBP","2026-08-01 09:00:00"\n');
    const night = runNight({ exportsDir: dir, outDir: mkdtempSync(join(tmpdir(), 'handoff-gbp-out-')), config: parseConfig(CONFIG), asOf: AS_OF, skipSite: true, log: () => {} });
    await expect(night).rejects.toThrow(/campaign costs are in currencies without a rate to the reporting currency: GBP \(1 campaign costs\)/);
  });
});

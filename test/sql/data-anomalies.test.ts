import { beforeAll, describe, expect, it } from 'vitest';
import { MAPPED_CONFIG } from '../fixtures/fixture-configs.ts';
import { readMart, runFixtureNight } from '../helpers/night.ts';

// Fixture anomalies: a Salesforce export with the faults real exports carry, judged as of Fri
// 2026-10-30 17:00 UTC on the default calendar (Mon–Fri 09:00–17:00 UTC). It has no User.csv,
// Event.csv, Campaign.csv or CampaignMember.csv. Owners U01 and U02 are known only by id.
//
// A1 (Web) created Mon 10-05 09:00; history: MQL 09:30, SAL Tue 10-06 14:00, Closed - Converted
//    Tue 21:19; ConvertedDate 2026-10-06 (a day, no time); opportunity O1 created from the
//    conversion Tue 21:20, Closed Won 1,000 with CloseDate 2026-10-06: a same-day close. A call
//    by U01 Mon 11:00.
// A2 (Trade Show) Wed 10-07 09:00, Open - Not Contacted, owner U02, never touched.
// A3 (Web) Thu 10-08 09:00; history: Working - Contacted (SAL) Thu 10:00, then back to
//    Open - Not Contacted (MQL) Fri 10:00: its stage times run backwards.
// A4 (Web) Tue 10-13, status "MQL - Open": a spelling the stage map does not know.
// A5 (Web) Mon 10-12 09:00, Open - Not Contacted; a call at 09:04:59: 4.98 business minutes.
// A6 (Web) Tue 10-13: MQL 09:00, rejected 10:00 ("No budget") with no call, email or meeting: its
//    response was due at 13:00, so it is not judged but counted apart.
// A7 (Web) Wed 10-14: MQL 09:00, rejected Thu 10-15 09:00, untouched: the 13:00 deadline had passed.
// O2 (Web) Closed Won 500, created Tue 10-20 but closed Thu 10-15 (an imported, backdated deal).
// O3 (Cold Call) Closed Won 700, created 10-08 12:00, with no close date.
const AS_OF = '2026-10-30T17:00:00Z';
const A1 = '00Q0000000000A1AAA';
const A3 = '00Q0000000000A3AAA';
const A5 = '00Q0000000000A5AAA';
const U01 = '005000000000U01AAA';

describe('a Salesforce export with data anomalies and missing files', () => {
  let night: Awaited<ReturnType<typeof runFixtureNight>>;
  let leads: Map<string, Record<string, unknown>>;
  let health: Array<Record<string, unknown>>;
  beforeAll(async () => {
    night = await runFixtureNight('anomalies', {}, AS_OF);
    leads = new Map((await readMart(night.outDir, 'leads', 'person_id')).map((r) => [r['person_id'] as string, r]));
    health = await readMart(night.outDir, 'data_health', 'check_kind, test_name, column_name');
  });

  it('measures cycle time date to date: a same-day close is 0 days, a close before creation is left out of it only', async () => {
    const rows = await readMart(night.outDir, 'revenue_monthly', 'month, source_category');
    const pick = (r: Record<string, unknown>) => [r['month'], r['source_category'], Number(r['opportunities_created']), Number(r['pipeline_created']),
      Number(r['opportunities_won']), Number(r['revenue_won']), r['win_rate_count'], r['median_cycle_days']];
    expect(rows.map(pick)).toEqual([
      // Created in October: O1 (A1, Web) 1,000 and O2 (its own Web source) 500 marketing; O3 700 sales.
      // Won in October: O1 (10-06) and O2 (10-15), both counted in revenue and the win rate; the
      // median cycle is O1's alone, 0 days (O2 closed before it was created). O3 has no close
      // date, so no month to be won in.
      ['2026-10-01', 'marketing', 2, 1500, 2, 1500, 1, 0],
      ['2026-10-01', 'sales', 1, 700, 0, 0, null, null],
    ]);
  });

  it('names each anomaly on data health with its count, example ids and what it is kept out of', () => {
    const anomalies = health.filter((h) => h['check_kind'] === 'anomaly').map((h) => [h['test_name'], h['object'], Number(h['failures']), h['examples'], h['status']]);
    expect(anomalies).toEqual([
      ['close date before creation', 'opportunity', 1, '0060000000000O2AAA', 'warn'],
      ['stage times out of order', 'person', 1, A3, 'warn'],
      ['won without a close date', 'opportunity', 1, '0060000000000O3AAA', 'warn'],
    ]);
    const closeBefore = health.find((h) => h['test_name'] === 'close date before creation')!;
    expect(closeBefore['detail']).toMatch(/cycle days only/);
  });

  it('says in one line per missing file what could not be counted, instead of failing tests', () => {
    const missing = health.filter((h) => h['check_kind'] === 'missing_export').map((h) => [h['source'], h['object'], h['test_name']]);
    expect(missing).toEqual([
      ['salesforce', 'campaign', 'Campaign.csv'],
      ['salesforce', 'campaign_member', 'CampaignMember.csv'],
      ['salesforce', 'event', 'Event.csv'],
      ['salesforce', 'user', 'User.csv'],
    ]);
    expect(health.find((h) => h['test_name'] === 'User.csv')!['detail']).toMatch(/known only by id/);
    // Every data test passes: the owners without a User row are still users (by id).
    const failed = health.filter((h) => h['check_kind'] === 'test' && h['status'] !== 'pass');
    expect(failed).toEqual([]);
    expect(health.filter((h) => h['check_kind'] === 'test').length).toBeGreaterThan(40);
  });

  it('lists a status the stage map does not know, with its count', () => {
    const unmapped = health.filter((h) => h['check_kind'] === 'unmapped_status').map((h) => [h['source'], h['test_name'], Number(h['failures'])]);
    expect(unmapped).toEqual([['salesforce', 'MQL - Open', 1]]);
    expect(leads.get('00Q0000000000A4AAA')).toMatchObject({ mql_at: null, inquiry_at: '2026-10-13 09:00:00' });
  });

  it('dates SQL by the most precise evidence: the 21:19 status change, not ConvertedDate at midnight', () => {
    // Old: SQL 10-06 00:00, before SAL 10-06 14:00. Now: SQL at the status change 21:19 (the
    // opportunity 21:20 is later); the same-day close is dated at SQL, not before it.
    expect(leads.get(A1)).toMatchObject({
      inquiry_at: '2026-10-05 09:00:00', mql_at: '2026-10-05 09:30:00', sal_at: '2026-10-06 14:00:00',
      sql_at: '2026-10-06 21:19:00', won_at: '2026-10-06 21:19:00', is_sql_inferred: false,
    });
  });

  it('keeps stage times in funnel order: a later stage dates the earlier one it implies', () => {
    // A3 was SAL on 10-08 10:00 before its (re-)MQL on 10-09: MQL is taken as 10-08 10:00, inferred.
    expect(leads.get(A3)).toMatchObject({ mql_at: '2026-10-08 10:00:00', sal_at: '2026-10-08 10:00:00', is_mql_inferred: true, is_sal_inferred: false });
  });

  it('judges follow-up of owners missing from the user export, in an "Unknown team"', () => {
    // A1: handoff at MQL 09:30 (U01 owned it since creation), the call at 11:00: 90 business minutes, met.
    expect(leads.get(A1)).toMatchObject({ team: 'Unknown team', handoff_owner_id: U01, handoff_owner_name: U01, response_sla_status: 'met', response_band: '1 to 4 h' });
    expect(Number(leads.get(A1)!['response_sla_business_minutes'])).toBe(90);
  });

  it('bands response time from the unrounded minutes: 4.98 minutes is under 5', async () => {
    // A5: handoff Mon 09:00, call 09:04:59: 299 business seconds, shown rounded as 5.0 minutes.
    expect(Number(leads.get(A5)!['response_sla_business_minutes'])).toBe(5);
    expect(leads.get(A5)!['response_band']).toBe('under 5 min');
    const bands = await readMart(night.outDir, 'response_bands', 'band_order');
    // October: A5 under 5 min; A1 1 to 4 h (reached SQL); A2, A3, A6 and A7 never touched.
    expect(bands.map((b) => [b['band'], Number(b['leads']), Number(b['sqls'])])).toEqual([
      ['under 5 min', 1, 0],
      ['1 to 4 h', 1, 1],
      ['never', 4, 0],
    ]);
  });

  it('does not call a lead rejected before any contact attempt "breached", unless its deadline had passed', async () => {
    expect(leads.get('00Q0000000000A6AAA')).toMatchObject({ response_sla_status: 'rejected_untouched', rejected_at: '2026-10-13 10:00:00' });
    expect(leads.get('00Q0000000000A7AAA')).toMatchObject({ response_sla_status: 'breached' });
    const sla = await readMart(night.outDir, 'sla_compliance', 'month, sla, owner_id');
    const u01 = sla.find((r) => r['sla'] === 'response' && r['owner_id'] === U01)!;
    // U01's October response clocks: A1 and A5 met; A3 and A7 breached; A6 rejected untouched, not judged.
    expect([u01['handed_off'], u01['met'], u01['late'], u01['breached'], u01['pending'], u01['rejected_untouched']].map(Number)).toEqual([5, 2, 0, 2, 0, 1]);
    expect(u01['compliance']).toBe(0.5);
  });

  it('follows the October cohort with times that never run backwards', async () => {
    const [cohort] = await readMart(night.outDir, 'funnel_cohorts', 'mql_month');
    // MQLs: A1 (10-05), A2 (10-07), A3 (10-08), A5 (10-12), A6 (10-13), A7 (10-14). SAL: A1, A3.
    // SQL and won: A1. Rejected: A6, A7.
    expect(cohort).toMatchObject({ mql_month: '2026-10-01', mqls: '6', reached_sal: 2, reached_sql: 1, reached_won: 1, rejected: 2 });
    // A1: MQL 10-05 09:30 → SQL 10-06 21:19 = 1 day 11 h 49 min.
    expect(cohort!['median_days_mql_to_sql']).toBeCloseTo(1 + (11 * 60 + 49) / 1440, 9);
  });
});

// Fixture mapped-constants: two mapped CSV sources from 2018. acme's file of MQLs has no status
// column (every row is an MQL: a constant), its file of won deals no won flag (a constant too);
// legacy's statuses are spelt "MQL - Open", which the stage map does not know.

describe('mapped CSV sources with constants, unmapped statuses and no as-of flag', () => {
  let night: Awaited<ReturnType<typeof runFixtureNight>>;
  beforeAll(async () => {
    night = await runFixtureNight('mapped-constants', MAPPED_CONFIG);
  });

  it('takes the newest record change of the mapped sources as the as-of, not the clock', () => {
    // The newest time in any file: deal d-2 opened 2018-04-01 12:00.
    expect(night.asOf).toMatch(/^2018-04-01[T ]12:00:00/);
  });

  it('counts every row of a file of MQLs as an MQL, and every row of a file of won deals as won', async () => {
    const funnel = await readMart(night.outDir, 'funnel_monthly', 'month, source_category');
    const march = funnel.filter((r) => r['month'] === '2018-03-01').map((r) => [r['source_category'], Number(r['mqls']), Number(r['sqls'])]);
    // m-1 (Web) and m-2 (Webinar) marketing, m-3 (Cold Call) sales; d-1 makes m-1 an SQL on 03-10.
    expect(march).toEqual([['marketing', 2, 1], ['sales', 1, 0]]);
    const revenue = await readMart(night.outDir, 'revenue_monthly', 'month, source_category');
    expect(revenue.map((r) => [r['month'], r['source_category'], Number(r['pipeline_created']), Number(r['revenue_won']), r['median_cycle_days']])).toEqual([
      ['2018-03-01', 'marketing', 1200, 0, null],
      // d-1 won 04-02 after 23 days; d-2 (800) is won without a close date: pipeline, not revenue.
      ['2018-04-01', 'marketing', 800, 1200, 23],
    ]);
  });

  it('lists the status values that map to no stage, and the won deal without a close date', async () => {
    const health = await readMart(night.outDir, 'data_health', 'check_kind, test_name');
    expect(health.filter((h) => h['check_kind'] === 'unmapped_status').map((h) => [h['source'], h['test_name'], Number(h['failures'])]))
      .toEqual([['legacy', 'MQL - Open', 2]]);
    expect(health.filter((h) => h['check_kind'] === 'anomaly').map((h) => [h['test_name'], h['examples']]))
      .toEqual([['won without a close date', 'acme:d-2']]);
    expect(health.filter((h) => h['check_kind'] === 'test' && h['status'] !== 'pass')).toEqual([]);
  });
});

// Fixture future-dated: three leads, one last modified on 9999-12-31 (a typo), one created on
// 0001-01-01 (a placeholder). Neither may become the as-of or stretch the calendars.
describe('record times no CRM could have written', () => {
  it('takes the newest plausible change as the as-of, and the night still runs', async () => {
    const night = await runFixtureNight('future-dated');
    // Plausible changes: F1 created 10-05 09:00 and modified 10:00, F2 created 10-06 09:00, F3 modified 10-04 08:00.
    expect(night.asOf).toMatch(/^2026-10-06[T ]09:00:00/);
    const leads = await readMart(night.outDir, 'leads', 'person_id');
    expect(leads.map((l) => l['person_id'])).toEqual(['00Q0000000000F1AAA', '00Q0000000000F2AAA', '00Q0000000000F3AAA']);
  });
});


import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NightResult } from '../../functions/night/run-night.ts';
import { HUBSPOT_2025_CONFIG } from '../fixtures/fixture-configs.ts';
import { readMart, runFixtureNight } from '../helpers/night.ts';

// Fixture hubspot-2025: a HubSpot export folder as 2024–2026 portals write it, plus Marketo Bulk
// Lead Extract leads with the revenue-stage columns. Times are UTC (no source_time_zone), as of
// 2025-06-30. Every expected value below was worked out by hand from the CSVs.
//
// Contacts, all properties (no "Became a … Date" columns; `Date entered "<Stage> (Lifecycle Stage
// Pipeline)"` instead; `Billing Contact` and `Billing Contact IDs` twice, not read):
//   201 Ana, Paid Search: Lead 05-05 09:00, MQL 05-06 10:00, Sales Qualified Lead (SAL)
//       05-07 11:00, Opportunity (SQL) 05-08 12:00, Customer 05-20 15:00. Deal 301.
//   202 Ben, AI Referrals: Lead 05-12 08:00, Trial User 05-13 09:00 (a custom lifecycle stage,
//       MQL by config).
//   203 Cleo, Offline Sources / CRM_UI (created by a salesperson: sales): Lead 05-14 10:00, MQL
//       05-15 10:00, Opportunity 05-20 10:00. Deal 302.
//   204 Dev: no traffic source, Record source Import: `Offline Sources (Import)`, unmapped.
//       Lead 05-16 10:00.
//   205 Eve, Organic Social: Lead 06-02 09:00, MQL 06-03 09:00. Deal 303.
// Contacts view (no Create Date): 206 Finn, Email Marketing: Lead 06-09 09:00, MQL 06-10 09:00
//   (dated by the first); 207 Gus has no date at all and is left out.
// Deals, all properties (`Associated Company IDs` twice: the first is read; outcome columns):
//   301 Closed Won (Sales Pipeline) 10,000, created 05-08 12:00, Close Date 05-20, contact 201.
//   302 `Closed Lost ` in the custom pipeline Texas, 5,000, created 05-20 10:00, NO Close Date,
//       `Is closed lost` true, entered `Closed Lost  (Texas)` 06-10 16:00, reason "Went with a
//       competitor", contact 203.
//   304 Appointment Scheduled, 2,000, created 06-05 10:00, no contact, Original Source Organic
//       Search: marketing by the deal's own source.
// Deals view of the VA pipeline (no Create Date, no Close Date, no outcome columns):
//   303 Paid (pipeline `VA `), 3,000, contact 205: Proposal 06-04 09:00, Paid 06-12 14:00 —
//       won through config `"Paid (VA)": "won"`; created at its first stage date 06-04 09:00.
//   305 Proposal, 1,500, no contact, no source: unknown, created 06-06 09:00, open.
//   306 Proposal, 700, no stage date at all: left out of pipeline created.
// Campaigns export: Spring Launch spend 3,250.50 (start 05-01); Webinar June budget only (cost
//   unknown); Brand spend 800, no start date (created 04-15: April).
//   A spend-file line "brand" (900, May) names Brand: it replaces Brand's spend total.
// Companies, forms and segments exports sit beside them: not used.
// Marketo: 8001 Webinar, acquired 04-20 08:00 (created 05-01), revenue stage MQL; 8002 Trade Show,
//   created 05-02 10:00, revenue stage id 7 of model 3 (SAL by config); 8003 no source, created
//   05-03 10:00, no revenue stage.
const AS_OF = '2025-06-30T00:00:00Z';
const CONFIG = HUBSPOT_2025_CONFIG;

type Row = Record<string, unknown>;

describe('real 2024–2026 HubSpot exports and Marketo revenue stages, through the night', () => {
  let night: NightResult & { outDir: string };
  let leads: Map<string, Row>;
  let funnel: Row[];
  let revenue: Row[];
  let health: Row[];
  let roi: Map<string | null, Row>;

  beforeAll(async () => {
    night = await runFixtureNight('hubspot-2025', CONFIG, AS_OF);
    leads = new Map((await readMart(night.outDir, 'leads', 'person_id')).map((row) => [row['person_id'] as string, row]));
    funnel = await readMart(night.outDir, 'funnel_monthly', 'month, source_category');
    revenue = await readMart(night.outDir, 'revenue_monthly', 'month, source_category');
    health = await readMart(night.outDir, 'data_health', 'check_kind, source_file, test_name, detail');
    roi = new Map((await readMart(night.outDir, 'campaign_roi', 'campaign_id')).filter((r) => r['model'] === 'linear').map((r) => [r['campaign_id'] as string | null, r]));
  });

  it('loads every file: repeated association labels and views without Create Date do not refuse a file', () => {
    const loads = Object.fromEntries(night.loads.map((l) => [l.file.replace(/^hubspot\/|^marketo\//, ''), [l.object, l.rowsRead, l.rowsLoaded, l.rowsQuarantined, l.error ?? null]]));
    expect(loads).toEqual({
      'hubspot-crm-exports-all-contacts-2025-06-02.csv': ['contact', 5, 5, 0, null],
      'contacts-view-newsletter-2025-06-12.csv': ['contact', 2, 2, 0, null],
      'hubspot-crm-exports-all-deals-2025-06-02.csv': ['deal', 3, 3, 0, null],
      'deals-view-va-pipeline-2025-06-12.csv': ['deal', 3, 3, 0, null],
      'hubspot-listing-lib-exports-all-campaigns-2025-06-02.csv': ['campaign', 3, 3, 0, null],
      'hubspot-crm-exports-all-companies-2025-06-02.csv': ['company', 0, 0, 0, null],
      'hubspot-listing-lib-exports-all-forms-2025-06-02.csv': ['form', 0, 0, 0, null],
      'hubspot-listing-lib-exports-all-segments-2025-06-02.csv': ['segment', 0, 0, 0, null],
      'leads.csv': ['lead', 3, 3, 0, null],
      'spend/spend.csv': ['campaign_spend', 1, 1, 0, null],
    });
  });

  it('says on data health which repeated column was read, which missing columns degrade which numbers, and which files are not used', () => {
    const notes = health.filter((r) => r['check_kind'] === 'export_note').map((r) => [String(r['source_file']).replace(/^hubspot\//, ''), `${r['test_name']}: ${r['detail']}`, r['status']]);
    expect(notes).toEqual([
      ['contacts-view-newsletter-2025-06-12.csv', '"Create Date" is not in the file: contacts are dated by their first lifecycle stage date instead, and contacts without any are left out of the funnel', 'warn'],
      ['deals-view-va-pipeline-2025-06-12.csv', '"Close Date" is not in the file: closed deals are dated by the day they entered their current stage instead', 'warn'],
      ['deals-view-va-pipeline-2025-06-12.csv', '"Create Date" is not in the file: deals are dated by their first "Date entered" stage instead, and deals without one are left out of pipeline created and cycle times', 'warn'],
      // Columns 21 and 31 of the deals header; "Associated Company" (20, 30) is not read, so no note.
      ['hubspot-crm-exports-all-deals-2025-06-02.csv', '"Associated Company IDs" is repeated (columns 21, 31): column 21, the first, was read', 'warn'],
      ['hubspot-crm-exports-all-companies-2025-06-02.csv', 'not used: HubSpot companies feed no number; a deal\'s account comes from its Associated Company IDs', 'pass'],
      ['hubspot-listing-lib-exports-all-forms-2025-06-02.csv', 'not used: HubSpot forms feed no number; form submissions are not in the contacts export', 'pass'],
      ['hubspot-listing-lib-exports-all-segments-2025-06-02.csv', 'not used: HubSpot segments (lists) feed no number', 'pass'],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1]))));
    // "unknown object" is never said of a HubSpot file.
    expect(night.loads.filter((l) => l.object === 'unknown')).toEqual([]);
    // Dev's `Offline Sources (Import)` maps to no category, so someone can map it.
    expect(health.filter((r) => r['check_kind'] === 'unmapped_lead_source').map((r) => [r['test_name'], Number(r['failures'])])).toEqual([['Offline Sources (Import)', 1]]);
  });

  it('maps traffic sources to source categories: Paid Search, AI Referrals, Organic Social, Email Marketing are marketing; Offline Sources (CRM_UI) is sales', () => {
    const category = (id: string) => [leads.get(id)?.['lead_source'], leads.get(id)?.['source_category']];
    expect(category('hubspot:201')).toEqual(['Paid Search', 'marketing']);
    expect(category('hubspot:202')).toEqual(['AI Referrals', 'marketing']);
    expect(category('hubspot:203')).toEqual(['Offline Sources (CRM_UI)', 'sales']);
    expect(category('hubspot:204')).toEqual(['Offline Sources (Import)', 'unknown']);
    expect(category('hubspot:205')).toEqual(['Organic Social', 'marketing']);
    expect(category('hubspot:206')).toEqual(['Email Marketing', 'marketing']);
    // Gus (207) has neither Create Date nor a lifecycle date: no person.
    expect([...leads.keys()]).toEqual(['hubspot:201', 'hubspot:202', 'hubspot:203', 'hubspot:204', 'hubspot:205', 'hubspot:206', 'marketo:8001', 'marketo:8002', 'marketo:8003']);
  });

  it('dates stages from `Date entered "… (Lifecycle Stage Pipeline)"` through the lifecycle stage map, custom stages included', () => {
    expect(leads.get('hubspot:201')).toMatchObject({
      inquiry_at: '2025-05-05 09:00:00', mql_at: '2025-05-06 10:00:00', sal_at: '2025-05-07 11:00:00', sql_at: '2025-05-08 12:00:00',
      // The deal's Close Date (05-20, midnight) comes before Customer 05-20 15:00.
      won_at: '2025-05-20 00:00:00', is_mql_inferred: false, is_sal_inferred: false, is_sql_inferred: false,
    });
    // Trial User → MQL by config, observed.
    expect(leads.get('hubspot:202')).toMatchObject({ inquiry_at: '2025-05-12 08:00:00', mql_at: '2025-05-13 09:00:00', is_mql_inferred: false, sal_at: null });
    // Finn's view has no Create Date: he is dated by his first lifecycle date.
    expect(leads.get('hubspot:206')).toMatchObject({ created_at: '2025-06-09 09:00:00', inquiry_at: '2025-06-09 09:00:00', mql_at: '2025-06-10 09:00:00' });
  });

  it('closes deals in custom pipelines: a lost deal without Close Date on the day it entered `Closed Lost  (Texas)`, a Paid deal won by config', () => {
    // Cleo: SQL from Opportunity 05-20 10:00 (and the deal's creation), SAL inferred from it; lost 06-10.
    expect(leads.get('hubspot:203')).toMatchObject({ sql_at: '2025-05-20 10:00:00', sal_at: '2025-05-20 10:00:00', is_sal_inferred: true, lost_at: '2025-06-10 00:00:00', won_at: null });
    // The lost reason is the contact's reason, as a Salesforce disqualification reason is.
    expect(leads.get('hubspot:203')?.['rejection_reason']).toBe('Went with a competitor');
    // Eve: the VA deal is created at Proposal 06-04 09:00 (SQL; SAL inferred) and won on entering Paid 06-12.
    expect(leads.get('hubspot:205')).toMatchObject({ mql_at: '2025-06-03 09:00:00', sql_at: '2025-06-04 09:00:00', sal_at: '2025-06-04 09:00:00', is_sal_inferred: true, won_at: '2025-06-12 00:00:00' });
  });

  it('counts the funnel by month and source category (period view)', () => {
    const pick = (r: Row) => [r['month'], r['source_category'], r['inquiries'], r['mqls'], r['sals'], r['sqls'], r['won'], r['lost'], r['inferred_stages'], r['activity_only']].map(String);
    expect(funnel.map(pick)).toEqual([
      // Marketo 8001: inquiry at its acquisition date 04-20 (not its creation 05-01); revenue stage MQL (inferred) then.
      ['2025-04-01', 'marketing', '1', '1', '0', '0', '0', '0', '1', '0'],
      // Ana (all five stages), Ben (inquiry, MQL), Marketo 8002 (inquiry; SAL by config and the MQL it implies, both inferred).
      ['2025-05-01', 'marketing', '3', '3', '2', '1', '1', '0', '2', '0'],
      // Cleo: inquiry, MQL, SAL (inferred), SQL; lost in June.
      ['2025-05-01', 'sales', '1', '1', '1', '1', '0', '0', '1', '0'],
      // Dev and Marketo 8003: inquiries only.
      ['2025-05-01', 'unknown', '2', '0', '0', '0', '0', '0', '0', '2'],
      // Eve (inquiry, MQL, SAL inferred, SQL, won) and Finn (inquiry, MQL).
      ['2025-06-01', 'marketing', '2', '2', '1', '1', '1', '0', '1', '0'],
      ['2025-06-01', 'sales', '0', '0', '0', '0', '0', '1', '0', '0'],
    ]);
  });

  it('counts pipeline, revenue, losses and win rates by who sourced each deal; a deal with no date is left out, never a null month', () => {
    const pick = (r: Row) => [r['month'], r['source_category'], Number(r['opportunities_created']), Number(r['pipeline_created']), Number(r['opportunities_won']), Number(r['opportunities_lost']), Number(r['revenue_won']), r['win_rate_count'] === null ? null : Number(r['win_rate_count'])];
    expect(revenue.map(pick)).toEqual([
      // 301 created and won in May (10,000); 302 created in May (5,000, sales).
      ['2025-05-01', 'marketing', 1, 10000, 1, 0, 10000, 1],
      ['2025-05-01', 'sales', 1, 5000, 0, 0, 0, null],
      // 304 (2,000, marketing by its own Original Source) and 303 (3,000) created; 303 won.
      ['2025-06-01', 'marketing', 2, 5000, 1, 0, 3000, 1],
      // 302 lost on 06-10 although it has no Close Date.
      ['2025-06-01', 'sales', 0, 0, 0, 1, 0, 0],
      // 305, no source: unknown. 306 has no date: in no month.
      ['2025-06-01', 'unknown', 1, 1500, 0, 0, 0, null],
    ]);
    // Cycle days run date to date: 301 created 05-08, closed 05-20 = 12 days; 303 created 06-04, closed 06-12 = 8 days.
    expect(Number(revenue[0]!['median_cycle_days'])).toBe(12);
    expect(Number(revenue[2]!['median_cycle_days'])).toBe(8);
  });

  it('counts the lost deal under its Closed Lost Reason', async () => {
    // 302 (Cleo, sales-sourced) lost on 06-10 with 5,000 and the reason "Went with a competitor".
    const losses = await readMart(night.outDir, 'loss_reasons', 'month, source_category, reason');
    expect(losses.map((r) => [r['month'], r['source_category'], r['reason'], Number(r['lost']), Number(r['lost_amount']), r['example_opportunity_ids']])).toEqual([
      ['2025-06-01', 'sales', 'Went with a competitor', 1, 5000, 'hubspot:302'],
    ]);
  });

  it('costs HubSpot campaigns by their spend total (never the budget); a campaign without spend has an unknown cost', () => {
    const cost = (id: string) => (roi.get(id)?.['cost'] === null ? null : Number(roi.get(id)?.['cost']));
    expect(cost('hubspot:campaign:spring launch')).toBe(3250.5);
    // The spend line (900) replaces Brand's spend total (800), never adds to it.
    expect(cost('hubspot:campaign:brand')).toBe(900);
    expect(cost('hubspot:campaign:webinar june')).toBeNull();
    expect(roi.get('hubspot:campaign:spring launch')).toMatchObject({ campaign_name: 'Spring Launch', touched_people: '0' });
  });

  it('reads the lake columns: first of a repeated column, the 2025 primary company label, outcome columns', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const lake = join(night.outDir, 'lake');
    try {
      // Decimals read back as text ("1.0" in the export is 1.0000).
      const deals = (await connection.runAndReadAll(`select deal_id, associated_company_ids, primary_company_id, is_won, is_lost, is_closed_numeric, is_won_numeric, deal_probability, closed_lost_reason, closed_won_reason, original_source
        from read_parquet('${lake}/hubspot/deal/*/*.parquet') where deal_id in ('301', '302') order by deal_id`)).getRowObjectsJson();
      expect(deals).toEqual([
        { deal_id: '301', associated_company_ids: '7001', primary_company_id: '7001', is_won: true, is_lost: false, is_closed_numeric: '1.0000', is_won_numeric: '1.0000', deal_probability: '1.0000', closed_lost_reason: null, closed_won_reason: 'Best fit', original_source: 'Paid Search' },
        { deal_id: '302', associated_company_ids: '7003;7004', primary_company_id: null, is_won: false, is_lost: true, is_closed_numeric: '1.0000', is_won_numeric: '0.0000', deal_probability: '0.0000', closed_lost_reason: 'Went with a competitor', closed_won_reason: null, original_source: 'Offline Sources' },
      ]);
      const [ana] = (await connection.runAndReadAll(`select primary_company_id, original_source, original_source_drill_down_1, latest_source, record_source
        from read_parquet('${lake}/hubspot/contact/*/*.parquet') where contact_id = '201'`)).getRowObjectsJson();
      expect(ana).toEqual({ primary_company_id: '7001', original_source: 'Paid Search', original_source_drill_down_1: 'google', latest_source: 'Email Marketing', record_source: 'Forms' });
      const [marketo] = (await connection.runAndReadAll(`select acquired_at, revenue_stage, revenue_cycle_model_id, original_source_info, person_type, is_lead
        from read_parquet('${lake}/marketo/lead/*/*.parquet') where lead_id = '8001'`)).getRowObjectsJson();
      expect(marketo).toEqual({ acquired_at: '2025-04-20 08:00:00', revenue_stage: 'MQL', revenue_cycle_model_id: '1', original_source_info: 'https://example.com/webinar', person_type: 'lead', is_lead: true });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

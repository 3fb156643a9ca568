import { beforeAll, describe, expect, it } from 'vitest';
import { MULTI_SOURCE_CONFIG } from '../fixtures/fixture-configs.ts';
import { readMart, runFixtureNight } from '../helpers/night.ts';

// Fixture multi-source: one small company on five sources at once, judged as of 2026-03-31
// 00:00 UTC. HubSpot writes New York wall-clock time (EST, UTC-5, until Sun 2026-03-08; EDT,
// UTC-4, after). Company calendar: Mon–Fri 09:00–17:00 UTC. Every expected value below was worked
// out by hand from the CSVs.
//
// Salesforce: lead L1 (Web, Open - Not Contacted, owner Sam) created Tue 03-03 10:00, responded
//   to campaign C1 Spring Webinar (ActualCost 1000); C2 Trade Show (ActualCost 2000). User Nora
//   works in America/New_York: the night builds owner calendars from Salesforce users' zones, so
//   she is what gives Hana (below) her New York calendar.
// HubSpot (owner Hana Ito, SDR East, America/New_York, from owners.csv; contacts name her):
//   501 Ada, Paid Search: created Mon 03-02 09:00 EST (14:00 UTC), Became a Lead 09:00, MQL
//       10:00 (15:00 UTC), Owner Assigned 11:30 (16:30 UTC), Opportunity Thu 03-05 09:00 (14:00
//       UTC), Customer 03-20. CALL Mon 12:00 EST (17:00 UTC); a NOTE at 11:45 is no touch.
//       Deal 9001 Closed Won 12,000.00, created 03-05 09:00 EST, Close Date 03-20, contacts
//       "501;502" (the first, Ada, is the person).
//   502 Ben (first name only, padded), ORGANIC_SEARCH and UNQUALIFIED (internal values), created 03-10 10:00 EDT (14:00
//       UTC), Became a Lead then, last modified 03-12 10:00 EDT (14:00 UTC); no assigned date.
//   503 (no name, an email only), Offline Sources (not mapped: unknown), Became a Subscriber 03-16 09:00 EDT; no owner.
// Marketo: lead 9101 is synced to L1 (sfdcLeadId); 9102 (Webinar, New) is Marketo-only, created
//   03-06 10:00 UTC. Program 3001 Nurture Program: period costs 700 (Feb) + 300 (Mar); 9101
//   reached success there 03-04. Program 3002 Partner Webinar: no cost; 9102 succeeded (no
//   success date: membership 03-06 10:00). 9102 filled out form 1001 "Contact Us Form".
// Spend: C1 by id 1500 (replaces ActualCost 1000); "partner webinar" by name 400 (Marketo 3002);
//   "Google Ads" 300 (Mar) + "google ads" 200 (Feb): no source has it, a campaign of its own.
// Pipedrive (mapped CSV): person p-1 Pia (Web, Label MQL, owner "Paul Pipe" by name) created Mon
//   02-09 14:00 UTC; a done call 15:00; an open call (not a touch); deal d-1 500 created 02-16
//   10:00, closed lost 02-25. Everything of Pia's is in February, so March rows do not depend on
//   whether the night loads mapped sources yet.
const AS_OF = '2026-03-31T00:00:00Z';
const L1 = '00Q0000000000L1AAA';
const C1 = '7010000000000C1AAA';
const C2 = '7010000000000C2AAA';

const CONFIG = MULTI_SOURCE_CONFIG;

type Row = Record<string, unknown>;
// BIGINT counts come back as text (JSON-safe), as in the other mart tests.
const NOT_LOADED = 'the night must ingest the mapped pipedrive source (connectorsFor(config) passed to ingestExports)';

describe('marts from Salesforce, HubSpot, Marketo, spend and a mapped CSV source together', () => {
  let leads: Map<string, Row>;
  let funnel: Row[];
  let revenue: Row[];
  let roi: Map<string | null, Row>;
  let mappedLoaded: boolean;

  beforeAll(async () => {
    const night = await runFixtureNight('multi-source', CONFIG, AS_OF);
    mappedLoaded = night.loads.some((load) => load.source === 'pipedrive' && load.rowsLoaded > 0);
    leads = new Map((await readMart(night.outDir, 'leads', 'person_id')).map((row) => [row['person_id'] as string, row]));
    funnel = await readMart(night.outDir, 'funnel_monthly', 'month, source_category');
    revenue = await readMart(night.outDir, 'revenue_monthly', 'month, source_category');
    roi = new Map((await readMart(night.outDir, 'campaign_roi', 'campaign_id')).filter((r) => r['model'] === 'linear').map((r) => [r['campaign_id'] as string | null, r]));
  });

  it('keeps every source apart by id: Salesforce ids as they are, others prefixed; a synced Marketo lead is its Salesforce person', () => {
    const ids = [...leads.keys()].filter((id) => !id.startsWith('pipedrive:'));
    // Marketo 9101 is L1 (synced), so it is no person of its own; 9102 is.
    expect(ids).toEqual([L1, 'hubspot:501', 'hubspot:502', 'hubspot:503', 'marketo:9102']);
    expect(leads.get('hubspot:501')).toMatchObject({ source_system: 'hubspot', lead_id: 'hubspot:501', lead_source: 'Paid Search', source_category: 'marketing' });
    expect(leads.get('marketo:9102')).toMatchObject({ source_system: 'marketo', lead_source: 'Webinar', source_category: 'marketing', owner_id: null });
  });

  it('names each person from the export of its own source, trimmed, and leaves a nameless one empty', () => {
    // Salesforce FirstName/LastName "Lou" "Force"; HubSpot First/Last Name "Ada" "Hub", "  Ben " with no last name, 503 none
    // (only an email, which is never a name); Marketo firstName/lastName "Mo" "Keto"; Pipedrive's one Name column "Pia Drive".
    const names = Object.fromEntries([...leads].map(([id, row]) => [id, row['person_name']]));
    expect(names).toEqual({
      [L1]: 'Lou Force', 'hubspot:501': 'Ada Hub', 'hubspot:502': 'Ben', 'hubspot:503': null, 'marketo:9102': 'Mo Keto',
      'pipedrive:p-1': 'Pia Drive',
    });
  });

  it('hands a HubSpot MQL off at the Owner Assigned Date; a call 30 minutes later meets the SLA on the owner\'s New York calendar', () => {
    const ada = leads.get('hubspot:501')!;
    // Owner matched by name to owners.csv; her team and time zone come from there.
    expect(ada).toMatchObject({ owner_id: 'hubspot:hana ito', owner_name: 'Hana Ito', team: 'SDR East', handoff_owner_id: 'hubspot:hana ito' });
    // Became a MQL 10:00 EST = 15:00 UTC; unassigned until 11:30 EST = 16:30 UTC: handoff then.
    expect(ada['mql_at']).toBe('2026-03-02 15:00:00');
    expect(ada['handoff_at']).toBe('2026-03-02 16:30:00');
    // Routing runs on the company calendar (UTC): 15:00 → 16:30 = 90 business minutes > 60: late.
    expect(ada['routing_sla_business_minutes']).toBe(90);
    expect(ada['routing_sla_status']).toBe('late');
    // CALL 12:00 EST = 17:00 UTC: 11:30 → 12:00 in New York = 30 business minutes; the NOTE at
    // 11:45 is no touch. Due: 11:30 + 240 minutes = 15:30 New York = 20:30 UTC.
    expect(ada['first_sales_touch_at']).toBe('2026-03-02 17:00:00');
    expect(ada['response_sla_business_minutes']).toBe(30);
    expect(ada['response_sla_due_at']).toBe('2026-03-02 20:30:00');
    expect(ada['response_sla_status']).toBe('met');
  });

  it('dates HubSpot stages from the "Became a … Date" columns and the deal, filling SAL as inferred', () => {
    const ada = leads.get('hubspot:501')!;
    // Became a Lead 09:00 EST → inquiry 14:00 UTC; Became an Opportunity 03-05 09:00 EST → SQL
    // 14:00 UTC (the deal was created at the same time). No "Became a Sales Qualified Lead":
    // SAL is inferred from SQL. Won: the deal's Close Date 03-20 (midnight) comes before Became a
    // Customer 03-20 12:00 EDT.
    expect(ada).toMatchObject({
      inquiry_at: '2026-03-02 14:00:00', is_mql_inferred: false,
      sal_at: '2026-03-05 14:00:00', is_sal_inferred: true,
      sql_at: '2026-03-05 14:00:00', is_sql_inferred: false,
      won_at: '2026-03-20 00:00:00',
    });
    // Disposition (accepted) 03-05 09:00 New York: Mon 11:30–17:00 = 330, Tue 480, Wed 480 → 1290 > 960: late.
    expect(ada['disposition_sla_business_minutes']).toBe(1290);
    expect(ada['disposition_sla_status']).toBe('late');
  });

  it('reads HubSpot internal values like labels: ORGANIC_SEARCH is Organic Search, UNQUALIFIED a rejection at the last modification', () => {
    const ben = leads.get('hubspot:502')!;
    expect(ben).toMatchObject({ lead_source: 'Organic Search', source_category: 'marketing', status: 'UNQUALIFIED' });
    // 03-12 10:00 EDT = 14:00 UTC; a rejected lead was an MQL first (inferred at the same time).
    expect(ben).toMatchObject({ inquiry_at: '2026-03-10 14:00:00', rejected_at: '2026-03-12 14:00:00', mql_at: '2026-03-12 14:00:00', is_mql_inferred: true });
    // An unmapped Original Source and no owner: an unknown-sourced subscriber, never handed off.
    expect(leads.get('hubspot:503')).toMatchObject({ source_category: 'unknown', inquiry_at: '2026-03-16 13:00:00', owner_id: null, handoff_at: null });
  });

  it('counts the HubSpot deal as marketing-sourced revenue (its first contact came from Paid Search)', () => {
    const march = revenue.find((r) => r['month'] === '2026-03-01' && r['source_category'] === 'marketing')!;
    expect([march['opportunities_created'], march['pipeline_created'], march['opportunities_won'], march['opportunities_lost'], march['revenue_won']].map(Number))
      .toEqual([1, 12000, 1, 0, 12000]);
    // Created on 03-05, closed on 03-20: 15 days (the close date has no time, so dates are compared).
    expect(Number(march['median_cycle_days'])).toBe(15);
    expect(revenue.filter((r) => r['month'] === '2026-03-01').map((r) => r['source_category'])).toEqual(['marketing']);
  });

  it('costs campaigns from every source: Marketo period costs sum, spend replaces ActualCost, unmatched spend is a campaign of its own', () => {
    const cost = (id: string) => (roi.get(id)!['cost'] === null ? null : Number(roi.get(id)!['cost']));
    // Marketo 3001: 700 (Feb) + 300 (Mar).
    expect(cost('marketo:3001')).toBe(1000);
    // C1: the spend line (1500) replaces ActualCost (1000), never adds to it; C2 keeps its 2000.
    expect(cost(C1)).toBe(1500);
    expect(cost(C2)).toBe(2000);
    // "partner webinar" matches Marketo's Partner Webinar by name, case-insensitively.
    expect(cost('marketo:3002')).toBe(400);
    // Google Ads is no source's campaign: 300 + 200 under its own name, with nobody touched.
    expect(roi.get('spend:google ads')).toMatchObject({ campaign_name: 'Google Ads', touched_people: '0' });
    expect(cost('spend:google ads')).toBe(500);
    // A form filled outside any program is a campaign without a cost: unknown, not zero.
    expect(roi.get('marketo:form:1001')).toMatchObject({ campaign_name: 'Contact Us Form', campaign_type: 'Form', touched_people: '1' });
    expect(cost('marketo:form:1001')).toBeNull();
  });

  it('credits Marketo touches to the synced Salesforce person, and to the Marketo-only person otherwise', () => {
    // 9101's program success is L1's (an MQL: Open - Not Contacted); 9102's success has no date
    // and counts at membership; 9102 never became an MQL.
    expect(roi.get('marketo:3001')).toMatchObject({ campaign_name: 'Nurture Program', campaign_type: 'Email', touched_people: '1', mqls: '1' });
    expect(roi.get('marketo:3002')).toMatchObject({ touched_people: '1', mqls: '0' });
    expect(roi.get(C1)).toMatchObject({ touched_people: '1', mqls: '1' });
  });

  it('counts people from every source in funnel_monthly (March: Salesforce, HubSpot, Marketo)', () => {
    const pick = (r: Row) => [r['month'], r['source_category'], r['inquiries'], r['mqls'], r['sals'], r['sqls'], r['won'], r['rejected'], r['inferred_stages'], r['activity_only']].map(String);
    expect(funnel.filter((r) => r['month'] === '2026-03-01').map(pick)).toEqual([
      // Inquiries: L1, Ada, Ben, Marketo 9102. MQLs: L1 (status, inferred), Ada, Ben (inferred
      // from the rejection). Ada: SAL (inferred), SQL and won. Ben rejected (inferred).
      // Inferred: L1 MQL, Ada SAL, Ben MQL and rejection = 4. Only activity: 9102.
      ['2026-03-01', 'marketing', '4', '3', '1', '1', '1', '1', '4', '1'],
      // Cy: Offline Sources.
      ['2026-03-01', 'unknown', '1', '0', '0', '0', '0', '0', '0', '1'],
    ]);
  });

  describe('a mapped CSV source (pipedrive)', () => {
    it('puts the pipedrive person in leads with a prefixed id and its owner matched by name', () => {
      expect(mappedLoaded, NOT_LOADED).toBe(true);
      const pia = leads.get('pipedrive:p-1')!;
      expect(pia).toMatchObject({ source_system: 'pipedrive', lead_id: 'pipedrive:p-1', source_category: 'marketing', status: 'MQL' });
      expect(pia).toMatchObject({ owner_id: 'pipedrive:u-1', owner_name: 'Paul Pipe', team: 'Pipedrive SDR' });
      // Label MQL (stage_map): MQL at creation, inferred; owned by a user since then: handoff at
      // 14:00; the done call at 15:00 is 60 business minutes later (the open call is no touch).
      expect(pia).toMatchObject({ mql_at: '2026-02-09 14:00:00', is_mql_inferred: true, handoff_at: '2026-02-09 14:00:00', first_sales_touch_at: '2026-02-09 15:00:00' });
      expect(pia).toMatchObject({ response_sla_business_minutes: 60, response_sla_status: 'met' });
      // The deal: SQL at its creation, lost at its close date.
      expect(pia).toMatchObject({ sql_at: '2026-02-16 10:00:00', lost_at: '2026-02-25 00:00:00' });
    });

    it('counts the pipedrive person and deal in February', () => {
      expect(mappedLoaded, NOT_LOADED).toBe(true);
      const feb = funnel.filter((r) => r['month'] === '2026-02-01').map((r) => [r['source_category'], r['inquiries'], r['mqls'], r['sals'], r['sqls'], r['lost'], r['inferred_stages']].map(String));
      // Pia: inquiry, MQL (inferred), SAL (inferred from the deal), SQL, lost.
      expect(feb).toEqual([['marketing', '1', '1', '1', '1', '1', '2']]);
      const deals = revenue.filter((r) => r['month'] === '2026-02-01').map((r) => [r['source_category'], r['opportunities_created'], r['pipeline_created'], r['opportunities_lost'], r['revenue_won']].map(String));
      expect(deals.map((r) => [r[0], Number(r[1]), Number(r[2]), Number(r[3]), Number(r[4])])).toEqual([['marketing', 1, 500, 1, 0]]);
    });
  });
});

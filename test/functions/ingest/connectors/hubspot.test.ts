import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../../functions/core/duckdb-engine.ts';
import { ingestExports } from '../../../../functions/ingest/ingest.ts';
import type { FileLoad } from '../../../../functions/ingest/load-file.ts';

const FIXTURE = new URL('../../../fixtures/exports/hubspot-basic/', import.meta.url).pathname;
const NEW_YORK = { sourceTimeZone: 'America/New_York' };

function byObject(loads: FileLoad[]): Record<string, FileLoad> {
  return Object.fromEntries(loads.map((l) => [l.object, l]));
}

describe('HubSpot connector', () => {
  let engine: DuckDbEngine;
  let lake: string;
  let loads: Record<string, FileLoad>;
  const rows = (object: string, where = 'true') => engine.query(`select * exclude (source_file, source_row_number) from read_parquet('${lake}/hubspot/${object}/*/*.parquet', hive_partitioning = true) where ${where}`);

  beforeAll(async () => {
    engine = await DuckDbEngine.open();
    lake = join(mkdtempSync(join(tmpdir(), 'handoff-hubspot-')), 'lake');
    loads = byObject(await ingestExports(engine, FIXTURE, lake, NEW_YORK));
  });
  afterAll(async () => {
    await engine.close();
  });

  it('loads every file, and rows read = loaded + quarantined for each', () => {
    // Counted by hand from the fixture files.
    expect(Object.fromEntries(Object.entries(loads).map(([o, l]) => [o, [l.rowsRead, l.rowsLoaded, l.rowsQuarantined, l.error ?? null]]))).toEqual({
      contact: [5, 3, 2, null], deal: [2, 2, 0, null], engagement: [3, 3, 0, null], owner: [2, 2, 0, null],
    });
    for (const load of Object.values(loads)) expect(load.rowsRead).toBe(load.rowsLoaded + load.rowsQuarantined);
    expect(loads['contact']!.exportDate).toBe('2024-08-27');
    // HubSpot's own file name, dated in the name.
    expect(loads['deal']).toMatchObject({ file: expect.stringContaining('hubspot-crm-exports-all-deals-2024-08-27.csv'), exportDate: '2024-08-27' });
  });

  it('reads local times in the account time zone: New York EDT is UTC-4, EST UTC-5, Excel re-saves included', async () => {
    const [ada] = await rows('contact', `contact_id = '101'`);
    expect(ada).toMatchObject({
      created_at: '2024-03-01T14:15:00.000Z', // 09:15 EST
      became_lead_at: '2024-03-01T14:15:00.000Z',
      became_mql_at: '2024-03-15T18:30:00.000Z', // 14:30 EDT (DST began 2024-03-10)
      became_sql_at: '2024-03-18T14:00:30.000Z', // with seconds
      became_opportunity_at: '2024-03-20T14:00:00.000Z', // "Became an Opportunity Date"
      became_customer_at: null,
      owner_assigned_at: '2024-03-01T14:20:00.000Z',
      recent_conversion_at: '2024-03-15T18:30:45.000Z',
      last_modified_at: '2024-03-20T14:05:00.000Z',
    });
    const [charles] = await rows('contact', `contact_id = '102'`);
    // "3/15/2024 2:30 PM" is the same instant as "2024-03-15 14:30"; 8:05 AM on the DST change day is already EDT.
    expect(charles).toMatchObject({ became_mql_at: '2024-03-15T18:30:00.000Z', created_at: '2024-03-10T12:05:00.000Z' });
    const [grace] = await rows('contact', `contact_id = '103'`);
    expect(grace).toMatchObject({ created_at: '2024-01-10T17:00:00.000Z', became_subscriber_at: '2024-01-10T17:00:00.000Z' });
  });

  it('maps labels to lake columns, reads "(No value)" as empty, "1,234.5" as a number, keeps ;-separated IDs as text', async () => {
    const [ada] = await rows('contact', `contact_id = '101'`);
    expect(ada).toMatchObject({
      first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', company: 'Analytical Engines, Ltd.', country: 'United Kingdom',
      lifecycle_stage: 'Opportunity', lead_status: 'Open Deal', owner_name: 'Dana Scully', owner_id: null,
      original_source: 'Paid Search', original_source_drill_down_1: 'google', original_source_drill_down_2: 'spring-webinar',
      hubspot_score: 1234.5, marketing_emails_bounced: 0, associated_deal_ids: '9002;9999', associated_company_ids: '5001',
      first_conversion: 'Webinar signup: Spring', phone: '+44 20 7946 0000',
    });
    const [charles] = await rows('contact', `contact_id = '102'`);
    expect(charles).toMatchObject({ company: null, owner_name: null, lead_status: null, email_hard_bounce_reason: '550 5.1.1 mailbox unavailable', marketing_emails_bounced: 1 });
  });

  it('quarantines rows without a usable Record ID or Create Date, with the reason', async () => {
    const quarantined = await engine.query(`select source_row_number, reason from read_parquet('${lake}/_quarantine/hubspot/contact/*/*.parquet') order by source_row_number`);
    expect(quarantined).toEqual([
      { source_row_number: 4, reason: 'Create Date: "sometime in March" is not a date and time; Create Date is empty' },
      { source_row_number: 5, reason: 'Record ID is empty' },
    ]);
  });

  it('reads deals with amounts, dates and the default pipeline\'s "Date entered" columns', async () => {
    const [won] = await rows('deal', `deal_id = '9002'`);
    expect(won).toMatchObject({
      deal_name: 'Analytical Engines - new business', stage_name: 'Closed Won', pipeline: 'Sales Pipeline', amount: 12500,
      close_date: '2024-04-30T00:00:00.000Z', created_at: '2024-03-20T14:00:00.000Z', owner_name: 'Dana Scully', deal_type: 'New Business',
      original_source: 'Paid Search', associated_contact_ids: '101;102',
      entered_appointment_scheduled_at: '2024-03-20T14:00:00.000Z', entered_closed_won_at: '2024-04-30T20:45:00.000Z', entered_closed_lost_at: null,
    });
    const [other] = await rows('deal', `deal_id = '9003'`);
    // A custom pipeline's stages have no column of their own: every filled `Date entered "…"` is a `label<TAB>UTC time` line.
    expect(other).toMatchObject({ stage_name: 'Demo Booked', pipeline: 'Enterprise Pipeline', amount: null, close_date: null });
    expect(other!['stage_entries']).toBe('Demo Booked (Enterprise Pipeline)\t2024-04-02 13:00:00');
    expect(won!['stage_entries']).toBe('Appointment Scheduled (Sales Pipeline)\t2024-03-20 14:00:00\nClosed Won (Sales Pipeline)\t2024-04-30 20:45:00');
  });

  it('reads the first of a repeated column and notes it; keeps the spaces of stage labels; refuses nothing for repeats it does not read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-hubspot-'));
    mkdirSync(join(dir, 'hubspot'));
    writeFileSync(join(dir, 'hubspot', 'deals.csv'), [
      '"Record ID","Deal Stage","Associated Company IDs","Date entered ""Closed Lost  (Texas)""","Associated Company","Associated Company IDs","Associated Company"',
      '"1","Closed Lost ","11","2025-06-10 16:00","A","22","B"',
    ].join('\n') + '\n');
    const [load] = await ingestExports(engine, dir, join(dir, 'lake'), NEW_YORK);
    // "Associated Company" is repeated too, but not read: no note. The missing columns the numbers need are noted as well.
    expect(load).toMatchObject({ rowsRead: 1, rowsLoaded: 1 });
    expect(load!.error).toBeUndefined();
    expect(load!.notes).toEqual([
      '"Amount" is not in the file: deals have no amount: they are counted in opportunities created, won and lost but add nothing to pipeline created or revenue won',
      '"Close Date" is not in the file: closed deals are dated by the day they entered their current stage instead',
      '"Create Date" is not in the file: deals are dated by their first "Date entered" stage instead, and deals without one are left out of pipeline created and cycle times',
      '"Associated Contact IDs" is not in the file: deals have no person: they are sourced by their own Original Source and add no SQL, won or lost stage to the funnel',
      '"Associated Company IDs" is repeated (columns 3, 6): column 3, the first, was read',
    ]);
    const [deal] = await engine.query(`select associated_company_ids, stage_name, stage_entries from read_parquet('${join(dir, 'lake')}/hubspot/deal/*/*.parquet')`);
    // 16:00 EDT = 20:00 UTC; the double space stays in the lake (staging collapses it).
    expect(deal).toEqual({ associated_company_ids: '11', stage_name: 'Closed Lost ', stage_entries: 'Closed Lost  (Texas)\t2025-06-10 20:00:00' });
  });

  it('reads engagements (calls, emails, meetings) and the owners mapping file', async () => {
    const engagements = await engine.query(`select engagement_id, engagement_type, occurred_at, created_at, owner_name, call_outcome, associated_contact_ids
      from read_parquet('${lake}/hubspot/engagement/*/*.parquet') order by engagement_id`);
    expect(engagements).toEqual([
      { engagement_id: '70001', engagement_type: 'CALL', occurred_at: '2024-03-15T19:00:00.000Z', created_at: '2024-03-15T19:07:00.000Z', owner_name: 'Dana Scully', call_outcome: 'Connected', associated_contact_ids: '101' },
      { engagement_id: '70002', engagement_type: 'EMAIL', occurred_at: '2024-03-15T18:45:10.000Z', created_at: null, owner_name: 'Dana Scully', call_outcome: null, associated_contact_ids: '101;102' },
      { engagement_id: '70003', engagement_type: 'MEETING', occurred_at: '2024-03-20T14:00:00.000Z', created_at: null, owner_name: 'Dana Scully', call_outcome: null, associated_contact_ids: '101' },
    ]);
    const owners = await engine.query(`select owner_name, email, team, time_zone, is_active from read_parquet('${lake}/hubspot/owner/*/*.parquet') order by owner_name`);
    expect(owners).toEqual([
      { owner_name: 'Dana Scully', email: 'dana@example.com', team: 'SDR East', time_zone: 'America/New_York', is_active: true },
      { owner_name: 'Fox Mulder', email: 'fox@example.com', team: 'AE West', time_zone: 'America/Los_Angeles', is_active: false },
    ]);
  });

  it('names a missing Record ID, and reads older exports that call it Contact ID', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-hubspot-'));
    mkdirSync(join(dir, 'hubspot'));
    writeFileSync(join(dir, 'hubspot', 'contacts.csv'), '"First Name","Create Date","Lifecycle Stage"\n"Ada","2024-03-01 09:15","Lead"\n');
    const [missing] = await ingestExports(engine, dir, join(dir, 'lake'), NEW_YORK);
    expect(missing).toMatchObject({ object: 'contact', rowsLoaded: 0, error: 'the contact export has no "Record ID" column; export it with this field included' });

    writeFileSync(join(dir, 'hubspot', 'contacts.csv'), '"Contact ID","First Name","Create Date"\n"51","Ada","2024-03-01 09:15"\n');
    const [older] = await ingestExports(engine, dir, join(dir, 'lake'), NEW_YORK);
    expect(older).toMatchObject({ rowsRead: 1, rowsLoaded: 1, rowsQuarantined: 0 });
    const [ada] = await engine.query(`select contact_id, created_at from read_parquet('${join(dir, 'lake')}/hubspot/contact/*/*.parquet')`);
    expect(ada).toEqual({ contact_id: '51', created_at: '2024-03-01T14:15:00.000Z' });
  });
});

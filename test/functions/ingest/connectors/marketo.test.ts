import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../../functions/core/duckdb-engine.ts';
import { ingestExports } from '../../../../functions/ingest/ingest.ts';
import type { FileLoad } from '../../../../functions/ingest/load-file.ts';

const FIXTURE = new URL('../../../fixtures/exports/marketo-basic/', import.meta.url).pathname;

describe('Marketo connector', () => {
  let engine: DuckDbEngine;
  let lake: string;
  let loads: FileLoad[];
  const rows = (object: string, orderBy: string) => engine.query(`select * exclude (source_file, source_row_number) from read_parquet('${lake}/marketo/${object}/*/*.parquet', hive_partitioning = false) order by ${orderBy}`);

  beforeAll(async () => {
    engine = await DuckDbEngine.open();
    lake = join(mkdtempSync(join(tmpdir(), 'handoff-marketo-')), 'lake');
    // A HubSpot-style time zone must not touch Marketo's UTC times.
    loads = await ingestExports(engine, FIXTURE, lake, { sourceTimeZone: 'America/New_York' });
  });
  afterAll(async () => {
    await engine.close();
  });

  it('loads every file, and rows read = loaded + quarantined for each', () => {
    expect(Object.fromEntries(loads.map((l) => [l.object, [l.rowsRead, l.rowsLoaded, l.rowsQuarantined, l.error ?? null]]))).toEqual({
      lead: [3, 2, 1, null], activity: [4, 3, 1, null], program: [1, 1, 0, null], program_cost: [3, 2, 1, null], program_member: [2, 2, 0, null],
    });
    for (const load of loads) expect(load.rowsRead).toBe(load.rowsLoaded + load.rowsQuarantined);
  });

  it('reads the Bulk Lead Extract: null is empty, ISO times stay UTC, Salesforce IDs made 18 characters', async () => {
    expect(await rows('lead', 'lead_id')).toEqual([
      {
        lead_id: '5414094', created_at: '2022-02-13T14:06:20.000Z', last_modified_at: '2022-02-14T09:00:00.000Z',
        first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', company: 'Analytical Engines, Ltd.', title: null, phone: null,
        country: 'United Kingdom', lead_source: 'Webinar', status: 'MQL', score: 85, original_source_type: null, acquisition_program_id: null,
        // Blocks "00Q5f" → E, "00000" → A, "1AbCd" → K (worked in ingest.test.ts).
        sfdc_lead_id: '00Q5f000001AbCdEAK', sfdc_contact_id: null, sfdc_account_id: null, sfdc_type: 'Lead',
        unsubscribed: false, email_invalid: false,
        // Not in this extract: the newer columns load as empty.
        acquired_at: null, revenue_stage: null, revenue_cycle_model_id: null, original_source_info: null, person_type: null, is_lead: null,
      },
      {
        lead_id: '5414095', created_at: '2013-09-26T06:56:35.000Z', last_modified_at: null,
        first_name: null, last_name: 'Babbage', email: null, company: null, title: null, phone: null,
        country: null, lead_source: null, status: null, score: null, original_source_type: null, acquisition_program_id: null,
        sfdc_lead_id: null, sfdc_contact_id: '003000000000001AAA', sfdc_account_id: null, sfdc_type: 'Contact',
        unsubscribed: true, email_invalid: false,
        acquired_at: null, revenue_stage: null, revenue_cycle_model_id: null, original_source_info: null, person_type: null, is_lead: null,
      },
    ]);
    const [q] = await engine.query(`select source_row_number, reason from read_parquet('${lake}/_quarantine/marketo/lead/*/*.parquet')`);
    expect(q).toEqual({ source_row_number: 3, reason: 'createdAt is empty' });
  });

  it('reads the attributes JSON in both its object and its older name/value array form', async () => {
    const activities = await engine.query(`select activity_id, lead_id, activity_at, activity_type_id, campaign_id, primary_attribute_value_id,
        primary_attribute_value, new_status, old_status, success, program_member_id, reason
      from read_parquet('${lake}/marketo/activity/*/*.parquet') order by activity_id`);
    expect(activities).toEqual([
      { activity_id: '783958220', lead_id: '5414094', activity_at: '2022-02-13T14:08:50.000Z', activity_type_id: 104, campaign_id: '17240', primary_attribute_value_id: '3569',
        primary_attribute_value: 'Spring Webinar', new_status: 'Attended', old_status: 'Not in Program', success: true, program_member_id: '3240305', reason: null },
      { activity_id: '783958221', lead_id: '5414095', activity_at: '2013-09-26T06:56:35.000Z', activity_type_id: 104, campaign_id: null, primary_attribute_value_id: '3569',
        primary_attribute_value: 'Spring Webinar', new_status: 'Attended', old_status: null, success: true, program_member_id: '3240306', reason: null },
      // A form fill has none of these keys: empty, not false.
      { activity_id: '783958222', lead_id: '5414094', activity_at: '2022-02-12T10:00:00.000Z', activity_type_id: 2, campaign_id: null, primary_attribute_value_id: '1001',
        primary_attribute_value: 'Webinar Registration Form', new_status: null, old_status: null, success: null, program_member_id: null, reason: null },
    ]);
    const [raw] = await engine.query(`select attributes from read_parquet('${lake}/marketo/activity/*/*.parquet') where activity_id = '783958220'`);
    expect(JSON.parse(String(raw!['attributes']))).toMatchObject({ 'New Status': 'Attended', 'Success': true, 'Program Member ID': 3240305 });
    const [q] = await engine.query(`select source_row_number, reason from read_parquet('${lake}/_quarantine/marketo/activity/*/*.parquet')`);
    expect(q).toEqual({ source_row_number: 4, reason: 'activityTypeId: "Fill Out Form" is not a whole number; activityTypeId is empty' });
  });

  it('reads programs, period costs by month and program membership', async () => {
    expect(await rows('program', 'program_id')).toEqual([{
      program_id: '3569', program_name: 'Spring Webinar', program_type: 'Event', channel: 'Webinar', status: null,
      sfdc_campaign_id: '701000000000001AAA', sfdc_campaign_name: 'Spring Webinar', start_date: null, end_date: null,
      created_at: '2022-01-05T10:00:00.000Z', last_modified_at: '2022-02-01T10:00:00.000Z',
    }]);
    expect(await rows('program_cost', 'month')).toEqual([
      { program_id: '3569', month: '2022-02-01T00:00:00.000Z', cost: 5000, note: 'Platform fee' },
      { program_id: '3569', month: '2022-03-01T00:00:00.000Z', cost: 1250.5, note: 'Ads' },
    ]);
    const [q] = await engine.query(`select reason from read_parquet('${lake}/_quarantine/marketo/program_cost/*/*.parquet')`);
    expect(q).toEqual({ reason: 'startDate: "sometime" is not a month; startDate is empty' });
    const members = await engine.query(`select lead_id, program_id, status_name, reached_success, reached_success_at, membership_at, acquired_by
      from read_parquet('${lake}/marketo/program_member/*/*.parquet') order by lead_id`);
    expect(members).toEqual([
      { lead_id: '5414094', program_id: '3569', status_name: 'Attended', reached_success: true, reached_success_at: '2022-02-13T14:08:50.000Z', membership_at: '2022-02-12T10:00:00.000Z', acquired_by: true },
      { lead_id: '5414095', program_id: '3569', status_name: 'Registered', reached_success: false, reached_success_at: null, membership_at: '2022-02-12T11:00:00.000Z', acquired_by: false },
    ]);
  });
});

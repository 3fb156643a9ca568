// Config values that used to pass validation and break the night later are refused up front, naming the key and the fix.
import { describe, expect, it } from 'vitest';
import { isCalendarDate, parseConfig } from '../../../functions/core/config.ts';
import { ConfigError } from '../../../functions/core/errors.ts';

/** The message parseConfig throws for raw, or '' when it is accepted. */
function refusal(raw: unknown): string {
  try {
    parseConfig(raw);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe('calendar dates in the config', () => {
  it('refuses a holiday that is not a day of the calendar', () => {
    const message = refusal({ calendar: { holidays: ['2026-12-25', '2026-02-30', '2026-13-45'] } });
    expect(message).toContain('calendar.holidays.1: "2026-02-30" is not a day of the calendar');
    expect(message).toContain('calendar.holidays.2: "2026-13-45" is not a day of the calendar');
    expect(message).not.toContain('holidays.0');
  });

  it('refuses an MQL target for month 13 and keeps real months', () => {
    expect(refusal({ funnel: { mql_targets: { '2026-13': 400 } } })).toContain('funnel.mql_targets.2026-13: "2026-13" is not a month');
    expect(refusal({ funnel: { mql_targets: { '2026-00': 400 } } })).toContain('"2026-00" is not a month');
    expect(parseConfig({ funnel: { mql_targets: { '2026-12': 400 } } }).funnel.mql_targets).toEqual({ '2026-12': 400 });
  });

  it('knows the length of every month, leap years included', () => {
    expect([isCalendarDate(2028, 2, 29), isCalendarDate(2026, 2, 29), isCalendarDate(2026, 4, 31), isCalendarDate(2026, 12, 31)]).toEqual([true, false, false, true]);
  });
});

describe('encodings in the config', () => {
  it('refuses an encoding nothing can decode', () => {
    expect(refusal({ ingest: { encoding: 'klingon-8' } })).toContain('ingest.encoding: "klingon-8" is not an encoding Handoff can read');
  });

  it('accepts what DuckDB or the WHATWG decoder reads', () => {
    for (const encoding of ['utf-8', 'latin-1', 'ISO-8859-1', 'windows-1252', 'utf-16', 'shift_jis']) {
      expect(parseConfig({ ingest: { encoding } }).ingest.encoding, encoding).toBe(encoding);
    }
  });
});

describe('the CRM address in the config', () => {
  it('refuses a javascript: address, which would turn every lead link into a script', () => {
    expect(refusal({ company: { crm_url: 'javascript:alert(1)//x' } })).toContain('company.crm_url: must be an https: (or http:) address');
    expect(refusal({ company: { crm_url: 'data:text/html,<script>alert(1)</script>' } })).toContain('company.crm_url');
  });

  it('accepts https: and http: addresses', () => {
    expect(parseConfig({ company: { crm_url: 'https://acme.my.salesforce.com' } }).company.crm_url).toBe('https://acme.my.salesforce.com');
    expect(parseConfig({ company: { crm_url: 'http://crm.internal' } }).company.crm_url).toBe('http://crm.internal');
  });
});

describe('unknown keys, at every level of the config', () => {
  it('refuses a key under stages, naming its path and the nearest valid key', () => {
    expect(refusal({ stages: { salesforce_status: { Hot: 'mql' } } })).toContain(
      'stages.salesforce_status: unknown key; did you mean "salesforce_lead_status"? valid keys here: salesforce_lead_status, hubspot_lifecycle_stage, hubspot_lead_status',
    );
    expect(refusal({ stages: { anything: {} } })).toContain('stages.anything: unknown key; valid keys here: salesforce_lead_status');
  });

  it('refuses unknown keys at the top, in every section, in list items and inside mapped sources', () => {
    const message = refusal({
      comapny: {},
      source_categories: { marketting: ['G2'] },
      calendar: { timezon: 'UTC' },
      sla: { overrides: [{ sla: 'response', segmnt: 'Enterprise', minutes: 120 }] },
      mapped_sources: { pipedrive: { local_time: true, files: { people: { object: 'lead', columns: { lead_id: 'Person ID', created_at: 'Created' }, colums: {} } } } },
    });
    expect(message.split('\n').slice(1).map((line) => line.trim().split(' valid keys')[0])).toEqual(expect.arrayContaining([
      'comapny: unknown key; did you mean "company"?',
      'source_categories.marketting: unknown key; did you mean "marketing"?',
      'calendar.timezon: unknown key; did you mean "timezone"?',
      'sla.overrides.0.segmnt: unknown key; did you mean "segment"?',
      'mapped_sources.pipedrive.local_time: unknown key; did you mean "local_times"?',
      'mapped_sources.pipedrive.files.people.colums: unknown key; did you mean "columns"?',
    ]));
  });

  it('suggests the nearest value for a misspelt choice and the nearest column of a mapped file', () => {
    expect(refusal({ sla: { overrides: [{ sla: 'respons', minutes: 120 }] } })).toContain('sla.overrides.0.sla: Invalid option: expected one of "routing"|"response"|"disposition"|"partner_response" (given "respons"; did you mean "response"?)');
    expect(refusal({ mapped_sources: { pipedrive: { files: { people: { object: 'lead', columns: { lead_id: 'Person ID', created_at: 'Created', lead_sorce: 'Source' } } } } } }))
      .toMatch(/mapped_sources\.pipedrive\.files\.people\.columns\.lead_sorce: "lead_sorce" is not a lead column; use one of .* \(did you mean "lead_source"\?\)/);
  });

  it('names no nearest key when nothing is close', () => {
    expect(refusal({ currency: { zzz: 1 } })).toContain('currency.zzz: unknown key; valid keys here: reporting, rates');
  });
});

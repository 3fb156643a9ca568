import { describe, expect, it } from 'vitest';
import { calendarWindows, wallTimeToUtc } from '../../../functions/core/calendar.ts';
import { hubspotDealStages, hubspotStages, labelKey, marketoRevenueStages, parseConfig } from '../../../functions/core/config.ts';
import { ConfigError } from '../../../functions/core/errors.ts';

const company = parseConfig({}).calendar;

describe('business calendar windows', () => {
  it('skips the weekend and counts business seconds before each window', () => {
    // Thu 19 Nov 2026 → Tue 24 Nov: Thu, Fri, Mon, Tue are working days of 8 h (28,800 s).
    const windows = calendarWindows('company', company, 'UTC', '2026-11-19', '2026-11-24');
    expect(windows.map((w) => [w.window_start_at, w.next_window_start_at, w.window_seconds, w.seconds_before])).toEqual([
      ['1970-01-01 00:00:00', '2026-11-19 09:00:00', 0, 0],
      ['2026-11-19 09:00:00', '2026-11-20 09:00:00', 28_800, 0],
      ['2026-11-20 09:00:00', '2026-11-23 09:00:00', 28_800, 28_800],
      ['2026-11-23 09:00:00', '2026-11-24 09:00:00', 28_800, 57_600],
      ['2026-11-24 09:00:00', '2036-11-21 09:00:00', 28_800, 86_400],
    ]);
  });

  it('leaves holidays out', () => {
    const windows = calendarWindows('company', { ...company, holidays: ['2026-11-23'] }, 'UTC', '2026-11-20', '2026-11-24');
    expect(windows.map((w) => w.window_start_at)).toEqual(['1970-01-01 00:00:00', '2026-11-20 09:00:00', '2026-11-24 09:00:00']);
  });

  it('opens at 09:00 local time across a daylight-saving change', () => {
    // New York moves to UTC-4 on Sun 8 Mar 2026: Friday opens 14:00 UTC, Monday 13:00 UTC.
    const windows = calendarWindows('ny', company, 'America/New_York', '2026-03-06', '2026-03-09');
    expect(windows.slice(1).map((w) => w.window_start_at)).toEqual(['2026-03-06 14:00:00', '2026-03-09 13:00:00']);
    expect(new Date(wallTimeToUtc(2026, 7, 1, 9, 0, 'Europe/Berlin')).toISOString()).toBe('2026-07-01T07:00:00.000Z');
  });
});

describe('a calendar whose daylight-saving change happens at midnight (America/Havana)', () => {
  // Open every day 00:00 to 12:00. Havana jumps from 00:00 CST (UTC-5) to 01:00 CDT (UTC-4) on Sun 8 Mar 2026
  // and falls back from 01:00 CDT to 00:00 CST on Sun 1 Nov 2026.
  const allDay = { ...company, workdays: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '12:00' };

  it('opens at 01:00 on the day midnight does not exist, and counts 11 business hours, not 12', () => {
    const windows = calendarWindows('havana', allDay, 'America/Havana', '2026-03-07', '2026-03-09');
    // Sat 00:00 CST = 05:00 UTC; Sun 01:00 CDT = 05:00 UTC (the old count opened at 04:00 UTC, Saturday 23:00);
    // Mon 00:00 CDT = 04:00 UTC. Minutes: 720, 12:00 CDT (16:00 UTC) − 05:00 UTC = 660, 720.
    expect(windows.slice(1).map((w) => [w.window_start_at, w.window_seconds / 60, w.seconds_before / 60])).toEqual([
      ['2026-03-07 05:00:00', 720, 0],
      ['2026-03-08 05:00:00', 660, 720],
      ['2026-03-09 04:00:00', 720, 1380],
    ]);
  });

  it('counts the repeated hour once on the day clocks go back: 13 business hours from the first midnight', () => {
    const windows = calendarWindows('havana', allDay, 'America/Havana', '2026-10-31', '2026-11-02');
    // Sun 00:00 CDT = 04:00 UTC, 12:00 CST = 17:00 UTC: 780 minutes. Mon 00:00 CST = 05:00 UTC.
    expect(windows.slice(1).map((w) => [w.window_start_at, w.window_seconds / 60, w.seconds_before / 60])).toEqual([
      ['2026-10-31 04:00:00', 720, 0],
      ['2026-11-01 04:00:00', 780, 720],
      ['2026-11-02 05:00:00', 720, 1500],
    ]);
  });

  it('puts a wall time that never happens on the far side of the jump, and a repeated one at its first occurrence', () => {
    // New York: 02:30 on 8 Mar 2026 does not exist (02:00 EST → 03:00 EDT) and reads as 03:30 EDT = 07:30 UTC;
    // 01:30 on 1 Nov 2026 happens twice and is the first one, 01:30 EDT = 05:30 UTC.
    expect(new Date(wallTimeToUtc(2026, 3, 8, 2, 30, 'America/New_York')).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(new Date(wallTimeToUtc(2026, 11, 1, 1, 30, 'America/New_York')).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(new Date(wallTimeToUtc(2026, 3, 8, 0, 0, 'America/Havana')).toISOString()).toBe('2026-03-08T05:00:00.000Z');
  });
});

describe('config', () => {
  it('defaults to Monday to Friday, 09:00 to 17:00 UTC, and the default SLA targets', () => {
    const config = parseConfig({});
    expect(config.calendar).toMatchObject({ timezone: 'UTC', workdays: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', holidays: [] });
    expect(config.sla).toMatchObject({ routing_minutes: 60, response_minutes: 240, disposition_minutes: 960, partner_response_minutes: 480 });
  });

  it('maps HubSpot lifecycle stages and lead statuses by default, and lets config change them', () => {
    const defaults = hubspotStages(parseConfig({}));
    expect(defaults.lifecycle).toMatchObject({ 'marketing qualified lead': 'mql', 'sales qualified lead': 'sal', opportunity: 'sql', customer: 'won' });
    const custom = hubspotStages(parseConfig({ stages: { hubspot_lifecycle_stage: { 'Sales Qualified Lead': 'sql' }, hubspot_lead_status: { 'No Fit': 'rejected' } } }));
    expect(custom.lifecycle['sales qualified lead']).toBe('sql');
    expect(custom.leadStatus['no fit']).toBe('rejected');
    expect(() => parseConfig({ stages: { hubspot_lead_status: { 'No Fit': 'junk' } } })).toThrow(/stages\.hubspot_lead_status\.No Fit/);
  });

  it('maps HubSpot deal stages to outcomes and Marketo revenue stages to funnel stages, keys trimmed, spaces collapsed, lower case', () => {
    const config = parseConfig({ stages: { hubspot_deal_stage: { ' Paid  (VA) ': 'won', 'Contract Signed': 'won' }, marketo_revenue_stage: { '3:7': 'sal', 'Nurture': 'recycled' } } });
    expect(hubspotDealStages(config)).toEqual({ 'closed won': 'won', 'closedwon': 'won', 'closed lost': 'lost', 'closedlost': 'lost', 'paid (va)': 'won', 'contract signed': 'won' });
    expect(marketoRevenueStages(config)).toMatchObject({ 'mql': 'mql', '3:7': 'sal', 'nurture': 'recycled' });
    expect(labelKey('Closed Lost  (Texas) ')).toBe('closed lost (texas)');
    expect(() => parseConfig({ stages: { hubspot_deal_stage: { Paid: 'mql' } } })).toThrow(/stages\.hubspot_deal_stage\.Paid/);
  });

  it('names the key and the fix for a bad value, an unknown key and an unknown time zone', () => {
    expect(() => parseConfig({ calendar: { start: '9am' } })).toThrow('calendar.start: a time like "09:00"');
    expect(() => parseConfig({ sla: { respons_minutes: 10 } })).toThrow(ConfigError);
    expect(() => parseConfig({ sla: { respons_minutes: 10 } })).toThrow(/respons_minutes/);
    expect(() => parseConfig({ calendar: { timezone: 'Mars/Olympus' } })).toThrow('"Mars/Olympus" is not an IANA time zone');
  });
});

// Effective definitions and their hash, and the history's retention rule, worked out by hand.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/core/config.ts';
import { definitionsHash, effectiveDefinitions } from '../../../functions/core/definitions.ts';
import { expiredRestatementNights, firstKeptMonth, firstListedDay, nightsToRemove, repeatedDefinitionNights } from '../../../functions/core/history.ts';

describe('effective definitions', () => {
  it('resolve SLA targets, overrides, calendar, stage maps with their defaults, source categories and rates, one row per setting', () => {
    const rows = effectiveDefinitions(parseConfig({ sla: { overrides: [{ sla: 'response', segment: 'Enterprise', minutes: 120 }] }, currency: { rates: { EUR: 1.08 } } }));
    const at = (key: string) => rows.find((r) => r.key === key);
    expect(at('sla.response_minutes')).toEqual({ key: 'sla.response_minutes', area: 'sla', value: '240' });
    expect(at('sla.response_minutes[segment=Enterprise]')).toEqual({ key: 'sla.response_minutes[segment=Enterprise]', area: 'sla', value: '120' });
    expect(at('calendar.hours')?.value).toBe('09:00-17:00');
    expect(at('stages.salesforce_lead_status.open - not contacted')).toEqual({ key: 'stages.salesforce_lead_status.open - not contacted', area: 'funnel', value: 'mql' });
    expect(at('source_categories.partner referral')?.value).toBe('partner');
    expect(at('currency.rates.EUR')).toEqual({ key: 'currency.rates.EUR', area: 'revenue', value: '1.08' });
    expect(rows.map((r) => r.key)).toEqual([...rows.map((r) => r.key)].sort());
  });

  it('hash the same settings the same, however the config is written, and any change differently', () => {
    const a = parseConfig({ sla: { response_minutes: 240, routing_minutes: 60 } });
    const b = parseConfig({ sla: { routing_minutes: 60, response_minutes: 240 } });
    const c = parseConfig({ sla: { routing_minutes: 60, response_minutes: 120 } });
    expect(definitionsHash(effectiveDefinitions(a))).toBe(definitionsHash(effectiveDefinitions(b)));
    expect(definitionsHash(effectiveDefinitions(a))).not.toBe(definitionsHash(effectiveDefinitions(c)));
    expect(definitionsHash(effectiveDefinitions(a))).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('history retention', () => {
  it('keeps the last nights and every publishing night; never touches nights after tonight', () => {
    const nights = ['2026-10-06', '2026-11-05', '2026-11-06', '2026-12-05', '2026-12-06', '2026-12-07', '2026-12-08'];
    // keep 2: 7 and 8 December; publishing nights 6 October (September), 6 November (October), 7 December (November).
    expect(nightsToRemove(nights, '2026-12-08', 2, ['2026-10-06', '2026-11-06', '2026-12-07'])).toEqual(['2026-11-05', '2026-12-05', '2026-12-06']);
    // A run as of 6 December into the same history leaves 7 and 8 December alone.
    expect(nightsToRemove(nights, '2026-12-06', 2, [])).toEqual(['2026-10-06', '2026-11-05', '2026-11-06']);
  });

  it('keeps definitions only for the nights they changed', () => {
    expect(repeatedDefinitionNights([
      { night: '2026-12-08', hash: 'b' }, { night: '2026-12-06', hash: 'a' }, { night: '2026-12-07', hash: 'a' }, { night: '2026-12-09', hash: 'a' },
    ])).toEqual(['2026-12-07']);
  });

  it('keeps records for the months back from the as-of month', () => {
    expect(firstKeptMonth('2026-12-09', 24)).toBe('2024-12-01');
    expect(firstKeptMonth('2026-01-31', 1)).toBe('2025-12-01');
  });

  it('lists restatements for the last restatement_days days, tonight included', () => {
    // 90 days back from 9 December 2026, counting 9 December itself: from 11 September.
    expect(firstListedDay('2026-12-09', 90)).toBe('2026-09-11');
    expect(firstListedDay('2026-12-09', 1)).toBe('2026-12-09');
    expect(expiredRestatementNights(['2026-09-10', '2026-09-11', '2026-12-08', '2026-12-09'], '2026-12-09', 90)).toEqual(['2026-09-10']);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { readMart, runFixtureNight } from '../helpers/night.ts';

// Fixture sla-week: a handful of leads around the weekend of Fri 2026-11-20, judged as of
// Mon 2026-11-23 16:00 UTC. Company calendar Mon–Fri 09:00–17:00; Una works in UTC, Ned in
// America/New_York (UTC-5 in November). Every expected value below was worked out by hand.
const AS_OF = '2026-11-23T16:00:00Z';
const A = '00Q0000000000A1AAA';
const B = '00Q0000000000B1AAA';
const C = '00Q0000000000C1AAA';
const D = '00Q0000000000D1AAA';
const E = '00Q0000000000E1AAA';
const F = '00Q0000000000F1AAA';
const G = '00Q0000000000G1AAA';

describe('follow-up SLAs in business time', () => {
  let leads: Map<string, Record<string, unknown>>;
  let compliance: Array<Record<string, unknown>>;

  beforeAll(async () => {
    const night = await runFixtureNight('sla-week', {}, AS_OF);
    leads = new Map((await readMart(night.outDir, 'leads', 'person_id')).map((row) => [row['person_id'] as string, row]));
    compliance = await readMart(night.outDir, 'sla_compliance', 'month, sla, owner_name');
  });

  it('drops the deleted lead and keeps the other seven', () => {
    expect([...leads.keys()]).toEqual([A, B, C, D, E, F, G]);
  });

  it('hands off Friday 16:30 with a 4-hour SLA due Monday 12:30; a Monday 10:00 call is met in 90 business minutes', () => {
    // MQL Fri 16:00 (history), routed from the queue to Una at 16:30: routing took 30 business minutes.
    // Response: Fri 16:30→17:00 = 30 min, Mon 09:00→10:00 = 60 min → 90 ≤ 240: met.
    const a = leads.get(A)!;
    expect(a['mql_at']).toBe('2026-11-20 16:00:00');
    expect(a['handoff_at']).toBe('2026-11-20 16:30:00');
    expect(a['routing_sla_business_minutes']).toBe(30);
    expect(a['routing_sla_status']).toBe('met');
    expect(a['first_sales_touch_at']).toBe('2026-11-23 10:00:00');
    expect(a['response_sla_business_minutes']).toBe(90);
    expect(a['response_sla_due_at']).toBe('2026-11-23 12:30:00');
    expect(a['response_sla_status']).toBe('met');
    // Disposition: accepted (Working - Contacted) Mon 10:05 → 30 + 65 = 95 business minutes.
    expect(a['sal_at']).toBe('2026-11-23 10:05:00');
    expect(a['disposition_sla_business_minutes']).toBe(95);
    expect(a['disposition_sla_status']).toBe('met');
  });

  it('marks a first touch after the deadline late: Fri 16:30 → Mon 13:00 is 270 business minutes', () => {
    const b = leads.get(B)!;
    expect(b['response_sla_business_minutes']).toBe(270);
    expect(b['response_sla_status']).toBe('late');
    // Not yet accepted: 30 + 420 = 450 of 960 business minutes used, still pending.
    expect(b['disposition_sla_business_minutes']).toBe(450);
    expect(b['disposition_sla_status']).toBe('pending');
  });

  it('ignores open tasks, marketing users and due dates: an untouched lead from Thursday is breached', () => {
    // Thu 09:00 handoff; due Thu 13:00. As of Mon 16:00: 480 + 480 + 420 = 1380 business minutes.
    const c = leads.get(C)!;
    expect(c['first_sales_touch_at']).toBeNull();
    expect(c['response_sla_due_at']).toBe('2026-11-19 13:00:00');
    expect(c['response_sla_business_minutes']).toBe(1380);
    expect(c['response_sla_status']).toBe('breached');
  });

  it('keeps a lead whose deadline is still ahead pending, due exactly at closing time', () => {
    // Mon 13:00 + 240 business minutes = Mon 17:00; 180 minutes used by 16:00.
    const d = leads.get(D)!;
    expect(d['response_sla_due_at']).toBe('2026-11-23 17:00:00');
    expect(d['response_sla_business_minutes']).toBe(180);
    expect(d['response_sla_status']).toBe('pending');
  });

  it("runs the clock in the owner's time zone", () => {
    // Fri 21:00 UTC = 16:00 in New York; Mon 15:00 UTC = 10:00 there: 60 + 60 = 120 minutes.
    // Due: 60 on Friday + 180 on Monday → Mon 12:00 New York = 17:00 UTC.
    const e = leads.get(E)!;
    expect(e['response_sla_business_minutes']).toBe(120);
    expect(e['response_sla_due_at']).toBe('2026-11-23 17:00:00');
    expect(e['response_sla_status']).toBe('met');
  });

  it('never hands off a lead that was never an MQL', () => {
    const f = leads.get(F)!;
    expect(f['mql_at']).toBeNull();
    expect(f['handoff_at']).toBeNull();
    expect(f['response_sla_status']).toBeNull();
  });

  it('dates a converted lead without history: SQL at conversion (observed), MQL and SAL at creation (inferred)', () => {
    const g = leads.get(G)!;
    expect(g['sql_at']).toBe('2026-10-20 00:00:00');
    expect(g['is_sql_inferred']).toBe(false);
    expect(g['mql_at']).toBe('2026-10-01 09:00:00');
    expect(g['is_mql_inferred']).toBe(true);
    expect(g['sal_at']).toBe('2026-10-01 09:00:00');
    expect(g['is_sal_inferred']).toBe(true);
    // Never touched: Oct 1 09:00 → Nov 23 16:00 is 22 + 15 working days of 480 minutes, plus 420.
    expect(g['response_sla_business_minutes']).toBe(22 * 480 + 15 * 480 + 420);
    expect(g['response_sla_status']).toBe('breached');
  });

  it('reports compliance per owner as met / (met + late + breached), pending left out', () => {
    const una = compliance.find((r) => r['month'] === '2026-11-01' && r['sla'] === 'response' && r['owner_name'] === 'Una East')!;
    // A met, B late, C breached, D pending.
    expect(una).toMatchObject({ handed_off: '4', met: 1, late: 1, breached: 1, pending: 1, team: 'SDR East' });
    expect(una['compliance']).toBeCloseTo(1 / 3, 10);
    // Median of the done ones: (90 + 270) / 2.
    expect(una['median_business_minutes']).toBe(180);
    const ned = compliance.find((r) => r['month'] === '2026-11-01' && r['sla'] === 'response' && r['owner_name'] === 'Ned York')!;
    expect(ned).toMatchObject({ met: 1, compliance: 1, median_business_minutes: 120 });
  });
});

describe('a holiday stops the clock', () => {
  it('moves the Friday 16:30 deadline from Monday 12:30 to Tuesday 12:30 when Monday is a holiday', async () => {
    const night = await runFixtureNight('sla-week', { calendar: { holidays: ['2026-11-23'] } }, AS_OF);
    const a = (await readMart(night.outDir, 'leads', 'person_id')).find((row) => row['person_id'] === A)!;
    expect(a['response_sla_due_at']).toBe('2026-11-24 12:30:00');
    // The Monday call lands on the holiday: only Friday's 30 minutes count.
    expect(a['response_sla_business_minutes']).toBe(30);
    expect(a['response_sla_status']).toBe('met');
  });
});

describe('funnel_monthly (period view)', () => {
  it('counts people reaching each stage in the month, by source category', async () => {
    const night = await runFixtureNight('sla-week', {}, AS_OF);
    const rows = await readMart(night.outDir, 'funnel_monthly', 'month, source_category');
    const pick = (r: Record<string, unknown>) => [r['month'], r['source_category'], r['inquiries'], r['mqls'], r['sals'], r['sqls']].map(String);
    expect(rows.map(pick)).toEqual([
      // October: F (Email) only inquired; G (Cold Call) inquired, MQL and SAL inferred, SQL at conversion.
      ['2026-10-01', 'marketing', '1', '0', '0', '0'],
      ['2026-10-01', 'sales', '1', '1', '1', '1'],
      // November: A, B, C, E (Web, Webinar, Trade Show, Web) all MQL; only A accepted. D is a partner referral.
      ['2026-11-01', 'marketing', '4', '4', '1', '0'],
      ['2026-11-01', 'partner', '1', '1', '0', '0'],
    ]);
  });
});

describe('SLA targets per segment, source or partner', () => {
  it('applies the most specific override: a 1-hour response target for partner-sourced leads', async () => {
    const config = { sla: { overrides: [{ sla: 'response', minutes: 120 }, { sla: 'response', source_category: 'partner', minutes: 60 }] } };
    const night = await runFixtureNight('sla-week', config, AS_OF);
    const leads = new Map((await readMart(night.outDir, 'leads', 'person_id')).map((row) => [row['person_id'] as string, row]));
    // D is a partner referral handed off Mon 13:00: due 14:00, and by 16:00 (180 minutes) breached.
    expect(leads.get(D)).toMatchObject({ response_sla_due_at: '2026-11-23 14:00:00', response_sla_status: 'breached' });
    // A (Web) takes the catch-all 120-minute override: Fri 16:30 + 30 min + Mon 90 min → due Mon 10:30; touched 10:00, met.
    expect(leads.get(A)).toMatchObject({ response_sla_due_at: '2026-11-23 10:30:00', response_sla_status: 'met' });
  });
});

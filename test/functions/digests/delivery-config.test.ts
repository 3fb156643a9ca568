// The delivery section of the config: defaults, and every mistake named with its key and the fix.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/core/config.ts';
import { planDeliveries, weekdayIn } from '../../../functions/digests/deliver.ts';
import type { DigestEntry, DigestIndex } from '../../../functions/digests/write.ts';

describe('delivery config', () => {
  it('sends nothing by default: leadership and marketing weekly on Monday, no recipient anywhere', () => {
    expect(parseConfig({}).delivery).toEqual({
      retries: 3,
      retry_delay_seconds: 2,
      leadership: { schedule: 'weekly', weekday: 'monday', email: [], slack: [] },
      marketing: { schedule: 'weekly', weekday: 'monday', email: [], slack: [] },
      sales_managers: {},
      reps: {},
    });
  });

  it('names a bad address, a misspelt key, a webhook URL in the config and a missing sender at once', () => {
    const problems = (() => {
      try {
        parseConfig({ delivery: { leadership: { email: ['ceo'] }, sales_managers: { 'SDR East': { slak: ['x'] } }, marketing: { slack: ['https://hooks.slack.com/services/T/B/X'] } } });
        return [];
      } catch (error) {
        return (error as Error).message.split('\n').slice(1).map((line) => line.trim()).sort();
      }
    })();
    expect(problems).toEqual([
      'delivery.from: is needed to send digest emails; add "from": "Handoff <handoff@example.com>"',
      'delivery.leadership.email.0: "ceo" is not an email address',
      'delivery.marketing.slack.0: a webhook name in letters, digits and _ (its URL goes in the environment variable HANDOFF_SLACK_WEBHOOK_<NAME>)',
      'delivery.sales_managers.SDR East.slak: unknown key; did you mean "slack"? valid keys here: schedule, weekday, email, slack',
    ]);
  });

  it('refuses a weekday that is not one', () => {
    expect(() => parseConfig({ delivery: { leadership: { schedule: 'weekly', weekday: 'mondey' } } })).toThrow(/delivery\.leadership\.weekday: .*did you mean "monday"/);
  });
});

describe('what is due', () => {
  const entry = (key: string, audience: DigestEntry['audience'], more: Partial<DigestEntry> = {}): DigestEntry => ({
    key, audience, team: null, rep_id: null, rep_name: null, rep_crm_email: null, subject: key, files: { text: `${key}.txt`, html: `${key}.html`, slack: `${key}.slack.json` }, ...more,
  });
  const index: DigestIndex = {
    as_of: '2026-11-23T16:00:00Z',
    company: 'Acme',
    digests: [entry('leadership', 'leadership'), entry('marketing', 'marketing'), entry('sales-manager-east', 'sales-manager', { team: 'East' }), entry('rep-una', 'rep', { rep_id: 'U1', rep_crm_email: 'una@example.com' })],
  };

  it('reads the weekday in the company time zone: Monday 23:30 UTC is already Tuesday in Berlin', () => {
    expect(weekdayIn(new Date('2026-11-23T23:30:00Z'), 'UTC')).toBe('monday');
    expect(weekdayIn(new Date('2026-11-23T23:30:00Z'), 'Europe/Berlin')).toBe('tuesday');
  });

  it('sends daily digests every day and weekly ones on their day; a rep without config email gets the CRM address', () => {
    const delivery = parseConfig({ delivery: { from: 'h@example.com', leadership: { email: ['ceo@example.com'] }, marketing: { weekday: 'tuesday', slack: ['mkt'] }, sales_managers: { East: { email: ['m@example.com'] } }, reps: { U1: {} } } }).delivery;
    const monday = planDeliveries(index, delivery, 'monday');
    expect(monday.targets.map((t) => `${t.digest.key} ${t.channel} ${t.recipient}`)).toEqual(['leadership email ceo@example.com', 'sales-manager-east email m@example.com', 'rep-una email una@example.com']);
    expect(monday.outcomes).toEqual([{ digest: 'marketing', channel: null, recipient: null, status: 'not due', attempts: 0, detail: 'weekly on tuesday; today is monday' }]);
    const late = planDeliveries(index, parseConfig({ delivery: { from: 'h@example.com', reps: { U9: { email: ['new@example.com'] } } } }).delivery, 'monday');
    expect(late.targets).toEqual([]);
    expect(late.outcomes[0]!.detail).toMatch(/^no digest for rep U9 tonight: .*added to delivery\.reps after the night ran/);
    const tuesday = planDeliveries(index, delivery, 'tuesday');
    expect(tuesday.targets.map((t) => `${t.digest.key} ${t.channel} ${t.recipient}`)).toEqual(['marketing slack mkt', 'sales-manager-east email m@example.com', 'rep-una email una@example.com']);
  });
});

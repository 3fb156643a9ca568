// Delivery end to end: a night on the hand-worked fixture week writes the digests, `handoff deliver` sends them to a
// real SMTP server and a Slack-shaped endpoint on 127.0.0.1, once per night and recipient, and a refusing server
// costs only its own messages.
//
// Fixture digest-week (the sla-week leads, plus an Email column in User.csv: Una East has one, Ned York none), as of
// Mon 2026-11-23 16:00 UTC, calendar Mon–Fri 09:00–17:00 UTC. Breaching right now, worked by hand: only lead C
// (Una East, SDR East), handed off Thu 19 Nov 09:00, response due 13:00; business time since handoff
// 480 + 480 + 420 = 1,380 min, so 1,380 − 240 = 1,140 min = 19 h past the response target (and 420 past the
// 960-minute disposition target); due Thu 13:00 to Mon 16:00 is 99 calendar hours, shown as 4 days. Ned's only lead
// (E) was met: SDR West has nothing breaching.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/core/config.ts';
import { deliverFromFolder, LEDGER_FILE } from '../../../functions/digests/local.ts';
import { main } from '../../../functions/cli.ts';
import { OutputLockedError } from '../../../functions/core/errors.ts';
import { claimOutFolder } from '../../../functions/night/out-folder.ts';
import { readMart, runFixtureNight } from '../../helpers/night.ts';
import { startSlackEndpoint, startSmtpServer, type SlackTestEndpoint, type SmtpTestServer } from '../../helpers/delivery-servers.ts';

const AS_OF = '2026-11-23T16:00:00Z';
const MONDAY_EVENING = new Date('2026-11-23T18:00:00Z');
const UNA = '005000000000U01AAA';
const NED = '005000000000U02AAA';

let smtp: SmtpTestServer;
let slack: SlackTestEndpoint;
let outDir: string;

function delivery(overrides: Record<string, unknown> = {}) {
  return {
    site_url: 'https://reports.example.com',
    from: 'Handoff <handoff@example.com>',
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false },
    retries: 2,
    retry_delay_seconds: 0,
    leadership: { schedule: 'weekly', weekday: 'monday', email: ['ceo@example.com'] },
    marketing: { schedule: 'weekly', weekday: 'friday', email: ['cmo@example.com'], slack: ['marketing'] },
    sales_managers: {
      'SDR East': { email: ['east.manager@example.com'], slack: ['sales_east'] },
      'SDR West': { slack: ['sales_west'] },
      'Ghost Team': { email: ['ghost@example.com'] },
    },
    reps: { [UNA]: {}, [NED]: {} },
    ...overrides,
  };
}

const env = () => ({
  HANDOFF_SLACK_WEBHOOK_SALES_EAST: slack.url('east'),
  HANDOFF_SLACK_WEBHOOK_SALES_WEST: slack.url('west'),
  HANDOFF_SLACK_WEBHOOK_MARKETING: slack.url('marketing'),
  HANDOFF_SLACK_WEBHOOK_LEADERS: slack.url('leaders'),
  HANDOFF_SLACK_WEBHOOK_BOARD: slack.url('board'),
});

function hashOf(dir: string): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort()) hash.update(file).update(readFileSync(file));
  return hash.digest('hex');
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  slack = await startSlackEndpoint();
  const night = await runFixtureNight('digest-week', { delivery: delivery() }, AS_OF);
  outDir = night.outDir;
}, 120_000);

afterAll(async () => {
  await smtp?.close();
  await slack?.close();
});

afterEach(() => {
  smtp.refuse(0, 451);
  slack.fail(0, 500);
});

describe('handoff deliver', () => {
  it('prints what would be sent to whom on --dry-run, and sends nothing', async () => {
    const outcomes = await deliverFromFolder({ outDir, config: parseConfig({ delivery: delivery() }), env: env(), dryRun: true, now: MONDAY_EVENING });
    expect(outcomes.filter((o) => o.status === 'would send').map((o) => `${o.channel} ${o.recipient}`).sort()).toEqual([
      'email ceo@example.com', 'email east.manager@example.com', 'email una.east@example.com', 'slack sales_east', 'slack sales_west',
    ]);
    expect(smtp.received).toHaveLength(0);
    expect(slack.requests).toBe(0);
    expect(existsSync(join(outDir, LEDGER_FILE))).toBe(false);
  });

  it('sends each due digest to its recipients, with the numbers and breach rows of the marts', async () => {
    const leads = await readMart(outDir, 'leads', 'person_id');
    const breachingEast = leads.filter((l) => l['team'] === 'SDR East' && (l['response_sla_status'] === 'breached' || l['disposition_sla_status'] === 'breached') && l['sal_at'] === null && l['sql_at'] === null && l['rejected_at'] === null).map((l) => l['lead_id']);
    expect(breachingEast).toEqual(['00Q0000000000C1AAA']);

    const outcomes = await deliverFromFolder({ outDir, config: parseConfig({ delivery: delivery() }), env: env(), now: MONDAY_EVENING });
    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(5);
    // Marketing is weekly on Friday; Ghost Team has no owner in the data; Ned has no address anywhere.
    expect(outcomes.find((o) => o.digest === 'marketing')!.status).toBe('not due');
    expect(outcomes.find((o) => o.digest === 'team Ghost Team')!.status).toBe('skipped');
    expect(outcomes.find((o) => o.digest.startsWith('rep-ned-york'))!.detail).toMatch(new RegExp(`add delivery.reps.${NED}.email`));

    const bySubject = new Map(smtp.received.map((m) => [m.mail.subject, m]));
    expect([...bySubject.keys()].sort()).toEqual(['SDR East: 1 lead breaching an SLA now', 'Una East: 1 lead past an SLA deadline', 'Your company scorecard: too few to judge for October 2026']);
    const east = bySubject.get('SDR East: 1 lead breaching an SLA now')!;
    expect(east.to).toEqual(['east.manager@example.com']);
    expect(east.mail.from!.value).toEqual([{ address: 'handoff@example.com', name: 'Handoff' }]);
    expect(east.mail.text).toContain('- Open leads breaching an SLA now: 1 ');
    expect(east.mail.text).toContain(`- ${breachingEast[0]} · Cy Breach · Gamma · Una East · Response, Disposition · 19 Nov 2026 09:00 UTC · 19 Nov 2026 13:00 UTC · 19 h · 4 days`);
    expect(east.mail.html).toContain('<td style="padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top">19 h</td>');
    expect(east.mail.html).not.toMatch(/<script|<img/i);
    // The rep's address came from the CRM user export; the rep's message holds only the rep's lead.
    // The site's own list of open breaches (the follow-up page's rows) holds the same lead for SDR East, and only it.
    const siteBreaches = JSON.parse(readFileSync(join(outDir, 'site-data', 'breaches.json'), 'utf8')) as Array<{ team: string; lead_id: string }>;
    expect(siteBreaches.filter((b) => b.team === 'SDR East').map((b) => b.lead_id)).toEqual(breachingEast);
    // Leadership's numbers are the marts': October's MQLs (sales 1 + marketing 0) and response (0 met of the 1 due).
    const october = (await readMart(outDir, 'funnel_monthly', 'source_category')).filter((r) => String(r['month']).startsWith('2026-10'));
    expect(october.reduce((n, r) => n + Number(r['mqls']), 0)).toBe(1);
    const response = (await readMart(outDir, 'sla_compliance', 'owner_id')).filter((r) => String(r['month']).startsWith('2026-10') && r['sla'] === 'response');
    expect(response.map((r) => [r['met'], r['breached']])).toEqual([[0, 1]]);
    const leadership = bySubject.get('Your company scorecard: too few to judge for October 2026')!;
    expect(leadership.to).toEqual(['ceo@example.com']);
    expect(leadership.mail.text).toContain('- MQLs, October: 1 (target: none set;');
    expect(leadership.mail.text).toContain('- Response in time, October: 0% of 1 (target: 90% within 4 business hours;');
    const una = bySubject.get('Una East: 1 lead past an SLA deadline')!;
    expect(una.to).toEqual(['una.east@example.com']);
    expect(una.mail.text).toContain('https://reports.example.com/follow-up/reps/una-east-');

    const posts = new Map(slack.received.map((r) => [r.path, r.body]));
    expect([...posts.keys()].sort()).toEqual(['/services/east', '/services/west']);
    expect(posts.get('/services/east')!.text).toBe('SDR East: 1 lead breaching an SLA now');
    expect(JSON.stringify(posts.get('/services/east')!.blocks)).toContain('00Q0000000000C1AAA');
    expect(posts.get('/services/west')!.text).toBe('SDR West: no leads breaching an SLA now');
  });

  it('does not send twice on a rerun of the same night', async () => {
    const mails = smtp.received.length;
    const posts = slack.received.length;
    const outcomes = await deliverFromFolder({ outDir, config: parseConfig({ delivery: delivery() }), env: env(), now: MONDAY_EVENING });
    expect(outcomes.filter((o) => o.status === 'already sent')).toHaveLength(5);
    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(0);
    expect(smtp.received).toHaveLength(mails);
    expect(slack.received).toHaveLength(posts);
  });

  it('retries a busy SMTP server and a rate-limited webhook, and sends once they answer', async () => {
    const config = parseConfig({ delivery: delivery({ leadership: { schedule: 'daily', email: ['coo@example.com'], slack: ['leaders'] }, marketing: {}, sales_managers: {}, reps: {} }) });
    smtp.refuse(2, 451);
    slack.fail(1, 429);
    const outcomes = await deliverFromFolder({ outDir, config, env: env(), now: MONDAY_EVENING });
    expect(outcomes.map((o) => [o.recipient, o.status, o.attempts])).toEqual([['coo@example.com', 'sent', 3], ['leaders', 'sent', 2]]);
    expect(smtp.received.filter((m) => m.to.includes('coo@example.com'))).toHaveLength(1);
  });

  it('contains a refusing server: each failure is reported, the other messages go out, the marts stay as they were', async () => {
    const config = { delivery: delivery({ leadership: { schedule: 'daily', email: ['cfo@example.com', 'cro@example.com'], slack: ['board'] }, marketing: {}, sales_managers: {}, reps: {} }) };
    const before = hashOf(join(outDir, 'marts'));
    // 550 is final: no retry. The webhook answers 500 on all 3 attempts (1 + 2 retries).
    smtp.refuse(1, 550);
    slack.fail(3, 500);
    const requests = slack.requests;
    const outcomes = await deliverFromFolder({ outDir, config: parseConfig(config), env: env(), now: MONDAY_EVENING });
    expect(outcomes.map((o) => [o.recipient, o.status, o.attempts])).toEqual([['cfo@example.com', 'failed', 1], ['cro@example.com', 'sent', 1], ['board', 'failed', 3]]);
    expect(outcomes[0]!.detail).toMatch(/550/);
    expect(outcomes[2]!.detail).toMatch(/answered 500/);
    expect(slack.requests - requests).toBe(3);
    expect(hashOf(join(outDir, 'marts'))).toBe(before);
    const ledger = readFileSync(join(outDir, LEDGER_FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { recipient: string; status: string });
    expect(ledger.filter((e) => e.recipient === 'cfo@example.com').map((e) => e.status)).toEqual(['failed']);
  });

  it('exits 1 from the CLI when a message failed, and 0 on the rerun once everything went out', async () => {
    const file = join(outDir, '..', `${outDir.split('/').pop()}-config.json`);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify({ delivery: delivery({ leadership: { schedule: 'daily', email: ['board@example.com'] }, marketing: {}, sales_managers: {}, reps: {} }) }));
    smtp.refuse(1, 550);
    expect(await main(['deliver', '--out', outDir, '--config', file])).toBe(1);
    expect(await main(['deliver', '--out', outDir, '--config', file])).toBe(0);
    expect(smtp.received.filter((m) => m.to.includes('board@example.com'))).toHaveLength(1);
  });

  it('takes the output folder\'s lock: never while a night runs there, and no night starts while it sends', async () => {
    const config = parseConfig({ delivery: delivery({ leadership: { schedule: 'daily', email: ['cmo.lock@example.com'] }, marketing: {}, sales_managers: {}, reps: {} }) });
    const received = smtp.received.length;
    // A night holds the folder: the delivery is refused before it reads or sends anything.
    const night = claimOutFolder(outDir);
    try {
      expect(() => deliverFromFolder({ outDir, config, env: env(), now: MONDAY_EVENING })).toThrow(OutputLockedError);
      expect(() => deliverFromFolder({ outDir, config, env: env(), now: MONDAY_EVENING })).toThrow(/is in use by another night: pid /);
    } finally {
      night.release();
    }
    expect(smtp.received).toHaveLength(received);

    // A delivery holds the folder from the call until its last message: a night started meanwhile is refused.
    const delivering = deliverFromFolder({ outDir, config, env: env(), now: MONDAY_EVENING });
    expect(() => claimOutFolder(outDir)).toThrow(/is in use by another delivery: pid /);
    expect((await delivering).map((o) => [o.recipient, o.status])).toEqual([['cmo.lock@example.com', 'sent']]);
    expect(smtp.received).toHaveLength(received + 1);
    claimOutFolder(outDir).release();
  });
});

// Sends what is due tonight: each configured recipient gets its audience's digest by email or Slack, retried with
// a bounded backoff, remembered in the ledger, and reported one line per recipient. A failure never throws out of
// here: the night's data is already written and stays as it is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { slackWebhookVariable, WEEKDAYS, type DeliveryConfig, type Recipients } from '../core/delivery-config.ts';
import type { Ledger } from './ledger.ts';
import { DeliveryFailure, type EmailSender, type OutgoingMessage, type SlackSender } from './transports.ts';
import type { DigestEntry, DigestIndex } from './write.ts';

/** One message to send: a digest, a channel and a recipient (an address, or a Slack webhook's name). */
export interface Target {
  digest: DigestEntry;
  channel: 'email' | 'slack';
  recipient: string;
}

/** What happened to one target. */
export interface Outcome {
  digest: string;
  channel: 'email' | 'slack' | null;
  recipient: string | null;
  status: 'sent' | 'already sent' | 'would send' | 'failed' | 'not due' | 'skipped';
  attempts: number;
  detail?: string;
}

/** Everything delivery needs, resolved by the CLI or the Lambda. */
export interface DeliverOptions {
  index: DigestIndex;
  /** Reads a digest's three renderings. */
  read: (entry: DigestEntry) => OutgoingMessage;
  delivery: DeliveryConfig;
  /** The company calendar's time zone: a weekly digest goes out when it is its weekday there. */
  timeZone: string;
  now: Date;
  /** The email sender, or why email cannot be sent from here (no SMTP server configured). */
  email: EmailSender | { unavailable: string };
  slack: SlackSender;
  /** Slack webhook URLs by the variable that holds them (HANDOFF_SLACK_WEBHOOK_<NAME>). */
  webhooks: Record<string, string | undefined>;
  ledger: Ledger;
  dryRun?: boolean;
  sleep?: (ms: number) => Promise<void>;
}

/** The weekday of a time in a time zone, as the config spells it. */
export function weekdayIn(now: Date, timeZone: string): (typeof WEEKDAYS)[number] {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long' }).format(now).toLowerCase();
  return WEEKDAYS.find((d) => d === name) ?? 'monday';
}

function isDue(r: Recipients, today: string): boolean {
  return r.schedule === 'daily' || r.weekday === today;
}

/** Who gets which digest tonight, from the config and the digests the night wrote; what cannot be sent is said why. */
export function planDeliveries(index: DigestIndex, delivery: DeliveryConfig, today: string): { targets: Target[]; outcomes: Outcome[] } {
  const targets: Target[] = [];
  const outcomes: Outcome[] = [];
  const add = (digest: DigestEntry | undefined, r: Recipients, what: string, emails: string[] = r.email, missing = 'it has no owner in the data') => {
    if (!digest) {
      if (emails.length || r.slack.length) outcomes.push({ digest: what, channel: null, recipient: null, status: 'skipped', attempts: 0, detail: `no digest for ${what} tonight: ${missing}` });
      return;
    }
    if (!isDue(r, today)) {
      if (emails.length || r.slack.length) outcomes.push({ digest: digest.key, channel: null, recipient: null, status: 'not due', attempts: 0, detail: `weekly on ${r.weekday}; today is ${today}` });
      return;
    }
    for (const to of emails) targets.push({ digest, channel: 'email', recipient: to });
    for (const name of r.slack) targets.push({ digest, channel: 'slack', recipient: name });
  };
  const byKey = (pick: (d: DigestEntry) => boolean) => index.digests.find(pick);
  add(byKey((d) => d.audience === 'leadership'), delivery.leadership, 'leadership');
  add(byKey((d) => d.audience === 'marketing'), delivery.marketing, 'marketing');
  for (const [team, r] of Object.entries(delivery.sales_managers)) add(byKey((d) => d.audience === 'sales-manager' && d.team === team), r, `team ${team}`);
  for (const [repId, r] of Object.entries(delivery.reps)) {
    const digest = byKey((d) => d.audience === 'rep' && d.rep_id === repId);
    const emails = r.email.length ? r.email : digest?.rep_crm_email ? [digest.rep_crm_email] : [];
    if (digest && emails.length === 0 && r.slack.length === 0) {
      outcomes.push({ digest: digest.key, channel: 'email', recipient: null, status: 'skipped', attempts: 0, detail: `no address for rep ${repId}: add delivery.reps.${repId}.email, or fill Email in the CRM user export` });
      continue;
    }
    add(digest, { ...r, email: emails }, `rep ${repId}`, emails,
      'no owner has this CRM user id in the data, or the rep was added to delivery.reps after the night ran (the night writes rep digests)');
  }
  return { targets, outcomes };
}

/** Sends every due digest once per night and recipient; returns one outcome per recipient (and per skipped or not-due digest). */
export async function deliverDigests(options: DeliverOptions): Promise<Outcome[]> {
  const { index, delivery, ledger } = options;
  const plan = planDeliveries(index, delivery, weekdayIn(options.now, options.timeZone));
  const outcomes = [...plan.outcomes];
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  for (const target of plan.targets) {
    const base = { digest: target.digest.key, channel: target.channel, recipient: target.recipient };
    if (ledger.wasSent(index.as_of, target.digest.key, target.channel, target.recipient)) {
      outcomes.push({ ...base, status: 'already sent', attempts: 0 });
      continue;
    }
    if (options.dryRun) {
      outcomes.push({ ...base, status: 'would send', attempts: 0, detail: target.digest.subject });
      continue;
    }
    const outcome = await sendWithRetries(target, options, sleep);
    outcomes.push(outcome);
    await ledger.record({
      night: index.as_of,
      digest: target.digest.key,
      channel: target.channel,
      recipient: target.recipient,
      status: outcome.status === 'sent' ? 'sent' : 'failed',
      attempts: outcome.attempts,
      at: new Date().toISOString(),
      ...(outcome.detail ? { error: outcome.detail } : {}),
    });
  }
  return outcomes;
}

async function sendWithRetries(target: Target, options: DeliverOptions, sleep: (ms: number) => Promise<void>): Promise<Outcome> {
  const base = { digest: target.digest.key, channel: target.channel, recipient: target.recipient };
  const send = sender(target, options);
  if (typeof send === 'string') return { ...base, status: 'failed', attempts: 0, detail: send };
  const message = options.read(target.digest);
  const attempts = 1 + options.delivery.retries;
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await send(message);
      return { ...base, status: 'sent', attempts: attempt };
    } catch (error) {
      const failure = error instanceof DeliveryFailure ? error : new DeliveryFailure((error as Error).message, true);
      last = failure.message;
      if (!failure.retryable || attempt === attempts) return { ...base, status: 'failed', attempts: attempt, detail: last };
      const backoff = options.delivery.retry_delay_seconds * 1000 * 2 ** (attempt - 1);
      await sleep(Math.min(60_000, Math.max(backoff, (failure.retryAfterSeconds ?? 0) * 1000)));
    }
  }
  return { ...base, status: 'failed', attempts, detail: last };
}

// The function that sends to this target, or why it cannot be sent from here.
function sender(target: Target, options: DeliverOptions): ((m: OutgoingMessage) => Promise<void>) | string {
  if (target.channel === 'email') {
    const email = options.email;
    return 'unavailable' in email ? email.unavailable : (m) => email.send(target.recipient, m);
  }
  const variable = slackWebhookVariable(target.recipient);
  const url = options.webhooks[variable];
  if (!url) return `${variable} is not set; set it to the Slack incoming webhook's URL (never put the URL in the config file)`;
  return (m) => options.slack.send(url, m);
}

/** Reads a digest's three renderings from a digests folder. */
export function readFromFolder(dir: string): (entry: DigestEntry) => OutgoingMessage {
  return (entry) => ({
    subject: entry.subject,
    text: readFileSync(join(dir, entry.files.text), 'utf8'),
    html: readFileSync(join(dir, entry.files.html), 'utf8'),
    slack: JSON.parse(readFileSync(join(dir, entry.files.slack), 'utf8')) as OutgoingMessage['slack'],
  });
}

/** One report line per outcome, for the terminal and the Lambda's log. */
export function outcomeLine(o: Outcome): string {
  const who = o.recipient ? `${o.channel} ${o.recipient}` : (o.channel ?? '');
  const tries = o.attempts > 1 ? ` after ${o.attempts} attempts` : '';
  return `${o.status.padEnd(12)} ${o.digest}${who ? ` → ${who}` : ''}${tries}${o.detail ? `: ${o.detail}` : ''}`;
}

// The `delivery` section of the config: who gets which digest, when, and from which sender. Addresses and Slack
// webhook names only; webhook URLs and SMTP passwords come from the environment, never from the config file.
import { z } from 'zod';

/** Days a weekly digest can go out on, as the config spells them. */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A Slack webhook's name: its URL is read from HANDOFF_SLACK_WEBHOOK_<NAME> (upper case). */
const slackName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a webhook name in letters, digits and _ (its URL goes in the environment variable HANDOFF_SLACK_WEBHOOK_<NAME>)');
const email = z.email({ error: (issue) => `"${String(issue.input)}" is not an email address` });

const scheduled = (every: 'daily' | 'weekly') => ({
  /** daily: every night; weekly: on `weekday` only (in the company calendar's time zone). */
  schedule: z.enum(['daily', 'weekly']).default(every),
  weekday: z.enum(WEEKDAYS).default('monday'),
  email: z.array(email).default([]),
  slack: z.array(slackName).default([]),
});

const audienceSchema = (every: 'daily' | 'weekly') => z.strictObject(scheduled(every)).prefault({});

/** The delivery section of the config (see README, "Digests"). */
export const deliverySchema = z
  .strictObject({
    /** The published site's address, so digests link into it, e.g. https://reports.example.com */
    site_url: z.url({ protocol: /^https?$/, error: 'must be the site\'s address, like "https://reports.example.com"' }).optional(),
    /** Sender of digest emails, e.g. "Handoff <handoff@example.com>" (in AWS: an SES verified identity). */
    from: z.string().regex(/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/, 'an address like "handoff@example.com" or "Handoff <handoff@example.com>"').optional(),
    /** The SMTP server `handoff deliver` sends through; user and password come from HANDOFF_SMTP_USER and HANDOFF_SMTP_PASSWORD. */
    smtp: z.strictObject({ host: z.string().min(1), port: z.number().int().min(1).max(65535).default(587), secure: z.boolean().default(false) }).optional(),
    /** Attempts per message after the first, with a doubling delay starting at retry_delay_seconds. */
    retries: z.number().int().min(0).max(8).default(3),
    retry_delay_seconds: z.number().min(0).max(60).default(2),
    leadership: audienceSchema('weekly'),
    marketing: audienceSchema('weekly'),
    /** Sales managers' daily lists, keyed by team name as the follow-up pages spell it. */
    sales_managers: z.record(z.string().min(1), z.strictObject(scheduled('daily'))).default({}),
    /** Reps who opted in to their own daily list, keyed by CRM user id; without `email`, the CRM user export's Email is used. */
    reps: z.record(z.string().min(1), z.strictObject({ ...scheduled('daily'), email: z.array(email).default([]) })).default({}),
  })
  .prefault({})
  .superRefine((delivery, ctx) => {
    const emails = [delivery.leadership, delivery.marketing, ...Object.values(delivery.sales_managers)].some((a) => a.email.length > 0) || Object.keys(delivery.reps).length > 0;
    if (emails && !delivery.from) ctx.addIssue({ code: 'custom', path: ['from'], message: 'is needed to send digest emails; add "from": "Handoff <handoff@example.com>"' });
  });

export type DeliveryConfig = z.infer<typeof deliverySchema>;
/** Who gets one audience's (or team's, or rep's) digest, and when. */
export type Recipients = { schedule: 'daily' | 'weekly'; weekday: Weekday; email: string[]; slack: string[] };

/** The environment variable holding a Slack webhook's URL. */
export function slackWebhookVariable(name: string): string {
  return `HANDOFF_SLACK_WEBHOOK_${name.toUpperCase()}`;
}

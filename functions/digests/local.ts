// `handoff deliver` on this machine: the night's digests from OUT/digests, SMTP from config and the environment,
// Slack webhooks from the environment, and the ledger in OUT/delivery.
import { join } from 'node:path';
import type { HandoffConfig } from '../core/config.ts';
import { deliverDigests, readFromFolder, type Outcome } from './deliver.ts';
import { fileLedger } from './ledger.ts';
import { smtpSender, webhookSender } from './transports.ts';
import { readDigestIndex } from './write.ts';

/** The ledger's place in the output folder. */
export const LEDGER_FILE = join('delivery', 'ledger.jsonl');

/** Sends what is due from an output folder; `env` supplies HANDOFF_SMTP_USER/PASSWORD and HANDOFF_SLACK_WEBHOOK_<NAME>. */
export async function deliverFromFolder(options: { outDir: string; config: HandoffConfig; env: Record<string, string | undefined>; dryRun?: boolean; now?: Date }): Promise<Outcome[]> {
  const { config, env } = options;
  const dir = join(options.outDir, 'digests');
  const index = readDigestIndex(dir);
  // Every message is read before the first is sent, so a night publishing new digests meanwhile cannot mix two nights.
  const read = readFromFolder(dir);
  const messages = new Map(index.digests.map((entry) => [entry.key, read(entry)]));
  const { smtp, from } = config.delivery;
  const email = smtp && from
    ? smtpSender({ ...smtp, ...(env.HANDOFF_SMTP_USER ? { user: env.HANDOFF_SMTP_USER, password: env.HANDOFF_SMTP_PASSWORD ?? '' } : {}) }, from)
    : { unavailable: 'delivery.smtp is not set; add "smtp": { "host": "smtp.example.com", "port": 587 } to the config' };
  try {
    return await deliverDigests({
      index,
      read: (entry) => messages.get(entry.key)!,
      delivery: config.delivery,
      timeZone: config.calendar.timezone,
      now: options.now ?? new Date(),
      email,
      slack: webhookSender(),
      webhooks: Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('HANDOFF_SLACK_WEBHOOK_'))),
      ledger: fileLedger(join(options.outDir, LEDGER_FILE)),
      dryRun: options.dryRun ?? false,
    });
  } finally {
    if ('close' in email) email.close();
  }
}

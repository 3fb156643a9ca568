// `handoff deliver` on this machine: the night's digests from OUT/digests, SMTP from config and the environment,
// Slack webhooks from the environment, and the ledger in OUT/delivery.
import { join } from 'node:path';
import type { HandoffConfig } from '../core/config.ts';
import { deliverDigests, readFromFolder, type Outcome } from './deliver.ts';
import { lockOutFolder } from '../night/out-folder.ts';
import { fileLedger } from './ledger.ts';
import { smtpSender, webhookSender } from './transports.ts';
import { readDigestIndex } from './write.ts';

/** The ledger's place in the output folder. */
export const LEDGER_FILE = join('delivery', 'ledger.jsonl');

/**
 * Sends what is due from an output folder; `env` supplies HANDOFF_SMTP_USER/PASSWORD and HANDOFF_SLACK_WEBHOOK_<NAME>.
 * Holds the folder's lock from the first read to the last ledger line, so a night never replaces the digests or the
 * ledger under a delivery, nor a delivery reads a night's half-published output.
 */
export function deliverFromFolder(options: { outDir: string; config: HandoffConfig; env: Record<string, string | undefined>; dryRun?: boolean; now?: Date }): Promise<Outcome[]> {
  // Taken before the first await: a night started after this call returns finds the folder locked.
  const lock = lockOutFolder(options.outDir, 'delivery');
  return deliverLocked(options).finally(() => lock.release());
}

async function deliverLocked(options: Parameters<typeof deliverFromFolder>[0]): Promise<Outcome[]> {
  const { config, env } = options;
  const dir = join(options.outDir, 'digests');
  const index = readDigestIndex(dir);
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

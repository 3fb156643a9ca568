// The delivery ledger: one JSON line per message that went out (or finally failed), so a rerun of the same night
// never sends the same digest to the same recipient twice.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One line of the ledger. */
export interface LedgerEntry {
  /** The night's as-of time: the digests' identity across reruns. */
  night: string;
  digest: string;
  channel: 'email' | 'slack';
  recipient: string;
  status: 'sent' | 'failed';
  attempts: number;
  at: string;
  error?: string;
}

/** Where deliveries are remembered: a local file for the CLI, an S3 object in AWS. */
export interface Ledger {
  /** True when this night's digest already reached this recipient. */
  wasSent(night: string, digest: string, channel: string, recipient: string): boolean;
  record(entry: LedgerEntry): Promise<void>;
}

/** The identity of one delivery. */
export function ledgerKey(night: string, digest: string, channel: string, recipient: string): string {
  return JSON.stringify([night, digest, channel, recipient.toLowerCase()]);
}

/** The keys of the deliveries a ledger's lines record as sent; unreadable lines (a crash mid-write) are skipped. */
export function sentKeys(text: string): Set<string> {
  const sent = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as LedgerEntry;
      if (e.status === 'sent') sent.add(ledgerKey(e.night, e.digest, e.channel, e.recipient));
    } catch {
      // A half-written last line: that delivery is not known as sent, so at worst it is sent again.
    }
  }
  return sent;
}

/** The CLI's ledger: OUT/delivery/ledger.jsonl, appended one line per delivery as it happens. */
export function fileLedger(file: string): Ledger {
  const sent = sentKeys(existsSync(file) ? readFileSync(file, 'utf8') : '');
  return {
    wasSent: (night, digest, channel, recipient) => sent.has(ledgerKey(night, digest, channel, recipient)),
    async record(entry) {
      mkdirSync(dirname(file), { recursive: true });
      appendFileSync(file, `${JSON.stringify(entry)}\n`);
      if (entry.status === 'sent') sent.add(ledgerKey(entry.night, entry.digest, entry.channel, entry.recipient));
    },
  };
}

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LeadFactory } from './leads.ts';
import { simulateLead } from './lifecycle.ts';
import { emailSends, linkConvertedMembers } from './marketing.ts';
import type { DemoData, Lead } from './model.ts';
import { Rng } from './prng.ts';
import { makeSalesforceId } from './salesforce-id.ts';
import { assignPrimaryCampaigns, outboundOpportunities } from './sales.ts';
import { Sim } from './sim.ts';
import { buildWorld } from './world.ts';
import { writeExports } from './write.ts';

export interface DemoOptions {
  seed?: number;
  leads?: number;
  /** ISO UTC; default '2026-11-20T18:00:00Z' (a Friday). */
  asOf?: string;
}

export interface DemoSummary {
  /** File name -> data rows written. */
  files: Record<string, number>;
  asOf: string;
}

export const DEFAULT_AS_OF = '2026-11-20T18:00:00Z';

/**
 * Simulates a demo company's Salesforce org up to `asOf`: users and queue, ~10 campaigns, leads over
 * the 13 months before, their status and owner history, sales touches, conversions, opportunities.
 * Deterministic for a seed. See the module files for the story each part tells.
 */
export function simulateDemo(options: DemoOptions = {}): DemoData {
  const seed = options.seed ?? 42;
  const n = options.leads ?? 3500;
  if (!Number.isInteger(n) || n < 0) throw new Error(`leads must be a non-negative integer, got ${n}`);
  const asOfText = options.asOf ?? DEFAULT_AS_OF;
  const parsed = Date.parse(asOfText);
  if (Number.isNaN(parsed)) throw new Error(`asOf is not a date and time: ${asOfText}`);
  const asOf = Math.floor(parsed / 1000) * 1000;

  const rng = new Rng(seed);
  const world = buildWorld(asOf);
  const leads = new LeadFactory(rng.fork(1), world).build(n);
  const sim = new Sim(rng.fork(2), world);
  for (const lead of leads) simulateLead(sim, lead);
  emailSends(sim, leads);
  linkConvertedMembers(sim);
  assignPrimaryCampaigns(sim, leads);
  // About 10% of opportunities are sales-sourced.
  outboundOpportunities(sim, Math.round(sim.opportunities.length / 9));
  lastMinuteTouch(sim, leads);

  const byTime = <T extends { created: number; id: string }>(records: T[], prefix: string): T[] => {
    records.sort((a, b) => a.created - b.created);
    records.forEach((r, i) => {
      r.id = makeSalesforceId(prefix, i + 1);
    });
    return records;
  };
  return {
    asOf,
    users: world.users,
    queue: world.queue,
    campaigns: world.campaigns,
    leads,
    accounts: byTime(sim.accounts, '001'),
    contacts: byTime(sim.contacts, '003'),
    opportunities: byTime(sim.opportunities, '006'),
    opportunityHistory: byTime(sim.opportunityHistory, '008'),
    leadHistory: byTime(sim.leadHistory, '017'),
    members: byTime(sim.members, '00v'),
    tasks: byTime(sim.tasks, '00T'),
    events: byTime(sim.events, '00U'),
  };
}

/** The export's newest change: an SDR East rep logs a follow-up call a few minutes before as-of. */
function lastMinuteTouch(sim: Sim, leads: readonly Lead[]): void {
  const t = sim.asOf - 197_000;
  for (let i = leads.length - 1; i >= 0; i--) {
    const lead = leads[i] as Lead;
    const owner = lead.owner;
    if (owner.kind !== 'user' || owner.role !== 'sdr' || owner.region !== 'east') continue;
    if (lead.status !== 'Working - Contacted' || lead.firstTouchAt === null || lead.firstTouchAt > t - 3_600_000) continue;
    sim.addTask({ who: lead, owner, t, type: 'Call', subject: 'Follow-up call' });
    return;
  }
}

/** Writes a demo company's Salesforce Data Export into `<dir>/salesforce/`. Deterministic for a seed. */
export async function generateDemoExports(dir: string, options: DemoOptions = {}): Promise<DemoSummary> {
  const data = simulateDemo(options);
  const out = join(dir, 'salesforce');
  await mkdir(out, { recursive: true });
  const files = await writeExports(out, data);
  return { files, asOf: new Date(data.asOf).toISOString().replace('.000Z', 'Z') };
}

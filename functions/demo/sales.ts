import { DAY, HOUR, MINUTE, addBusinessMinutes } from './business-time.ts';
import type { Account, Campaign, Contact, Lead, Opportunity, User } from './model.ts';
import { makePerson } from './people.ts';
import type { Sim } from './sim.ts';
import { dayStart } from './world.ts';

/**
 * Opportunities: created at lead conversion (with a new account and contact) or, for ~10%, by sales
 * from outbound prospecting. About 55% close within a 20-120 day cycle, ~30% of those won; the rest
 * stall open with a close date pushed into the future.
 */

export const STAGES: ReadonlyArray<readonly [string, number]> = [
  ['Prospecting', 10], ['Qualification', 10], ['Needs Analysis', 20], ['Proposal/Price Quote', 75], ['Negotiation/Review', 90],
];

const PLAN: Record<Lead['segment'], string> = { SMB: 'Starter Plan', 'Mid-Market': 'Growth Plan', Enterprise: 'Enterprise Suite' };

function amountCents(sim: Sim, segment: Lead['segment']): number {
  const { rng } = sim;
  const [median, lo, hi] = segment === 'SMB' ? [14_000, 5_000, 30_000] : segment === 'Mid-Market' ? [48_000, 20_000, 110_000] : [150_000, 70_000, 400_000];
  const dollars = Math.min(Math.max(rng.lognormal(median, 0.4), lo), hi);
  return Math.round(dollars * 2) * 50; // whole dollars or 50 cents, e.g. 24350.50
}

interface OpportunityInput {
  account: Account;
  contact: Contact;
  leadSource: string;
  campaign: Campaign | null;
  created: number;
  createdBy: User;
  owner: User;
  segment: Lead['segment'];
}

/** Creates an opportunity and plays its stage history up to as-of. Returns it and when activity on it ends. */
function createOpportunity(sim: Sim, input: OpportunityInput): { opportunity: Opportunity; endsAt: number } {
  const { rng, asOf } = sim;
  const { owner, created } = input;
  let amount = amountCents(sim, input.segment);
  const cycleDays = Math.min(Math.max(rng.lognormal(50, 0.5), 20), 120);
  const closeAt = Math.floor(addBusinessMinutes(created + cycleDays * DAY, rng.int(0, 300), owner.timeZone) / 1000) * 1000;
  const fate = rng.chance(0.55) ? (rng.chance(0.3) ? 'won' : 'lost') : 'open';
  const reach = fate === 'won' ? 5 : rng.int(1, 5);
  const path: Array<{ stage: string; probability: number; t: number }> = [];
  const gaps = Array.from({ length: reach - 1 + (fate === 'open' ? 0 : 1) }, () => rng.uniform(0.5, 1.5));
  const gapTotal = gaps.reduce((a, b) => a + b, 0) || 1;
  const span = (closeAt - created) * (fate === 'open' ? rng.uniform(0.3, 0.9) : 1);
  let t = created;
  for (let i = 0; i < reach; i++) {
    if (i > 0) {
      const raw = t + (span * (gaps[i - 1] as number)) / gapTotal;
      t = Math.max(Math.floor(addBusinessMinutes(raw, rng.int(0, 240), owner.timeZone) / 1000) * 1000, t + HOUR);
    }
    const [stage, probability] = STAGES[i] as readonly [string, number];
    path.push({ stage, probability, t });
  }
  if (fate !== 'open') path.push({ stage: fate === 'won' ? 'Closed Won' : 'Closed Lost', probability: fate === 'won' ? 100 : 0, t: Math.max(closeAt, t + HOUR) });

  const plannedClose = dayStart(closeAt);
  const opportunity: Opportunity = {
    id: '', account: input.account, contact: input.contact,
    name: `${input.account.name} - ${PLAN[input.segment]}`,
    stage: 'Prospecting', probability: 10, amountCents: amount, closeDate: plannedClose, type: 'New Business',
    leadSource: input.leadSource, isClosed: false, isWon: false, campaign: input.campaign, owner,
    createdBy: input.createdBy, created, lastModified: created, lastModifiedBy: input.createdBy,
  };
  let from = '';
  for (const [i, step] of path.entries()) {
    if (step.t >= asOf) break;
    const closing = step.stage.startsWith('Closed');
    if (step.stage === 'Proposal/Price Quote') amount = Math.round((amount * rng.uniform(0.85, 1.2)) / 50) * 50;
    const by = i === 0 ? input.createdBy : owner;
    const closeDate = closing ? dayStart(step.t) : plannedClose;
    sim.opportunityHistory.push({
      id: '', opportunity, createdBy: by, created: step.t, stage: step.stage, amountCents: amount, closeDate,
      probability: step.probability, fromStage: from,
    });
    Object.assign(opportunity, {
      stage: step.stage, probability: step.probability, amountCents: amount, closeDate, isClosed: closing,
      isWon: step.stage === 'Closed Won', lastModified: step.t, lastModifiedBy: by,
    });
    from = step.stage;
  }
  if (!opportunity.isClosed && opportunity.closeDate <= dayStart(asOf)) {
    // Still open: the rep keeps pushing the close date out.
    opportunity.closeDate = dayStart(asOf) + rng.int(7, 75) * DAY;
    opportunity.lastModified = Math.floor((opportunity.lastModified + (asOf - opportunity.lastModified) * rng.uniform(0.3, 0.95)) / 1000) * 1000;
    opportunity.lastModifiedBy = owner;
  }
  if (opportunity.isWon) {
    input.account.type = 'Customer';
    input.account.lastModified = opportunity.lastModified;
    input.account.lastModifiedBy = owner;
  }
  sim.opportunities.push(opportunity);
  return { opportunity, endsAt: opportunity.isClosed ? opportunity.lastModified : asOf };
}

/** AE activity on the opportunity's contact: a discovery meeting, then calls and emails until it closes. */
function workOpportunity(sim: Sim, opportunity: Opportunity, bookedBy: User, endsAt: number): void {
  const { rng } = sim;
  const ae = opportunity.owner;
  const contact = opportunity.contact;
  const start = Math.floor(addBusinessMinutes(opportunity.created, rng.uniform(240, 1440), ae.timeZone) / (30 * MINUTE)) * 30 * MINUTE;
  if (start < endsAt) {
    sim.addEvent({
      who: contact, what: opportunity, account: opportunity.account, owner: ae, createdBy: bookedBy,
      t: opportunity.created + rng.int(120, 1800) * 1000, start, minutes: rng.chance(0.45) ? 60 : 30, subject: 'Discovery call',
    });
  }
  let t = start;
  for (let i = rng.int(1, 4); i > 0; i--) {
    t = Math.floor(addBusinessMinutes(t, rng.uniform(1, 8) * 480, ae.timeZone) / 1000) * 1000;
    if (t >= endsAt) break;
    sim.addTask({ who: contact, what: opportunity, account: opportunity.account, owner: ae, t, type: rng.chance(0.5) ? 'Call' : 'Email' });
  }
}

/** Converts a lead: a new account, contact and opportunity, owned by an AE of the lead's region. */
export function convertLead(sim: Sim, lead: Lead, at: number, by: User): void {
  const ae = sim.pickAe(lead.region, at);
  const account: Account = {
    id: '', name: lead.company, industry: lead.industry, country: lead.country, employees: lead.employees, type: 'Prospect',
    source: lead.leadSource, owner: ae, createdBy: by, created: at, lastModified: at, lastModifiedBy: by,
  };
  const contact: Contact = {
    id: '', account, firstName: lead.firstName, lastName: lead.lastName, title: lead.title, email: lead.email, phone: lead.phone,
    leadSource: lead.leadSource, bouncedReason: lead.bouncedReason, bouncedAt: lead.bouncedAt, owner: ae, createdBy: by, created: at,
    lastModified: at, lastModifiedBy: by, lead,
  };
  sim.accounts.push(account);
  sim.contacts.push(contact);
  const { opportunity, endsAt } = createOpportunity(sim, {
    account, contact, leadSource: lead.leadSource, campaign: null, created: at, createdBy: by, owner: ae, segment: lead.segment,
  });
  Object.assign(lead, { isConverted: true, convertedAt: at, account, contact, opportunity });
  workOpportunity(sim, opportunity, by, endsAt);
}

/** The lead's most recent campaign response at or before conversion becomes the primary campaign. */
export function assignPrimaryCampaigns(sim: Sim, leads: readonly Lead[]): void {
  for (const lead of leads) {
    const opportunity = lead.opportunity;
    if (!opportunity) continue;
    let best: { at: number; campaign: Campaign } | null = null;
    for (const m of sim.membersOf(lead)) {
      const at = m.firstRespondedAt;
      if (at === null || at > opportunity.created) continue;
      if (!best || at >= best.at) best = { at, campaign: m.campaign };
    }
    opportunity.campaign = best?.campaign ?? null;
  }
}

/** Sales-sourced opportunities: an SDR or AE prospects a new contact, calls a few times, opens an opportunity. */
export function outboundOpportunities(sim: Sim, count: number): void {
  const { rng, world, asOf } = sim;
  for (let i = 0; i < count; i++) {
    const person = makePerson(rng);
    const bySdr = rng.chance(0.6);
    const startRaw = world.windowStart + 10 * DAY + rng.next() * (asOf - world.windowStart - 40 * DAY);
    const rep = bySdr ? sim.pickSdr(person.region, startRaw) : sim.pickAe(person.region, startRaw);
    const ae = bySdr ? sim.pickAe(person.region, startRaw) : rep;
    const start = Math.floor(addBusinessMinutes(startRaw, rng.int(0, 120), rep.timeZone) / 1000) * 1000;
    const leadSource = bySdr ? 'Outbound' : 'Cold Call';
    const account: Account = {
      id: '', name: person.company, industry: person.industry, country: person.country, employees: person.employees, type: 'Prospect',
      source: leadSource, owner: ae, createdBy: rep, created: start, lastModified: start, lastModifiedBy: rep,
    };
    const contact: Contact = {
      id: '', account, firstName: person.firstName, lastName: person.lastName, title: person.title, email: person.email,
      phone: person.phone, leadSource, bouncedReason: '', bouncedAt: null, owner: ae, createdBy: rep, created: start, lastModified: start, lastModifiedBy: rep, lead: null,
    };
    sim.accounts.push(account);
    sim.contacts.push(contact);
    let t = start + rng.int(60, 900) * 1000;
    sim.addTask({ who: contact, account, owner: rep, t, type: 'Call', subject: 'Cold call' });
    for (let k = rng.int(1, 3); k > 0; k--) {
      t = Math.floor(addBusinessMinutes(t, rng.uniform(0.5, 3) * 480, rep.timeZone) / 1000) * 1000;
      sim.addTask({ who: contact, account, owner: rep, t, type: rng.chance(0.6) ? 'Call' : 'Email' });
    }
    const created = Math.floor(addBusinessMinutes(t, rng.uniform(10, 240), rep.timeZone) / 1000) * 1000;
    if (created >= asOf) continue;
    const { opportunity, endsAt } = createOpportunity(sim, {
      account, contact, leadSource, campaign: null, created, createdBy: rep, owner: ae, segment: person.segment,
    });
    workOpportunity(sim, opportunity, rep, endsAt);
  }
}

import { DAY, HOUR, MINUTE, addBusinessMinutes } from './business-time.ts';
import { channel } from './leads.ts';
import { extraResponses, respondNear } from './marketing.ts';
import type { Lead, Owner, User } from './model.ts';
import { convertLead } from './sales.ts';
import { scoreLead } from './scores.ts';
import type { Sim } from './sim.ts';

/**
 * One lead's life, as the models will read it: created as an inquiry owned by the marketing queue;
 * some become MQL (`Open - Not Contacted`) and are routed to a rep; the rep's first call or email
 * (sooner in SDR East, later in SDR West); then accepted (`Working - Contacted`), converted, rejected
 * with a reason, recycled to `Nurture`, or still being worked. Everything after as-of is cut off.
 */

type Step =
  | { t: number; k: 'status'; to: string; by: User; reason?: string }
  | { t: number; k: 'owner'; to: Owner; by: User }
  | { t: number; k: 'task'; owner: User; type: 'Call' | 'Email'; subject?: string; description?: string; open?: boolean; first?: boolean }
  | { t: number; k: 'event'; owner: User; start: number; minutes: number; subject: string }
  | { t: number; k: 'convert'; by: User };

export const STATUS = {
  inquiry: 'New',
  mql: 'Open - Not Contacted',
  sal: 'Working - Contacted',
  converted: 'Closed - Converted',
  rejected: 'Closed - Not Converted',
  nurture: 'Nurture',
} as const;

const REASONS: ReadonlyArray<readonly [string, number]> = [
  ['No budget', 30], ['Not a decision maker', 25], ['Duplicate', 8], ['Bad contact data', 12], ['Competitor', 15], ['Student / not a buyer', 10],
];
const TRADE_SHOW_REASONS: ReadonlyArray<readonly [string, number]> = [
  ['Bad contact data', 45], ['Student / not a buyer', 28], ['No budget', 11], ['Not a decision maker', 9], ['Competitor', 4], ['Duplicate', 3],
];

const seconds = (ms: number) => Math.floor(ms / 1000) * 1000;

/** Business minutes from handoff to the rep's first touch, by team. */
function responseMinutes(sim: Sim, rep: User): number {
  const { rng } = sim;
  let r: number;
  if (rep.role === 'partner') r = rng.lognormal(200, 1.2);
  else if (rep.region === 'east') r = rng.chance(0.85) ? rng.lognormal(14, 1.0) : rng.lognormal(400, 0.9);
  else r = rng.chance(0.18) ? rng.lognormal(40, 1.0) : rng.lognormal(900, 0.75);
  return Math.min(Math.max(r, 0.75), 30 * 480);
}

/** Speed pays: the chance that a touched MQL becomes an opportunity, by response time. */
export function conversionChance(businessMinutes: number): number {
  return 0.085 + 0.36 * Math.exp(-Math.pow(businessMinutes / 150, 0.8));
}

function isOpen(status: string): boolean {
  return status === STATUS.mql || status === STATUS.sal;
}

export function simulateLead(sim: Sim, lead: Lead): void {
  const { rng, world, asOf } = sim;
  sim.history(lead, lead.created, lead.createdBy, 'created', 'Text', '', '');
  if (lead.special === 'spam') {
    const t = seconds(lead.created + rng.int(10, 180) * MINUTE);
    if (t < asOf) {
      lead.isDeleted = true;
      sim.touchLead(lead, t, world.marketing);
    }
    return;
  }
  if (lead.special === 'merged') {
    const t = seconds(Math.min(addBusinessMinutes(lead.created + rng.int(1, 6) * DAY, rng.int(0, 400), world.marketing.timeZone), asOf - HOUR));
    lead.isDeleted = true;
    sim.touchLead(lead, t, world.marketing);
    if (lead.original) sim.touchLead(lead.original, t, world.marketing);
    return;
  }
  const ch = channel(lead);
  if (lead.campaign) {
    sim.addMember({ campaign: lead.campaign, lead, status: ch.memberStatus, responded: true, t: lead.created, createdBy: lead.createdBy });
  }
  if (lead.email && rng.chance(lead.tradeShow ? 0.04 : 0.012)) {
    const t = seconds(lead.created + rng.uniform(0.5, 20) * DAY);
    if (t < asOf) {
      lead.bouncedAt = t;
      lead.bouncedReason = `550 5.1.1 <${lead.email}>: Recipient address rejected: User unknown`;
      sim.touchLead(lead, t, world.integration);
    }
  }

  const steps: Step[] = [];
  const mqlAt = planLifecycle(sim, lead, steps);
  scoreLead(sim, lead, {
    mqlAt,
    isAccepted: steps.some((s) => s.k === 'status' && s.to === STATUS.sal && s.t < asOf),
    convertAt: steps.find((s) => s.k === 'convert' && s.t < asOf)?.t ?? null,
  }, rng.next());
  applySteps(sim, lead, steps);
  extraResponses(sim, lead);
}

/** Plans the lead's status and owner changes and touches; returns the MQL time, if any. */
function planLifecycle(sim: Sim, lead: Lead, steps: Step[]): number | null {
  const { rng, world, asOf } = sim;
  const ch = channel(lead);
  // Hot inbound from the last hours before as-of: handed off, mostly not yet touched (pending).
  const recent = lead.created >= asOf - 6 * HOUR && lead.special === 'none' && !lead.tradeShow;
  const mqlRate = recent ? 0.85 : lead.student ? 0.45 : ch.mqlRate;
  if (!rng.chance(mqlRate)) return null;

  // The MQL moment.
  let mqlAt: number;
  let mqlBy = world.integration;
  if (lead.tradeShow) {
    // Marketing qualifies the badge scans in bulk on the first two business mornings after the show.
    const showEnd = (world.tradeShowDays[2] as number) + DAY;
    mqlAt = addBusinessMinutes(showEnd, rng.int(0, 1) * 480 + 65, world.marketing.timeZone) + rng.int(0, 600) * 1000;
    mqlBy = world.marketing;
  } else if (lead.channel === 'purchased') {
    mqlAt = addBusinessMinutes(lead.created + rng.int(2, 30) * DAY, rng.int(0, 480), world.marketing.timeZone);
    mqlBy = world.marketing;
  } else if (recent || lead.channel === 'partner' || lead.channel === 'phone' || rng.chance(0.7)) {
    mqlAt = lead.created + rng.int(5, 240) * 1000;
  } else {
    // Scored up later by another response.
    mqlAt = lead.created + Math.min(Math.max(rng.lognormal(9, 0.9), 1), 90) * DAY;
    respondNear(sim, lead, mqlAt - rng.int(30, 900) * 1000);
  }
  mqlAt = seconds(mqlAt);
  if (mqlAt >= asOf) return mqlAt;
  steps.push({ t: mqlAt, k: 'status', to: STATUS.mql, by: mqlBy });

  // Routing: usually assignment rules within seconds, sometimes a marketer routes by hand, late.
  const rep = lead.channel === 'partner' ? (lead.createdBy.role === 'partner' ? lead.createdBy : rng.pick(world.partners)) : sim.pickSdr(lead.region, mqlAt);
  let assignedAt: number;
  let router = world.integration;
  if (lead.channel === 'partner') {
    assignedAt = mqlAt + rng.int(1, 30) * MINUTE;
  } else if (recent || lead.tradeShow || rng.chance(0.62)) {
    assignedAt = mqlAt + rng.int(3, 120) * 1000;
  } else {
    router = world.marketing;
    const delay = rng.weighted([[rng.uniform(3, 60), 70], [rng.uniform(60, 480), 22], [rng.uniform(480, 2400), 8]] as const);
    assignedAt = addBusinessMinutes(mqlAt, delay, world.marketing.timeZone) + rng.int(0, 59) * 1000;
  }
  assignedAt = seconds(assignedAt);
  steps.push({ t: assignedAt, k: 'owner', to: rep, by: router });
  const handoff = assignedAt;

  // Marketing automation sometimes logs an email in the marketer's name: not a sales touch.
  if (rng.chance(0.06)) steps.push({ t: handoff + rng.int(60, 1800) * 1000, k: 'task', owner: world.marketing, type: 'Email', subject: 'Marketing email sent', description: 'Automated nurture email (Marketo)' });

  const neverTouched = rng.chance(recent ? 0.5 : rep.role === 'partner' ? 0.12 : rep.region === 'east' ? 0.04 : 0.1);
  if (neverTouched) {
    if (rng.chance(0.15)) {
      steps.push({ t: seconds(addBusinessMinutes(handoff, rng.uniform(30, 900), rep.timeZone)), k: 'status', to: STATUS.rejected, by: rep, reason: 'Duplicate' });
    }
    return mqlAt;
  }

  // First touch.
  const r = responseMinutes(sim, rep);
  const first = Math.max(seconds(addBusinessMinutes(handoff, r, rep.timeZone)), handoff + 30_000);
  steps.push({ t: first, k: 'task', owner: rep, type: rng.chance(0.6) ? 'Call' : 'Email', first: true });

  // What happens next.
  const noContactData = !lead.email && !lead.phone;
  let pConvert = conversionChance(r) * ch.conversion;
  if (lead.student || lead.special === 'duplicate') pConvert = 0;
  if (noContactData) pConvert *= 0.2;
  const pDirectReject = lead.special === 'duplicate' ? 0.7 : lead.tradeShow ? 0.3 : lead.student ? 0.5 : 0.07;
  const reason = (): string => {
    if (lead.special === 'duplicate') return 'Duplicate';
    if (lead.student && rng.chance(0.9)) return 'Student / not a buyer';
    if (noContactData) return 'Bad contact data';
    return rng.weighted(lead.tradeShow ? TRADE_SHOW_REASONS : REASONS);
  };
  const followUps = (from: number, until: number, max: number) => {
    let t = from;
    for (let i = 0; i < max; i++) {
      t = seconds(addBusinessMinutes(t, rng.uniform(0.5, 4) * 480, rep.timeZone));
      if (t >= until) break;
      steps.push({ t, k: 'task', owner: rep, type: rng.chance(0.55) ? 'Call' : 'Email' });
    }
  };
  const sal = () => steps.push({ t: first + rng.int(30, 1800) * 1000, k: 'status', to: STATUS.sal, by: rep });
  const meeting = (until: number) => {
    const start = Math.floor(addBusinessMinutes(first, rng.uniform(240, 1440), rep.timeZone) / (30 * MINUTE)) * 30 * MINUTE;
    if (start + HOUR < until) steps.push({ t: first + rng.int(600, 7200) * 1000, k: 'event', owner: rep, start, minutes: 30, subject: 'Intro meeting' });
  };

  if (rng.chance(pConvert)) {
    if (!rng.chance(0.05)) sal();
    const convertAt = seconds(addBusinessMinutes(first, rng.uniform(0.3, 12) * 480, rep.timeZone));
    followUps(first, convertAt, rng.int(0, 3));
    if (rng.chance(0.3)) meeting(convertAt);
    steps.push({ t: convertAt, k: 'convert', by: rep });
  } else if (rng.chance(pDirectReject)) {
    steps.push({ t: seconds(addBusinessMinutes(first, rng.uniform(5, 240), rep.timeZone)), k: 'status', to: STATUS.rejected, by: rep, reason: reason() });
  } else {
    sal();
    const outcome = rng.weighted([['reject', lead.tradeShow || lead.student ? 75 : 42], ['nurture', lead.tradeShow ? 12 : 25], ['working', 33]] as const);
    if (outcome === 'reject') {
      const at = seconds(addBusinessMinutes(first, rng.uniform(0.3, 10) * 480, rep.timeZone));
      followUps(first, at, rng.int(0, 3));
      steps.push({ t: at, k: 'status', to: STATUS.rejected, by: rep, reason: reason() });
    } else if (outcome === 'nurture') {
      const at = seconds(addBusinessMinutes(first, rng.uniform(5, 30) * 480, rep.timeZone));
      followUps(first, at, rng.int(1, 4));
      steps.push({ t: at, k: 'status', to: STATUS.nurture, by: rep });
      if (rng.chance(0.5)) steps.push({ t: at + 1000, k: 'owner', to: world.queue, by: rep });
    } else {
      followUps(first, asOf, rng.int(0, 5));
      if (rng.chance(0.12)) meeting(asOf);
      if (rng.chance(0.06)) {
        const t = seconds(addBusinessMinutes(first, rng.uniform(10, 480), rep.timeZone));
        steps.push({ t, k: 'task', owner: rep, type: 'Call', subject: 'Follow up', open: true, description: '' });
      }
    }
  }
  return mqlAt;
}

function ownerName(owner: Owner): string {
  return owner.name;
}

function changeOwner(sim: Sim, lead: Lead, t: number, to: Owner, by: User): void {
  const from = lead.owner;
  sim.history(lead, t, by, 'Owner', 'EntityId', from.id, to.id);
  sim.history(lead, t, by, 'Owner', 'Text', ownerName(from), ownerName(to));
  lead.owner = to;
}

function changeStatus(sim: Sim, lead: Lead, t: number, to: string, by: User): void {
  sim.history(lead, t, by, 'Status', 'Text', lead.status, to);
  lead.status = to;
}

function applySteps(sim: Sim, lead: Lead, steps: Step[]): void {
  const { asOf } = sim;
  steps.sort((a, b) => a.t - b.t);
  for (const step of steps) {
    if (step.t >= asOf) break;
    const owner = lead.owner;
    if (owner.kind === 'user' && owner.leftAt !== null && step.t >= owner.leftAt) break;
    switch (step.k) {
      case 'status':
        changeStatus(sim, lead, step.t, step.to, step.by);
        if (step.reason) lead.disqualifiedReason = step.reason;
        break;
      case 'owner':
        changeOwner(sim, lead, step.t, step.to, step.by);
        break;
      case 'task': {
        const task = sim.addTask({ who: lead, owner: step.owner, t: step.t, type: step.type, subject: step.subject, description: step.description, open: step.open });
        if (task && step.first) lead.firstTouchAt = step.t;
        break;
      }
      case 'event':
        sim.addEvent({ who: lead, owner: step.owner, createdBy: step.owner, t: step.t, start: step.start, minutes: step.minutes, subject: step.subject });
        break;
      case 'convert':
        changeStatus(sim, lead, step.t, STATUS.converted, step.by);
        sim.history(lead, step.t, step.by, 'leadConverted', 'Text', '', '');
        convertLead(sim, lead, step.t, step.by);
        break;
    }
  }
  // A rep who left: their open leads go to a teammate a day or two later, and stall there.
  const owner = lead.owner;
  if (owner.kind === 'user' && owner.leftAt !== null && owner.leftAt < asOf && isOpen(lead.status)) {
    const manager = owner.manager ?? sim.world.managers.west;
    const t = seconds(addBusinessMinutes(owner.leftAt, sim.rng.uniform(30, 960), manager.timeZone));
    if (t < asOf) changeOwner(sim, lead, t, sim.pickSdr(owner.region === 'east' ? 'east' : 'west', t), manager);
  }
}

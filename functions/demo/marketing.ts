import { DAY, HOUR, MINUTE } from './business-time.ts';
import type { Campaign, Lead } from './model.ts';
import type { Sim } from './sim.ts';
import { isRunning } from './world.ts';

/**
 * Marketing touches: campaign responses beyond the one that created a lead (multi-touch journeys,
 * including responses by the contact after conversion) and email sends, most of which get no response.
 */

const RESPONSE_CAMPAIGNS = ['content', 'retargeting', 'paid_search', 'webinar1', 'webinar2', 'webinar3'];

function canRespond(c: Campaign, t: number): boolean {
  if (!isRunning(c, t)) return false;
  return c.sessionAt === null || t < c.sessionAt;
}

/** Records a response by the lead (or by its contact, after conversion) to a campaign running at `t`. */
export function respondNear(sim: Sim, lead: Lead, t: number): void {
  const { rng, world } = sim;
  t = Math.floor(t / 1000) * 1000;
  if (t >= sim.asOf || t < lead.created) return;
  const keys = lead.channel === 'partner' ? [...RESPONSE_CAMPAIGNS, 'partner'] : RESPONSE_CAMPAIGNS;
  const options = keys.map((k) => world.campaign(k)).filter((c) => canRespond(c, t) && !sim.isMember(lead, c));
  if (options.length === 0) return;
  const campaign = rng.pick(options);
  const afterConversion = lead.convertedAt !== null && t >= lead.convertedAt;
  const webinar = campaign.sessionAt !== null;
  const member = sim.addMember({
    campaign,
    lead: afterConversion ? null : lead,
    contact: afterConversion ? lead.contact : null,
    status: webinar ? 'Registered' : 'Responded',
    responded: true,
    t,
    createdBy: world.integration,
  });
  if (member && webinar && rng.chance(0.55)) {
    const attended = (campaign.sessionAt as number) + rng.int(55, 75) * MINUTE;
    if (attended < sim.asOf) {
      member.status = 'Attended';
      member.lastModified = attended;
    }
  }
}

/** Later responses: most people touch one campaign, some several, some after becoming customers' contacts. */
export function extraResponses(sim: Sim, lead: Lead): void {
  const { rng } = sim;
  if (lead.isDeleted) return;
  const count = rng.weighted([[0, 52], [1, 28], [2, 13], [3, 7]] as const) + (lead.isConverted && rng.chance(0.35) ? 1 : 0);
  const horizon = Math.min(sim.asOf, lead.created + 300 * DAY);
  for (let i = 0; i < count; i++) {
    const from = lead.created + DAY;
    if (from >= horizon) return;
    let t = from + rng.next() * (horizon - from);
    if (i === count - 1 && lead.isConverted && lead.convertedAt !== null && lead.convertedAt + 2 * DAY < horizon && rng.chance(0.5)) {
      t = lead.convertedAt + 2 * DAY + rng.next() * (horizon - lead.convertedAt - 2 * DAY);
    }
    respondNear(sim, lead, t);
  }
}

/** Email campaigns: a few sends each to a slice of the database; a quarter of recipients respond. */
export function emailSends(sim: Sim, leads: readonly Lead[]): void {
  const { rng, world } = sim;
  for (const campaign of world.campaigns) {
    if (campaign.type !== 'Email') continue;
    const span = campaign.end - campaign.start;
    for (let k = 0; k < 3; k++) {
      const sendAt = campaign.start + Math.floor((k * span) / 3 / DAY) * DAY + 15 * HOUR + k * 7 * MINUTE;
      if (sendAt >= sim.asOf) continue;
      for (const lead of leads) {
        if (lead.created >= sendAt) break; // leads are sorted by creation
        if (lead.special === 'spam' || lead.special === 'merged' || !lead.email || !rng.chance(0.12)) continue;
        const asContact = lead.convertedAt !== null && lead.convertedAt < sendAt;
        const respondedAt = rng.chance(0.25) ? Math.floor((sendAt + rng.lognormal(6 * HOUR, 1.2)) / 1000) * 1000 : null;
        sim.addMember({
          campaign,
          lead: asContact ? null : lead,
          contact: asContact ? lead.contact : null,
          status: 'Sent',
          responded: false,
          respondedAt,
          t: sendAt + Math.floor(lead.seq / 200) * 1000,
          createdBy: world.marketing,
        });
      }
    }
  }
}

/** On conversion Salesforce fills ContactId on the lead's campaign members (LeadId stays). */
export function linkConvertedMembers(sim: Sim): void {
  for (const m of sim.members) {
    const lead = m.lead;
    if (!lead || lead.convertedAt === null || !lead.contact || m.created >= lead.convertedAt) continue;
    m.contact = lead.contact;
    m.lastModified = Math.max(m.lastModified, lead.convertedAt);
  }
}

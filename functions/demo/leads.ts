import { DAY, HOUR, MINUTE, addBusinessMinutes, localToUtc } from './business-time.ts';
import type { Campaign, Lead, User } from './model.ts';
import { makePerson, type Person } from './people.ts';
import type { Rng } from './prng.ts';
import { makeSalesforceId } from './salesforce-id.ts';
import { dayStart, isRunning, type World } from './world.ts';

/** How a lead came in: its lead source, the campaign it responded to, and how good such leads are. */
export interface Channel {
  leadSource: string;
  campaignKey: string | null;
  memberStatus: string;
  /** Chance that such an inquiry becomes an MQL. */
  mqlRate: number;
  /** Multiplies the chance that a touched MQL converts to an opportunity. */
  conversion: number;
}

export const CHANNELS: Record<string, Channel> = {
  paid_search: { leadSource: 'Paid Search', campaignKey: 'paid_search', memberStatus: 'Responded', mqlRate: 0.38, conversion: 1 },
  web: { leadSource: 'Web', campaignKey: null, memberStatus: '', mqlRate: 0.41, conversion: 1 },
  phone: { leadSource: 'Phone Inquiry', campaignKey: null, memberStatus: '', mqlRate: 0.7, conversion: 1.3 },
  content: { leadSource: 'Content', campaignKey: 'content', memberStatus: 'Responded', mqlRate: 0.3, conversion: 0.85 },
  email_q1: { leadSource: 'Email', campaignKey: 'email_q1', memberStatus: 'Responded', mqlRate: 0.36, conversion: 0.9 },
  newsletter: { leadSource: 'Email', campaignKey: 'newsletter', memberStatus: 'Responded', mqlRate: 0.36, conversion: 0.9 },
  webinar1: { leadSource: 'Webinar', campaignKey: 'webinar1', memberStatus: 'Registered', mqlRate: 0.45, conversion: 1.1 },
  webinar2: { leadSource: 'Webinar', campaignKey: 'webinar2', memberStatus: 'Registered', mqlRate: 0.45, conversion: 1.1 },
  webinar3: { leadSource: 'Webinar', campaignKey: 'webinar3', memberStatus: 'Registered', mqlRate: 0.45, conversion: 1.1 },
  retargeting: { leadSource: 'Advertisement', campaignKey: 'retargeting', memberStatus: 'Responded', mqlRate: 0.36, conversion: 1 },
  trade_show: { leadSource: 'Trade Show', campaignKey: 'trade_show', memberStatus: 'Attended', mqlRate: 0.62, conversion: 0.17 },
  partner: { leadSource: 'Partner Referral', campaignKey: 'partner', memberStatus: 'Responded', mqlRate: 0.9, conversion: 1.15 },
  purchased: { leadSource: 'Purchased List', campaignKey: null, memberStatus: '', mqlRate: 0.3, conversion: 0.8 },
};

export function channel(lead: Lead): Channel {
  return CHANNELS[lead.channel] as Channel;
}

// Web traffic by UTC hour: US business hours peak, but forms come in around the clock.
const HOUR_WEIGHTS = [0.55, 0.45, 0.35, 0.3, 0.25, 0.25, 0.3, 0.35, 0.45, 0.55, 0.6, 0.65, 0.8, 1.1, 1.4, 1.5, 1.5, 1.45, 1.4, 1.3, 1.1, 0.9, 0.75, 0.65].map(
  (w, h) => [h, w] as const,
);

const SPECIAL_COMPANY = 'Smith, Jones & Partners LLP';
// One ordinary lead in every NAMELESS_EVERY, from the NAMELESS_FROM-th on, has no name: placed, not drawn, so the rest of the demo stays as it was.
const NAMELESS_FROM = 13;
const NAMELESS_EVERY = 173;
const SPECIAL_DESCRIPTION = 'Came in through website chat.\nWants pricing for 50 seats, "ASAP" per their CRO.';

export class LeadFactory {
  private readonly rng: Rng;
  private readonly world: World;
  private readonly dayCumulative: number[] = [];
  private readonly days: number[] = [];

  constructor(rng: Rng, world: World) {
    this.rng = rng;
    this.world = world;
    const first = dayStart(world.windowStart);
    const last = dayStart(world.asOf);
    let total = 0;
    for (let d = first; d <= last; d += DAY) {
      const dow = new Date(d).getUTCDay();
      const trend = 0.8 + (0.4 * (d - first)) / Math.max(DAY, last - first);
      total += trend * (dow === 0 || dow === 6 ? 0.45 : 1);
      this.days.push(d);
      this.dayCumulative.push(total);
    }
  }

  /** A web-form time: more leads lately, fewer on weekends, some at night. */
  private inboundTime(): number {
    const { windowStart, asOf } = this.world;
    for (;;) {
      const u = this.rng.next() * (this.dayCumulative[this.dayCumulative.length - 1] as number);
      let lo = 0;
      let hi = this.dayCumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((this.dayCumulative[mid] as number) > u) hi = mid;
        else lo = mid + 1;
      }
      const hour = this.rng.weighted(HOUR_WEIGHTS);
      const t = (this.days[lo] as number) + hour * HOUR + this.rng.int(0, 3599) * 1000;
      if (t >= windowStart && t < asOf - 5 * MINUTE) return t;
    }
  }

  private inboundChannel(t: number): string {
    const w = this.world;
    const options: Array<readonly [string, number]> = [['paid_search', 30], ['web', 22], ['phone', 4]];
    const add = (key: string, weight: number) => {
      if (isRunning(w.campaign(key), t)) options.push([key, weight]);
    };
    add('content', 14);
    add('email_q1', 5);
    add('newsletter', 5);
    add('retargeting', 18);
    for (const key of ['webinar1', 'webinar2', 'webinar3']) {
      const c = w.campaign(key);
      if (isRunning(c, t) && t < (c.sessionAt as number)) options.push([key, 28]);
    }
    return this.rng.weighted(options);
  }

  private lead(person: Person, channelKey: string, created: number, createdBy: User): Lead {
    const ch = CHANNELS[channelKey] as Channel;
    let campaign: Campaign | null = ch.campaignKey ? this.world.campaign(ch.campaignKey) : null;
    if (campaign && !isRunning(campaign, created)) campaign = null; // e.g. a partner lead outside the co-marketing months
    return {
      id: '', seq: 0,
      firstName: person.firstName, lastName: person.lastName, title: person.title, company: person.company,
      state: person.state, country: person.country, region: person.region, phone: person.phone, mobilePhone: person.mobilePhone, email: person.email,
      description: '', channel: channelKey, leadSource: ch.leadSource, campaign,
      industry: person.industry, rating: this.rng.weighted([['Hot', 15], ['Warm', 35], ['Cold', 30], ['', 20]] as const),
      employees: person.employees, annualRevenue: person.annualRevenue, segment: person.segment, score: 0,
      tradeShow: channelKey === 'trade_show', student: person.student, special: 'none', original: null,
      created, createdBy,
      status: 'New', owner: this.world.queue, isDeleted: false, isConverted: false, convertedAt: null,
      contact: null, account: null, opportunity: null, disqualifiedReason: '', bouncedReason: '', bouncedAt: null,
      lastModified: created, lastModifiedBy: createdBy, lastActivity: null, firstTouchAt: null,
    };
  }

  /** All leads of the demo, sorted by creation time, with their IDs. */
  build(n: number): Lead[] {
    const { rng, world } = this;
    const nTradeShow = Math.round(n * 0.15);
    const nPartner = Math.round(n * 0.08);
    const nPurchased = Math.round(n * 0.015);
    const nSpam = n >= 100 ? Math.max(2, Math.round(n * 0.002)) : n >= 20 ? 1 : 0;
    const nMerged = n >= 50 ? 2 : 0;
    const nDuplicate = n >= 100 ? Math.max(3, Math.round(n * 0.004)) : 0;
    const nInbound = Math.max(0, n - nTradeShow - nPartner - nPurchased - nSpam - nMerged - nDuplicate);
    const leads: Lead[] = [];

    for (let i = 0; i < nInbound; i++) {
      const t = this.inboundTime();
      leads.push(this.lead(makePerson(rng), this.inboundChannel(t), t, world.integration));
    }

    // Trade show: badge scans imported in a batch each evening of the show, many per second.
    const [d1, d2, d3] = world.tradeShowDays as [number, number, number];
    const perDay = [0, 0, 0];
    for (let i = 0; i < nTradeShow; i++) {
      const k = i < nTradeShow * 0.3 ? 0 : i < nTradeShow * 0.7 ? 1 : 2;
      const inDay = (perDay[k] as number) + 0;
      perDay[k] = inDay + 1;
      const t = ([d1, d2, d3][k] as number) + 22 * HOUR + 40 * MINUTE + Math.floor(inDay / 40) * 1000;
      const student = rng.chance(0.22);
      const lead = this.lead(makePerson(rng, { student }), 'trade_show', t, world.marketing);
      lead.description = rng.chance(0.3) ? `Badge scan, booth #14. Interest: ${rng.pick(['pricing', 'demo', 'SLA reports', 'attribution', 'swag'])}` : '';
      if (rng.chance(0.03)) {
        lead.email = '';
        lead.phone = '';
        lead.mobilePhone = '';
      }
      leads.push(lead);
    }

    // Partner referrals: registered by a partner rep during London business hours.
    for (let i = 0; i < nPartner; i++) {
      const rep = rng.pick(world.partners);
      let t: number;
      do {
        const day = dayStart(world.windowStart) + rng.int(0, Math.floor((world.asOf - world.windowStart) / DAY)) * DAY;
        t = localToUtc(rep.timeZone, day + rng.int(9 * 60, 17 * 60 + 29) * MINUTE + rng.int(0, 59) * 1000);
        t = addBusinessMinutes(t, 0, rep.timeZone);
      } while (t < world.windowStart || t >= world.asOf - HOUR);
      const lead = this.lead(makePerson(rng, { partner: true }), 'partner', t, rep);
      leads.push(lead);
    }

    // A purchased list, imported in one batch.
    const listDay = dayStart(world.asOf) - 230 * DAY;
    for (let i = 0; i < nPurchased; i++) {
      leads.push(this.lead(makePerson(rng), 'purchased', listDay + 15 * HOUR + 12 * MINUTE + Math.floor(i / 40) * 1000, world.marketing));
    }

    // Spam form fills, deleted soon after.
    for (let i = 0; i < nSpam; i++) {
      const lead = this.lead(makePerson(rng), 'web', this.inboundTime(), world.integration);
      Object.assign(lead, { firstName: 'Test', lastName: 'Test', company: 'asdf', email: `test${i + 1}@test.com`, phone: '123', mobilePhone: '', title: '', special: 'spam' });
      leads.push(lead);
    }

    // Re-submissions by people who are already leads: some later merged away, some left as duplicates.
    const candidates = leads.filter((l) => l.special === 'none' && !l.tradeShow && l.email && l.created < world.asOf - 45 * DAY);
    const copies = (special: 'merged' | 'duplicate', count: number) => {
      for (let i = 0; i < count && candidates.length > 0; i++) {
        const original = rng.pick(candidates);
        const created = Math.min(original.created + rng.int(2, 25) * DAY + rng.int(0, 86_399) * 1000, world.asOf - 12 * DAY);
        const lead = this.lead(makePerson(rng), special === 'merged' ? 'web' : this.inboundChannel(created), created, world.integration);
        Object.assign(lead, {
          firstName: original.firstName, lastName: original.lastName, title: original.title, company: original.company,
          state: original.state, country: original.country, region: original.region, phone: original.phone, mobilePhone: original.mobilePhone, email: original.email,
          industry: original.industry, segment: original.segment, employees: original.employees, special, original,
        });
        leads.push(lead);
      }
    };
    copies('merged', nMerged);
    copies('duplicate', nDuplicate);

    leads.sort((a, b) => a.created - b.created);
    leads.forEach((lead, i) => {
      lead.seq = i;
      lead.id = makeSalesforceId('00Q', i + 1);
    });

    // A few values that exercise CSV parsers, placed deterministically so even small demos have them.
    const ordinary = leads.filter((l) => l.special === 'none');
    const set = (k: number, apply: (l: Lead) => void) => {
      const lead = ordinary[k];
      if (lead) apply(lead);
    };
    set(3, (l) => {
      l.company = SPECIAL_COMPANY;
      l.email = `${l.email.slice(0, l.email.indexOf('@'))}@smithjones.com`;
    });
    set(5, (l) => {
      l.description = SPECIAL_DESCRIPTION;
    });
    set(7, (l) => {
      l.firstName = 'José';
    });
    set(11, (l) => {
      l.lastName = 'Müller';
    });
    // A few people whose name was never captured (a badge scan, a form without name fields): lists show their company.
    for (let k = NAMELESS_FROM; k < ordinary.length; k += NAMELESS_EVERY) {
      set(k, (l) => {
        l.firstName = '';
        l.lastName = '';
      });
    }
    return leads;
  }
}

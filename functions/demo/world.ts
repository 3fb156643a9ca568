import { DAY, HOUR, MINUTE } from './business-time.ts';
import type { Campaign, Queue, Region, Role, User } from './model.ts';
import { makeSalesforceId } from './salesforce-id.ts';

/** The demo company, its sales and marketing org, its lead queue and its campaigns. */
export const COMPANY_NAME = 'Brightlane Software';
export const PARTNER_COMPANY = 'Northwind Partners';
const COMPANY_DOMAIN = 'brightlane.io';

export interface World {
  asOf: number;
  /** Leads are created from this instant (13 months before as-of) up to as-of. */
  windowStart: number;
  users: User[];
  queue: Queue;
  integration: User;
  marketing: User;
  managers: { east: User; west: User };
  sdrs: { east: User[]; west: User[] };
  partners: User[];
  aes: { east: User[]; west: User[] };
  campaigns: Campaign[];
  campaign: (key: string) => Campaign;
  tradeShowDays: number[];
}

interface UserSpec {
  first: string;
  last: string;
  title: string;
  department: string;
  role: Role;
  region: Region | null;
  tz: string;
  manager?: string;
  partner?: boolean;
  createdDaysAgo: number;
  leftDaysAgo?: number;
}

const USER_SPECS: UserSpec[] = [
  { first: 'Marketo', last: 'Integration', title: 'Integration User', department: 'Systems', role: 'integration', region: null, tz: 'America/New_York', createdDaysAgo: 1100 },
  { first: 'Victor', last: 'Hale', title: 'Sales Manager', department: 'Sales Management', role: 'manager', region: null, tz: 'America/New_York', createdDaysAgo: 1080 },
  { first: 'Lisa', last: 'Moreno', title: 'Sales Manager', department: 'Sales Management', role: 'manager', region: null, tz: 'America/Los_Angeles', createdDaysAgo: 1050 },
  { first: 'Elena', last: 'Rossi', title: 'Marketing Manager', department: 'Marketing', role: 'marketing', region: null, tz: 'America/New_York', createdDaysAgo: 1000 },
  { first: 'Ava', last: 'Thompson', title: 'Sales Development Rep', department: 'SDR East', role: 'sdr', region: 'east', tz: 'America/New_York', manager: 'Victor', createdDaysAgo: 900 },
  { first: 'Marcus', last: 'Reed', title: 'Sales Development Rep', department: 'SDR East', role: 'sdr', region: 'east', tz: 'America/New_York', manager: 'Victor', createdDaysAgo: 860 },
  { first: 'Priya', last: 'Natarajan', title: 'Sales Development Rep', department: 'SDR East', role: 'sdr', region: 'east', tz: 'America/New_York', manager: 'Victor', createdDaysAgo: 700 },
  { first: 'Daniel', last: "O'Connor", title: 'Sales Development Rep', department: 'SDR East', role: 'sdr', region: 'east', tz: 'America/New_York', manager: 'Victor', createdDaysAgo: 640 },
  { first: 'Sofía', last: 'Álvarez', title: 'Sales Development Rep', department: 'SDR East', role: 'sdr', region: 'east', tz: 'America/New_York', manager: 'Victor', createdDaysAgo: 520 },
  { first: 'Ethan', last: 'Brooks', title: 'Sales Development Rep', department: 'SDR West', role: 'sdr', region: 'west', tz: 'America/Los_Angeles', manager: 'Lisa', createdDaysAgo: 880 },
  { first: 'Maya', last: 'Chen', title: 'Sales Development Rep', department: 'SDR West', role: 'sdr', region: 'west', tz: 'America/Los_Angeles', manager: 'Lisa', createdDaysAgo: 800 },
  { first: 'Lucas', last: 'Romero', title: 'Sales Development Rep', department: 'SDR West', role: 'sdr', region: 'west', tz: 'America/Los_Angeles', manager: 'Lisa', createdDaysAgo: 760 },
  { first: 'Chloe', last: 'Nguyen', title: 'Sales Development Rep', department: 'SDR West', role: 'sdr', region: 'west', tz: 'America/Los_Angeles', manager: 'Lisa', createdDaysAgo: 610 },
  { first: 'Noah', last: 'Patel', title: 'Sales Development Rep', department: 'SDR West', role: 'sdr', region: 'west', tz: 'America/Los_Angeles', manager: 'Lisa', createdDaysAgo: 180 },
  { first: 'Hannah', last: 'Kim', title: 'Sales Development Rep', department: 'SDR West', role: 'sdr', region: 'west', tz: 'America/Los_Angeles', manager: 'Lisa', createdDaysAgo: 950, leftDaysAgo: 204 },
  { first: 'Oliver', last: 'Bennett', title: 'Partner Sales Rep', department: 'Partner Channel', role: 'partner', region: 'partner', tz: 'Europe/London', manager: 'Victor', partner: true, createdDaysAgo: 430 },
  { first: 'Amelia', last: 'Clarke', title: 'Partner Sales Rep', department: 'Partner Channel', role: 'partner', region: 'partner', tz: 'Europe/London', manager: 'Victor', partner: true, createdDaysAgo: 425 },
  { first: 'Grace', last: 'Whitfield', title: 'Account Executive', department: 'Account Executives', role: 'ae', region: 'east', tz: 'America/New_York', manager: 'Victor', createdDaysAgo: 990 },
  { first: 'José', last: 'García', title: 'Account Executive', department: 'Account Executives', role: 'ae', region: 'east', tz: 'America/Chicago', manager: 'Victor', createdDaysAgo: 720 },
  { first: 'Rachel', last: 'Adler', title: 'Account Executive', department: 'Account Executives', role: 'ae', region: 'west', tz: 'America/Los_Angeles', manager: 'Lisa', createdDaysAgo: 940 },
];

export function ascii(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/ø/g, 'o').replace(/ł/g, 'l');
}

function slug(text: string): string {
  return ascii(text).toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** Midnight UTC of the day holding `ms`. */
export function dayStart(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** The latest day at or before `day` that falls on `weekday` (0 = Sunday). */
function onOrBefore(day: number, weekday: number): number {
  const dow = new Date(day).getUTCDay();
  return day - ((dow - weekday + 7) % 7) * DAY;
}

export function buildWorld(asOf: number): World {
  const asOfDay = dayStart(asOf);
  const w = new Date(asOf);
  const windowStart = Date.UTC(w.getUTCFullYear(), w.getUTCMonth() - 13, w.getUTCDate(), w.getUTCHours(), w.getUTCMinutes(), w.getUTCSeconds());

  const byFirst = new Map<string, User>();
  const users: User[] = [];
  USER_SPECS.forEach((spec, i) => {
    const created = asOfDay - spec.createdDaysAgo * DAY + 15 * HOUR + i * 7 * MINUTE;
    const leftAt = spec.leftDaysAgo === undefined ? null : asOfDay - spec.leftDaysAgo * DAY + 22 * HOUR;
    const local = `${slug(spec.first)}.${slug(spec.last)}`;
    const domain = spec.partner ? 'northwindpartners.co.uk' : COMPANY_DOMAIN;
    const user: User = {
      kind: 'user',
      id: makeSalesforceId('005', i + 1),
      firstName: spec.first,
      lastName: spec.last,
      name: `${spec.first} ${spec.last}`,
      username: spec.partner ? `${local}@partners.${COMPANY_DOMAIN}` : `${local}@${COMPANY_DOMAIN}`,
      email: `${local}@${domain}`,
      alias: (ascii(spec.first).slice(0, 1) + ascii(spec.last).replace(/[^A-Za-z]/g, '').slice(0, 4)).toLowerCase(),
      companyName: spec.partner ? PARTNER_COMPANY : COMPANY_NAME,
      department: spec.department,
      title: spec.title,
      role: spec.role,
      region: spec.region,
      timeZone: spec.tz,
      isActive: leftAt === null,
      userType: spec.partner ? 'PowerPartner' : 'Standard',
      manager: spec.manager ? (byFirst.get(spec.manager) ?? null) : null,
      created,
      lastModified: leftAt ?? created + 2 * HOUR,
      leftAt,
    };
    byFirst.set(spec.first, user);
    users.push(user);
  });
  const role = (r: Role, region?: Region) => users.filter((u) => u.role === r && (region === undefined || u.region === region));
  const one = (first: string) => byFirst.get(first) as User;

  const marketing = one('Elena');
  const queue: Queue = { kind: 'queue', id: makeSalesforceId('00G', 1), name: 'Marketing Queue' };
  const { campaigns, tradeShowDays } = buildCampaigns(asOf, windowStart, marketing);
  const campaignByKey = new Map(campaigns.map((c) => [c.key, c]));

  return {
    asOf,
    windowStart,
    users,
    queue,
    integration: one('Marketo'),
    marketing,
    managers: { east: one('Victor'), west: one('Lisa') },
    sdrs: { east: role('sdr', 'east'), west: role('sdr', 'west') },
    partners: role('partner'),
    aes: { east: role('ae', 'east'), west: role('ae', 'west') },
    campaigns,
    campaign: (key) => {
      const c = campaignByKey.get(key);
      if (!c) throw new Error(`unknown campaign ${key}`);
      return c;
    },
    tradeShowDays,
  };
}

interface CampaignSpec {
  key: string;
  name: string;
  type: string;
  startDay: number;
  endDay: number;
  budgeted: number | null;
  actual: number | null;
  description: string;
  sessionAt?: number;
}

function buildCampaigns(asOf: number, windowStart: number, owner: User): { campaigns: Campaign[]; tradeShowDays: number[] } {
  const asOfDay = dayStart(asOf);
  const ago = (days: number) => asOfDay - days * DAY;
  const year = (day: number) => new Date(day).getUTCFullYear();
  const thursday = (days: number) => onOrBefore(ago(days), 4);
  const showStart = onOrBefore(ago(164), 2); // a Tuesday to Thursday show
  const webinar1 = thursday(337);
  const webinar2 = thursday(215);
  const webinar3 = thursday(55);
  const specs: CampaignSpec[] = [
    { key: 'paid_search', name: 'Paid Search - Always On', type: 'Advertisement', startDay: dayStart(windowStart) - 30 * DAY, endDay: ago(-41), budgeted: 120000, actual: 104500, description: 'Google and Bing search ads, brand and category terms' },
    { key: 'webinar1', name: 'Webinar: The Speed-to-Lead Playbook', type: 'Webinar', startDay: webinar1 - 21 * DAY, endDay: webinar1, budgeted: 5000, actual: 3800, description: 'Live webinar with Q&A', sessionAt: webinar1 + 17 * HOUR },
    { key: 'email_q1', name: `Q1 Nurture Email Series ${year(ago(310))}`, type: 'Email', startDay: ago(310), endDay: ago(250), budgeted: 2000, actual: 1500, description: 'Three-touch nurture to inquiries' },
    { key: 'content', name: `State of RevOps Report ${year(ago(280))}`, type: 'Content', startDay: ago(280), endDay: ago(60), budgeted: 20000, actual: 18500, description: 'Gated research report; syndication and landing page' },
    { key: 'partner', name: `${PARTNER_COMPANY} Co-Marketing`, type: 'Partners', startDay: ago(260), endDay: ago(30), budgeted: 15000, actual: 12000, description: 'Market development funds for Northwind Partners, UK and EMEA' },
    { key: 'webinar2', name: 'Webinar: Fixing the MQL Handoff', type: 'Webinar', startDay: webinar2 - 21 * DAY, endDay: webinar2, budgeted: 5000, actual: 4200, description: 'Live webinar with a customer panel', sessionAt: webinar2 + 17 * HOUR },
    { key: 'trade_show', name: `Data Summit ${year(showStart)}`, type: 'Trade Show', startDay: showStart, endDay: showStart + 2 * DAY, budgeted: 80000, actual: 85000, description: 'Booth #14, Moscone West; badge scans imported each evening' },
    { key: 'newsletter', name: `Summer Newsletter ${year(ago(140))}`, type: 'Email', startDay: ago(140), endDay: ago(80), budgeted: 2500, actual: null, description: 'Monthly newsletter (cost not tracked)' },
    { key: 'webinar3', name: 'Webinar: Attribution Without Tears', type: 'Webinar', startDay: webinar3 - 21 * DAY, endDay: webinar3, budgeted: 6000, actual: 4600, description: 'Live webinar, "W-shaped" attribution explained', sessionAt: webinar3 + 17 * HOUR },
    { key: 'retargeting', name: `Q4 Retargeting Ads ${year(ago(50))}`, type: 'Advertisement', startDay: ago(50), endDay: ago(-41), budgeted: 15000, actual: 9800, description: 'LinkedIn and display retargeting' },
  ];
  specs.sort((a, b) => a.startDay - b.startDay);
  const campaigns = specs.map((s, i): Campaign => {
    const ended = s.endDay < asOfDay;
    const created = s.startDay - 20 * DAY + 14 * HOUR + i * 11 * MINUTE;
    const lastModified = ended ? s.endDay + 12 * DAY + 16 * HOUR : asOf - 2 * DAY - 3 * HOUR;
    return {
      id: makeSalesforceId('701', i + 1),
      key: s.key,
      name: s.name,
      type: s.type,
      status: ended ? 'Completed' : 'In Progress',
      start: s.startDay,
      end: s.endDay,
      budgetedCost: s.budgeted,
      actualCost: s.actual,
      isActive: !ended,
      description: s.description,
      owner,
      created,
      lastModified: Math.min(lastModified, asOf - HOUR),
      sessionAt: s.sessionAt ?? null,
    };
  });
  return { campaigns, tradeShowDays: [showStart, showStart + DAY, showStart + 2 * DAY] };
}

/** True when a campaign runs on the day of `t`. */
export function isRunning(c: Campaign, t: number): boolean {
  return t >= c.start && t < c.end + DAY;
}

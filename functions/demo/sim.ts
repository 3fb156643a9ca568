import { DAY } from './business-time.ts';
import type {
  Account, Campaign, CampaignMember, Contact, Event, Lead, LeadHistory, Opportunity, OpportunityHistory, Task, User,
} from './model.ts';
import type { Rng } from './prng.ts';
import { dayStart, type World } from './world.ts';

const CALL_SUBJECTS = ['Call', 'Intro call', 'Follow-up call', 'Call: discovery', 'Call back'];
const EMAIL_SUBJECTS = ['Email: Re: your demo request', 'Email: Following up', 'Email: Quick question', 'Email: Resources you asked for'];
const CALL_NOTES_CONNECTED = [
  'Connected. Interested in a demo next week.',
  'Spoke with them; evaluating two vendors, decision this quarter.',
  'Good call, asked about the "Growth" plan; pricing sent.',
  'Call notes:\n- budget owner is the CRO\n- wants SSO and Salesforce sync',
  'Discussed current process: spreadsheets, pain is follow-up speed.',
];
const CALL_NOTES_MISSED = ['', '', '', 'Left voicemail.', 'No answer, will try again tomorrow.', 'Gatekeeper, asked to email instead.'];
const EMAIL_NOTES = ['', '', '', 'Sent intro email with case study.', 'Shared the ROI calculator, pricing sheet and a short video.', 'Re-sent the demo link.'];

export interface TaskSpec {
  who: Lead | Contact;
  what?: Opportunity | null;
  account?: Account | null;
  owner: User;
  createdBy?: User;
  t: number;
  type: 'Call' | 'Email';
  subject?: string;
  description?: string;
  open?: boolean;
}

export interface EventSpec {
  who: Lead | Contact;
  what?: Opportunity | null;
  account?: Account | null;
  owner: User;
  createdBy: User;
  t: number;
  start: number;
  minutes: number;
  subject: string;
}

export interface MemberSpec {
  campaign: Campaign;
  lead?: Lead | null;
  contact?: Contact | null;
  status: string;
  responded: boolean;
  t: number;
  createdBy: User;
  /** When a member added as Sent responded later. */
  respondedAt?: number | null;
}

/** Shared state of one simulation run: the random stream, the org, and every record made so far. */
export class Sim {
  readonly rng: Rng;
  readonly world: World;
  readonly asOf: number;
  readonly leadHistory: LeadHistory[] = [];
  readonly members: CampaignMember[] = [];
  readonly accounts: Account[] = [];
  readonly contacts: Contact[] = [];
  readonly opportunities: Opportunity[] = [];
  readonly opportunityHistory: OpportunityHistory[] = [];
  readonly tasks: Task[] = [];
  readonly events: Event[] = [];
  /** Campaign keys each person (lead, or contact without a lead) is already a member of. */
  private readonly memberships = new Map<Lead | Contact, CampaignMember[]>();

  constructor(rng: Rng, world: World) {
    this.rng = rng;
    this.world = world;
    this.asOf = world.asOf;
  }

  touchLead(lead: Lead, t: number, by: User): void {
    if (t >= lead.lastModified) {
      lead.lastModified = t;
      lead.lastModifiedBy = by;
    }
  }

  history(lead: Lead, t: number, by: User, field: string, dataType: string, oldValue: string, newValue: string): void {
    this.leadHistory.push({ id: '', lead, createdBy: by, created: t, field, dataType, oldValue, newValue });
    this.touchLead(lead, t, by);
  }

  /** Users of a sales team who can take a lead at `t` (hired, and not about to leave). */
  eligible(users: readonly User[], t: number): User[] {
    const ok = users.filter((u) => u.created < t && (u.leftAt === null || t < u.leftAt - 30 * DAY));
    return ok.length > 0 ? ok : users.filter((u) => u.isActive);
  }

  pickSdr(region: 'east' | 'west', t: number): User {
    return this.rng.pick(this.eligible(this.world.sdrs[region], t));
  }

  pickAe(region: 'east' | 'west', t: number): User {
    return this.rng.pick(this.eligible(this.world.aes[region], t));
  }

  addTask(spec: TaskSpec): Task | null {
    if (spec.t >= this.asOf) return null;
    const rng = this.rng;
    const call = spec.type === 'Call';
    const connected = call && !spec.open && rng.chance(0.45);
    const description = spec.description ?? (call ? rng.pick(connected ? CALL_NOTES_CONNECTED : CALL_NOTES_MISSED) : rng.pick(EMAIL_NOTES));
    const task: Task = {
      id: '',
      who: spec.who,
      what: spec.what ?? null,
      account: spec.account ?? null,
      subject: spec.subject ?? (call ? rng.pick(CALL_SUBJECTS) : rng.pick(EMAIL_SUBJECTS)),
      // ActivityDate is a due date, set a day or more after the task was logged.
      dueDate: dayStart(spec.t) + rng.int(1, 3) * DAY,
      status: spec.open ? 'Not Started' : 'Completed',
      priority: rng.weighted([['Normal', 80], ['High', 15], ['Low', 5]] as const),
      owner: spec.owner,
      createdBy: spec.createdBy ?? spec.owner,
      description,
      type: spec.type,
      created: spec.t,
      callDurationSeconds: call && !spec.open ? (connected ? rng.int(90, 1500) : rng.int(0, 40)) : null,
      callDisposition: call && !spec.open ? (connected ? 'Connected' : rng.pick(['Left voicemail', 'No answer', 'Busy'])) : '',
    };
    this.tasks.push(task);
    if (!spec.open && 'seq' in spec.who) {
      const lead = spec.who;
      lead.lastActivity = Math.max(lead.lastActivity ?? 0, task.dueDate);
    }
    return task;
  }

  addEvent(spec: EventSpec): Event | null {
    if (spec.t >= this.asOf || spec.start + spec.minutes * 60_000 >= this.asOf) return null;
    const event: Event = {
      id: '', who: spec.who, what: spec.what ?? null, account: spec.account ?? null, subject: spec.subject,
      location: this.rng.pick(['Zoom', 'Google Meet', 'Microsoft Teams']), start: spec.start, minutes: spec.minutes,
      description: '', owner: spec.owner, createdBy: spec.createdBy, created: spec.t,
    };
    this.events.push(event);
    if ('seq' in spec.who) spec.who.lastActivity = Math.max(spec.who.lastActivity ?? 0, dayStart(spec.start));
    return event;
  }

  membersOf(person: Lead | Contact): readonly CampaignMember[] {
    return this.memberships.get(person) ?? [];
  }

  isMember(person: Lead | Contact, campaign: Campaign): boolean {
    return this.membersOf(person).some((m) => m.campaign === campaign);
  }

  /** Adds a campaign member unless the person is already in that campaign or it is after as-of. */
  addMember(spec: MemberSpec): CampaignMember | null {
    // One membership per person and campaign: a converted lead and its contact are the same person.
    const person = spec.lead ?? spec.contact?.lead ?? spec.contact;
    if (!person || spec.t >= this.asOf || this.isMember(person, spec.campaign)) return null;
    const respondedAt = spec.responded ? spec.t : spec.respondedAt != null && spec.respondedAt < this.asOf ? spec.respondedAt : null;
    const member: CampaignMember = {
      id: '',
      campaign: spec.campaign,
      lead: spec.lead ?? null,
      contact: spec.contact ?? null,
      status: spec.responded || respondedAt === null ? spec.status : 'Responded',
      hasResponded: respondedAt !== null,
      created: spec.t,
      createdBy: spec.createdBy,
      firstRespondedAt: respondedAt,
      lastModified: respondedAt ?? spec.t,
    };
    this.members.push(member);
    const list = this.memberships.get(person);
    if (list) list.push(member);
    else this.memberships.set(person, [member]);
    return member;
  }
}

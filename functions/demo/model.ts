import type { Person } from './people.ts';
/** The demo company's records, as the simulation builds them before they are written out. */

export type Role = 'sdr' | 'ae' | 'partner' | 'marketing' | 'manager' | 'integration';
export type Region = 'east' | 'west' | 'partner';

export interface User {
  kind: 'user';
  id: string;
  firstName: string;
  lastName: string;
  name: string;
  username: string;
  email: string;
  alias: string;
  companyName: string;
  department: string;
  title: string;
  role: Role;
  region: Region | null;
  timeZone: string;
  isActive: boolean;
  userType: 'Standard' | 'PowerPartner';
  manager: User | null;
  created: number;
  lastModified: number;
  /** When an inactive user left; their open leads are reassigned shortly after. */
  leftAt: number | null;
}

export interface Queue {
  kind: 'queue';
  id: string;
  name: string;
}

export type Owner = User | Queue;

export interface Campaign {
  id: string;
  key: string;
  name: string;
  type: string;
  status: string;
  /** Midnight UTC of the first and last day. */
  start: number;
  end: number;
  budgetedCost: number | null;
  actualCost: number | null;
  isActive: boolean;
  description: string;
  owner: User;
  created: number;
  lastModified: number;
  /** For webinars: the session's start instant. */
  sessionAt: number | null;
}

export interface Account {
  id: string;
  name: string;
  industry: string;
  country: string;
  employees: number;
  type: 'Prospect' | 'Customer';
  source: string;
  owner: User;
  createdBy: User;
  created: number;
  lastModified: number;
  lastModifiedBy: User;
}

export interface Contact {
  id: string;
  account: Account;
  firstName: string;
  lastName: string;
  title: string;
  email: string;
  phone: string;
  leadSource: string;
  bouncedReason: string;
  bouncedAt: number | null;
  owner: User;
  createdBy: User;
  created: number;
  lastModified: number;
  lastModifiedBy: User;
  /** Set when the contact came from a converted lead. */
  lead: Lead | null;
}

export interface Opportunity {
  id: string;
  account: Account;
  contact: Contact;
  name: string;
  stage: string;
  probability: number;
  amountCents: number;
  closeDate: number;
  type: string;
  leadSource: string;
  isClosed: boolean;
  isWon: boolean;
  campaign: Campaign | null;
  owner: User;
  createdBy: User;
  created: number;
  lastModified: number;
  lastModifiedBy: User;
}

export interface OpportunityHistory {
  id: string;
  opportunity: Opportunity;
  createdBy: User;
  created: number;
  stage: string;
  amountCents: number;
  closeDate: number;
  probability: number;
  fromStage: string;
}

/** A demo lead: the generated person plus its funnel state. */
export interface Lead extends Person {
  id: string;
  seq: number;
  description: string;
  channel: string;
  leadSource: string;
  campaign: Campaign | null;
  rating: string;
  score: number;
  tradeShow: boolean;
  special: 'none' | 'spam' | 'merged' | 'duplicate';
  /** For merged records: the surviving lead. For duplicates: the earlier lead with the same email. */
  original: Lead | null;
  created: number;
  createdBy: User;
  // State at the as-of time, filled by the lifecycle simulation.
  status: string;
  owner: Owner;
  isDeleted: boolean;
  isConverted: boolean;
  convertedAt: number | null;
  contact: Contact | null;
  account: Account | null;
  opportunity: Opportunity | null;
  disqualifiedReason: string;
  bouncedReason: string;
  bouncedAt: number | null;
  lastModified: number;
  lastModifiedBy: User;
  lastActivity: number | null;
  firstTouchAt: number | null;
}

export interface LeadHistory {
  id: string;
  lead: Lead;
  createdBy: User;
  created: number;
  field: string;
  dataType: string;
  oldValue: string;
  newValue: string;
}

export interface CampaignMember {
  id: string;
  campaign: Campaign;
  lead: Lead | null;
  contact: Contact | null;
  status: string;
  hasResponded: boolean;
  created: number;
  createdBy: User;
  firstRespondedAt: number | null;
  lastModified: number;
}

export interface Task {
  id: string;
  who: Lead | Contact;
  what: Opportunity | null;
  account: Account | null;
  subject: string;
  dueDate: number;
  status: 'Completed' | 'Not Started';
  priority: 'High' | 'Normal' | 'Low';
  owner: User;
  createdBy: User;
  description: string;
  type: 'Call' | 'Email';
  created: number;
  callDurationSeconds: number | null;
  callDisposition: string;
}

export interface Event {
  id: string;
  who: Lead | Contact;
  what: Opportunity | null;
  account: Account | null;
  subject: string;
  location: string;
  start: number;
  minutes: number;
  description: string;
  owner: User;
  createdBy: User;
  created: number;
}

/** Everything the simulation produces. */
export interface DemoData {
  asOf: number;
  users: User[];
  queue: Queue;
  campaigns: Campaign[];
  leads: Lead[];
  leadHistory: LeadHistory[];
  members: CampaignMember[];
  accounts: Account[];
  contacts: Contact[];
  opportunities: Opportunity[];
  opportunityHistory: OpportunityHistory[];
  tasks: Task[];
  events: Event[];
}

import { join } from 'node:path';
import { CsvWriter, formatBool, formatCents, formatDate, formatDateTime } from './csv-writer.ts';
import type { DemoData, Lead, Contact, Opportunity, Account } from './model.ts';
import { EMPTY_REFERENCE } from './salesforce-id.ts';

/** Writes the simulated org as Data Export Service CSV files; returns data rows per file name. */

const ref = (record: { id: string } | null | undefined): string => (record ? record.id : EMPTY_REFERENCE);
const dt = formatDateTime;
const date = formatDate;
const bool = formatBool;
const opt = (ms: number | null): string => (ms === null ? '' : formatDateTime(ms));

const FORECAST: Record<string, [string, string]> = {
  Prospecting: ['Pipeline', 'Pipeline'], Qualification: ['Pipeline', 'Pipeline'], 'Needs Analysis': ['Pipeline', 'Pipeline'],
  'Proposal/Price Quote': ['BestCase', 'Best Case'], 'Negotiation/Review': ['Commit', 'Commit'], 'Closed Won': ['Closed', 'Closed'],
  'Closed Lost': ['Omitted', 'Omitted'],
};

export const HEADERS = {
  User: ['Id', 'Username', 'FirstName', 'LastName', 'CompanyName', 'Division', 'Department', 'Title', 'Email', 'Alias', 'IsActive', 'TimeZoneSidKey', 'LocaleSidKey', 'UserType', 'ManagerId', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp'],
  Lead: ['Id', 'IsDeleted', 'MasterRecordId', 'FirstName', 'LastName', 'Title', 'Company', 'State', 'Country', 'Phone', 'MobilePhone', 'Email', 'Description', 'LeadSource', 'Status', 'Industry', 'Rating', 'AnnualRevenue', 'NumberOfEmployees', 'OwnerId', 'IsConverted', 'ConvertedDate', 'ConvertedAccountId', 'ConvertedContactId', 'ConvertedOpportunityId', 'IsUnreadByOwner', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp', 'LastActivityDate', 'EmailBouncedReason', 'EmailBouncedDate', 'Disqualified_Reason__c', 'Segment__c', 'Lead_Score__c'],
  LeadHistory: ['Id', 'IsDeleted', 'LeadId', 'CreatedById', 'CreatedDate', 'Field', 'DataType', 'OldValue', 'NewValue'],
  Campaign: ['Id', 'IsDeleted', 'Name', 'ParentId', 'Type', 'Status', 'StartDate', 'EndDate', 'CurrencyIsoCode', 'BudgetedCost', 'ActualCost', 'IsActive', 'Description', 'OwnerId', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp'],
  CampaignMember: ['Id', 'IsDeleted', 'CampaignId', 'LeadId', 'ContactId', 'Status', 'HasResponded', 'CreatedDate', 'CreatedById', 'FirstRespondedDate', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp'],
  Account: ['Id', 'IsDeleted', 'Name', 'Type', 'Industry', 'BillingCountry', 'NumberOfEmployees', 'AccountSource', 'OwnerId', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp'],
  Contact: ['Id', 'IsDeleted', 'MasterRecordId', 'AccountId', 'FirstName', 'LastName', 'Email', 'Phone', 'Title', 'LeadSource', 'OwnerId', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp', 'EmailBouncedReason', 'EmailBouncedDate'],
  Opportunity: ['Id', 'IsDeleted', 'AccountId', 'Name', 'StageName', 'Amount', 'Probability', 'CloseDate', 'Type', 'LeadSource', 'IsClosed', 'IsWon', 'ForecastCategoryName', 'CurrencyIsoCode', 'CampaignId', 'OwnerId', 'ContactId', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp'],
  OpportunityHistory: ['Id', 'OpportunityId', 'CreatedById', 'CreatedDate', 'StageName', 'Amount', 'ExpectedRevenue', 'CloseDate', 'Probability', 'ForecastCategory', 'FromOpportunityStageName', 'CurrencyIsoCode', 'SystemModstamp', 'IsDeleted'],
  Task: ['Id', 'WhoId', 'WhatId', 'Subject', 'ActivityDate', 'Status', 'Priority', 'OwnerId', 'Description', 'Type', 'IsDeleted', 'AccountId', 'IsClosed', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp', 'CallDurationInSeconds', 'CallType', 'CallDisposition', 'TaskSubtype', 'CompletedDateTime'],
  Event: ['Id', 'WhoId', 'WhatId', 'Subject', 'Location', 'StartDateTime', 'EndDateTime', 'ActivityDateTime', 'ActivityDate', 'DurationInMinutes', 'Description', 'OwnerId', 'Type', 'IsDeleted', 'AccountId', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp'],
} as const;

type FileName = keyof typeof HEADERS;

async function writeFile<T>(dir: string, name: FileName, records: Iterable<T>, row: (r: T) => string[]): Promise<number> {
  const writer = new CsvWriter(join(dir, `${name}.csv`), HEADERS[name]);
  const width = HEADERS[name].length;
  for (const record of records) {
    const values = row(record);
    if (values.length !== width) throw new Error(`${name}.csv: row has ${values.length} values for ${width} columns`);
    await writer.write(values);
  }
  return writer.close();
}

function leadRow(l: Lead): string[] {
  const unread = l.owner.kind === 'user' && l.firstTouchAt === null && (l.status === 'Open - Not Contacted' || l.status === 'Working - Contacted');
  return [
    l.id, bool(l.isDeleted), l.special === 'merged' && l.original ? l.original.id : '', l.firstName, l.lastName, l.title, l.company,
    l.state, l.country, l.phone, l.mobilePhone, l.email, l.description, l.leadSource, l.status, l.industry, l.rating,
    l.annualRevenue === null ? '' : String(l.annualRevenue), String(l.employees), l.owner.id, bool(l.isConverted),
    l.convertedAt === null ? '' : date(l.convertedAt), ref(l.account), ref(l.contact), ref(l.opportunity), bool(unread),
    dt(l.created), l.createdBy.id, dt(l.lastModified), l.lastModifiedBy.id, dt(l.lastModified),
    l.lastActivity === null ? '' : date(l.lastActivity), l.bouncedReason, opt(l.bouncedAt), l.disqualifiedReason, l.segment, String(l.score),
  ];
}

export async function writeExports(dir: string, data: DemoData): Promise<Record<string, number>> {
  const files: Record<string, number> = {};
  const admin = data.users[0];
  if (!admin) throw new Error('no users');

  files['User.csv'] = await writeFile(dir, 'User', data.users, (u) => [
    u.id, u.username, u.firstName, u.lastName, u.companyName, u.timeZone.startsWith('Europe/') ? 'EMEA' : 'North America', u.department, u.title, u.email, u.alias, bool(u.isActive), u.timeZone,
    u.timeZone.startsWith('Europe/') ? 'en_GB' : 'en_US', u.userType, u.manager ? u.manager.id : '',
    dt(u.created), admin.id, dt(u.lastModified), admin.id, dt(u.lastModified),
  ]);

  files['Lead.csv'] = await writeFile(dir, 'Lead', data.leads, leadRow);

  files['LeadHistory.csv'] = await writeFile(dir, 'LeadHistory', data.leadHistory, (h) => [
    h.id, '0', h.lead.id, h.createdBy.id, dt(h.created), h.field, h.dataType, h.oldValue, h.newValue,
  ]);

  files['Campaign.csv'] = await writeFile(dir, 'Campaign', data.campaigns, (c) => [
    c.id, '0', c.name, '', c.type, c.status, date(c.start), date(c.end), 'USD',
    c.budgetedCost === null ? '' : String(c.budgetedCost), c.actualCost === null ? '' : String(c.actualCost), bool(c.isActive),
    c.description, c.owner.id, dt(c.created), c.owner.id, dt(c.lastModified), c.owner.id, dt(c.lastModified),
  ]);

  files['CampaignMember.csv'] = await writeFile(dir, 'CampaignMember', data.members, (m) => [
    m.id, '0', m.campaign.id, ref(m.lead), ref(m.contact), m.status, bool(m.hasResponded), dt(m.created), m.createdBy.id,
    m.firstRespondedAt === null ? '' : date(m.firstRespondedAt), dt(m.lastModified), m.createdBy.id, dt(m.lastModified),
  ]);

  files['Account.csv'] = await writeFile(dir, 'Account', data.accounts, (a: Account) => [
    a.id, '0', a.name, a.type, a.industry, a.country, String(a.employees), a.source, a.owner.id,
    dt(a.created), a.createdBy.id, dt(a.lastModified), a.lastModifiedBy.id, dt(a.lastModified),
  ]);

  files['Contact.csv'] = await writeFile(dir, 'Contact', data.contacts, (c: Contact) => [
    c.id, '0', '', c.account.id, c.firstName, c.lastName, c.email, c.phone, c.title, c.leadSource, c.owner.id,
    dt(c.created), c.createdBy.id, dt(c.lastModified), c.lastModifiedBy.id, dt(c.lastModified), c.bouncedReason, opt(c.bouncedAt),
  ]);

  files['Opportunity.csv'] = await writeFile(dir, 'Opportunity', data.opportunities, (o: Opportunity) => [
    o.id, '0', o.account.id, o.name, o.stage, formatCents(o.amountCents), String(o.probability), date(o.closeDate), o.type, o.leadSource,
    bool(o.isClosed), bool(o.isWon), (FORECAST[o.stage] as [string, string])[1], 'USD', ref(o.campaign), o.owner.id, o.contact.id,
    dt(o.created), o.createdBy.id, dt(o.lastModified), o.lastModifiedBy.id, dt(o.lastModified),
  ]);

  files['OpportunityHistory.csv'] = await writeFile(dir, 'OpportunityHistory', data.opportunityHistory, (h) => [
    h.id, h.opportunity.id, h.createdBy.id, dt(h.created), h.stage, formatCents(h.amountCents),
    formatCents(Math.round((h.amountCents * h.probability) / 100)), date(h.closeDate), String(h.probability),
    (FORECAST[h.stage] as [string, string])[0], h.fromStage, 'USD', dt(h.created), '0',
  ]);

  files['Task.csv'] = await writeFile(dir, 'Task', data.tasks, (t) => {
    const done = t.status === 'Completed';
    const call = t.type === 'Call';
    return [
      t.id, t.who.id, ref(t.what), t.subject, date(t.dueDate), t.status, t.priority, t.owner.id, t.description, t.type, '0',
      ref(t.account), bool(done), dt(t.created), t.createdBy.id, dt(t.created), t.owner.id, dt(t.created),
      t.callDurationSeconds === null ? '' : String(t.callDurationSeconds), call && done ? 'Outbound' : '', t.callDisposition,
      t.type, done ? dt(t.created) : '',
    ];
  });

  files['Event.csv'] = await writeFile(dir, 'Event', data.events, (e) => {
    const end = e.start + e.minutes * 60_000;
    return [
      e.id, e.who.id, ref(e.what), e.subject, e.location, dt(e.start), dt(end), dt(e.start), date(e.start), String(e.minutes),
      e.description, e.owner.id, 'Meeting', '0', ref(e.account), dt(e.created), e.createdBy.id, dt(e.created), e.createdBy.id, dt(e.created),
    ];
  });
  return files;
}

import type { ColumnSpec, ObjectSpec } from '../../core/catalogue.ts';

// Shorthands keep the object specs readable: header, lake name, type.
const id = (name: string): ColumnSpec => ({ header: 'Id', name, type: 'id', required: true, notNull: true });
const ref = (header: string, name: string, required = false): ColumnSpec => ({ header, name, type: 'ref', required });
const str = (header: string, name: string, aliases?: string[]): ColumnSpec => ({ header, name, type: 'string', ...(aliases ? { aliases } : {}) });
const bool = (header: string, name: string): ColumnSpec => ({ header, name, type: 'boolean' });
const ts = (header: string, name: string, required = false): ColumnSpec => ({ header, name, type: 'timestamp', required, notNull: required });
const date = (header: string, name: string): ColumnSpec => ({ header, name, type: 'date' });
const dec = (header: string, name: string): ColumnSpec => ({ header, name, type: 'decimal' });
const int = (header: string, name: string): ColumnSpec => ({ header, name, type: 'integer' });

const audit = [ts('CreatedDate', 'created_at', true), ts('LastModifiedDate', 'last_modified_at'), ts('SystemModstamp', 'system_modstamp_at')];
const deleted = bool('IsDeleted', 'is_deleted');

/** Salesforce objects Handoff reads, by API name, as the Data Export ZIP and API tools name their files. */
export const SALESFORCE_OBJECTS: ObjectSpec[] = [
  {
    source: 'salesforce', object: 'lead', files: ['Lead'],
    columns: [
      id('lead_id'), deleted, ref('MasterRecordId', 'master_record_id'),
      // Name is the compound full name some API tools export instead of (or beside) FirstName and LastName.
      str('FirstName', 'first_name'), str('LastName', 'last_name'), str('Name', 'full_name'), str('Title', 'title'), str('Company', 'company'),
      str('Country', 'country'), str('Phone', 'phone'), str('MobilePhone', 'mobile_phone'), str('Email', 'email'),
      str('LeadSource', 'lead_source'), { header: 'Status', name: 'status', type: 'string', required: true },
      str('Industry', 'industry'), str('Rating', 'rating'), ref('OwnerId', 'owner_id', true),
      bool('IsConverted', 'is_converted'), date('ConvertedDate', 'converted_date'),
      ref('ConvertedAccountId', 'converted_account_id'), ref('ConvertedContactId', 'converted_contact_id'), ref('ConvertedOpportunityId', 'converted_opportunity_id'),
      str('EmailBouncedReason', 'email_bounced_reason'), ts('EmailBouncedDate', 'email_bounced_at'),
      str('Disqualified_Reason__c', 'disqualified_reason', ['Rejection_Reason__c', 'Unqualified_Reason__c']),
      str('Segment__c', 'segment'), dec('AnnualRevenue', 'annual_revenue'),
      // Salesforce has no standard score field: scoring.score_columns.salesforce names it (connectors/scores.ts).
      dec('Lead_Score__c', 'score'), int('NumberOfEmployees', 'number_of_employees'),
      ...audit,
    ],
  },
  {
    source: 'salesforce', object: 'lead_history', files: ['LeadHistory'],
    columns: [
      id('lead_history_id'), deleted, ref('LeadId', 'lead_id', true), ref('CreatedById', 'created_by_id'),
      ts('CreatedDate', 'created_at', true), { header: 'Field', name: 'field', type: 'string', required: true },
      str('DataType', 'data_type'), str('OldValue', 'old_value'), str('NewValue', 'new_value'),
      { header: 'OldValue', name: 'old_owner_id', type: 'id_if_any' }, { header: 'NewValue', name: 'new_owner_id', type: 'id_if_any' },
    ],
  },
  {
    source: 'salesforce', object: 'user', files: ['User'],
    columns: [
      id('user_id'), str('Username', 'username'), str('FirstName', 'first_name'), str('LastName', 'last_name'), str('Email', 'email'),
      str('CompanyName', 'company_name'), str('Department', 'department'), str('Division', 'division'), str('Title', 'title'),
      bool('IsActive', 'is_active'), str('TimeZoneSidKey', 'time_zone'), str('UserType', 'user_type'),
      ref('UserRoleId', 'user_role_id'), ref('ManagerId', 'manager_id'), ...audit,
    ],
  },
  {
    source: 'salesforce', object: 'contact', files: ['Contact'],
    columns: [
      id('contact_id'), deleted, ref('MasterRecordId', 'master_record_id'), ref('AccountId', 'account_id'),
      str('FirstName', 'first_name'), str('LastName', 'last_name'), str('Name', 'full_name'), str('Email', 'email'), str('Phone', 'phone'),
      str('LeadSource', 'lead_source'), ref('OwnerId', 'owner_id'), str('EmailBouncedReason', 'email_bounced_reason'), ...audit,
    ],
  },
  {
    source: 'salesforce', object: 'account', files: ['Account'],
    columns: [id('account_id'), deleted, str('Name', 'account_name'), str('Industry', 'industry'), ref('OwnerId', 'owner_id'), ...audit],
  },
  {
    source: 'salesforce', object: 'opportunity', files: ['Opportunity'],
    columns: [
      id('opportunity_id'), deleted, ref('AccountId', 'account_id'), str('Name', 'opportunity_name'),
      { header: 'StageName', name: 'stage_name', type: 'string', required: true }, dec('Amount', 'amount'),
      date('CloseDate', 'close_date'), str('Type', 'opportunity_type'), str('LeadSource', 'lead_source'),
      bool('IsClosed', 'is_closed'), bool('IsWon', 'is_won'), str('CurrencyIsoCode', 'currency_code'),
      ref('CampaignId', 'campaign_id'), ref('OwnerId', 'owner_id'), ref('ContactId', 'contact_id'),
      // Salesforce has no standard loss reason; these are the custom fields orgs add for it most often.
      { header: 'Loss_Reason__c', name: 'loss_reason', type: 'string', aliases: ['Reason_Lost__c', 'Lost_Reason__c', 'Closed_Lost_Reason__c'] },
      ...audit,
    ],
  },
  {
    source: 'salesforce', object: 'opportunity_history', files: ['OpportunityHistory'],
    columns: [
      id('opportunity_history_id'), deleted, ref('OpportunityId', 'opportunity_id', true), ts('CreatedDate', 'created_at', true),
      str('StageName', 'stage_name'), dec('Amount', 'amount'), date('CloseDate', 'close_date'), str('FromOpportunityStageName', 'from_stage_name'),
    ],
  },
  {
    source: 'salesforce', object: 'campaign', files: ['Campaign'],
    columns: [
      id('campaign_id'), deleted, { header: 'Name', name: 'campaign_name', type: 'string', required: true }, ref('ParentId', 'parent_campaign_id'),
      str('Type', 'campaign_type'), str('Status', 'status'), date('StartDate', 'start_date'), date('EndDate', 'end_date'),
      dec('BudgetedCost', 'budgeted_cost'), dec('ActualCost', 'actual_cost'), str('CurrencyIsoCode', 'currency_code'), ...audit,
    ],
  },
  {
    source: 'salesforce', object: 'campaign_member', files: ['CampaignMember'],
    columns: [
      id('campaign_member_id'), deleted, ref('CampaignId', 'campaign_id', true), ref('LeadId', 'lead_id'), ref('ContactId', 'contact_id'),
      str('Status', 'member_status'), bool('HasResponded', 'has_responded'), date('FirstRespondedDate', 'first_responded_date'), ...audit,
    ],
  },
  {
    source: 'salesforce', object: 'task', files: ['Task'],
    columns: [
      id('task_id'), deleted, ref('WhoId', 'who_id'), ref('WhatId', 'what_id'), str('Subject', 'subject'),
      date('ActivityDate', 'due_date'), str('Status', 'status'), ref('OwnerId', 'owner_id', true), str('Type', 'task_type'),
      str('TaskSubtype', 'task_subtype'), bool('IsClosed', 'is_closed'), ts('CompletedDateTime', 'completed_at'),
      int('CallDurationInSeconds', 'call_duration_seconds'), str('CallType', 'call_type'), ...audit,
    ],
  },
  {
    source: 'salesforce', object: 'event', files: ['Event'],
    columns: [
      id('event_id'), deleted, ref('WhoId', 'who_id'), ref('WhatId', 'what_id'), str('Subject', 'subject'),
      ts('StartDateTime', 'start_at'), ts('EndDateTime', 'end_at'), ref('OwnerId', 'owner_id', true), str('Type', 'event_type'), ...audit,
    ],
  },
];

import type { ColumnSpec, ObjectSpec } from '../../core/catalogue.ts';

/*
 * HubSpot record exports (README, "Your own exports"): headers are property LABELS, times are
 * the account's local wall-clock time without an offset (`2024-03-15 14:30`, sometimes with seconds,
 * `3/15/2024 2:30 PM` after an Excel re-save), read in `ingest.source_time_zone`; blanks may be
 * `(No value)`; numbers may carry thousands separators (`1,234.5`); multi-value cells (association
 * IDs) are `;`-separated and kept as text. Owner columns hold the owner's NAME, so the owners
 * mapping file (`owners.csv`) is what gives owners their team and time zone.
 *
 * Aliases also accept older exports (`Contact ID`, `Deal ID`, `Associated Company ID`) and the
 * internal property names the Exports API writes with `exportInternalValuesOptions: ["NAMES"]`
 * (`createdate`, `hs_lifecyclestage_marketingqualifiedlead_date`, …). With `VALUES` the cells hold
 * internal option values (`marketingqualifiedlead`, owner IDs) instead of labels; staging must accept both.
 *
 * IDs are kept as text as exported (type `string`, not `id`): HubSpot IDs are numbers, and the
 * Salesforce 15→18 character rewrite of `id` must never touch them.
 */

// Shorthands: header, lake name, aliases.
const key = (header: string, name: string, aliases: string[] = []): ColumnSpec => ({ header, name, type: 'string', required: true, notNull: true, aliases });
const str = (header: string, name: string, aliases: string[] = []): ColumnSpec => ({ header, name, type: 'string', aliases });
const local = (header: string, name: string, aliases: string[] = [], required = false): ColumnSpec => ({ header, name, type: 'local_timestamp', aliases, required, notNull: required });
const date = (header: string, name: string, aliases: string[] = []): ColumnSpec => ({ header, name, type: 'date', aliases });
const dec = (header: string, name: string, aliases: string[] = []): ColumnSpec => ({ header, name, type: 'decimal', aliases });
const int = (header: string, name: string, aliases: string[] = []): ColumnSpec => ({ header, name, type: 'integer', aliases });
const bool = (header: string, name: string, aliases: string[] = []): ColumnSpec => ({ header, name, type: 'boolean', aliases });

/**
 * `contacts`, `all-contacts-2024-08-27`, and HubSpot's own file names: `hubspot-crm-exports-all-contacts-2024-08-27`,
 * `hubspot-listing-lib-exports-all-campaigns-2025-06-02`.
 */
function exportName(...objects: string[]): RegExp {
  return new RegExp(`^(hubspot-[a-z]+(-[a-z]+)*-exports-)?(all-)?(${objects.join('|')})([-_ ].*)?$`, 'i');
}

/**
 * Every stage-entry column, whatever its pipeline: `Date entered "Marketing Qualified Lead (Lifecycle
 * Stage Pipeline)"` on contacts, `Date entered "Closed Lost  (Texas)"` on deals (labels keep the
 * user's spacing), or the internal `hs_v2_date_entered_<stage id>` / `hs_date_entered_<stage id>`.
 * The label (stage and pipeline as written) is kept; staging trims and collapses its spaces.
 */
const STAGE_ENTERED = /^(?:Date entered "(.+)"|hs_v2_date_entered_(.+)|hs_date_entered_(.+))$/i;

/** Lifecycle stages with a "Became a … Date" property: label in the header, internal name, lake column. */
const LIFECYCLE_DATES: Array<[label: string, internal: string, name: string]> = [
  ['Subscriber', 'subscriber', 'became_subscriber_at'],
  ['Lead', 'lead', 'became_lead_at'],
  ['Marketing Qualified Lead', 'marketingqualifiedlead', 'became_mql_at'],
  ['Sales Qualified Lead', 'salesqualifiedlead', 'became_sql_at'],
  ['Opportunity', 'opportunity', 'became_opportunity_at'],
  ['Customer', 'customer', 'became_customer_at'],
  ['Evangelist', 'evangelist', 'became_evangelist_at'],
  ['Other Lifecycle', 'other', 'became_other_at'],
];

/** Real exports say "Became an Opportunity Date" (article by vowel); accept either article. */
function becameColumn([label, internal, name]: [string, string, string]): ColumnSpec {
  const article = /^[AEIOU]/.test(label) ? 'an' : 'a';
  const other = article === 'an' ? 'a' : 'an';
  return local(`Became ${article} ${label} Date`, name, [`Became ${other} ${label} Date`, `hs_lifecyclestage_${internal}_date`]);
}

/**
 * Stage-entry columns of the DEFAULT pipeline as columns of their own (`Date entered "Closed Won (Sales
 * Pipeline)"`); every pipeline's stages, custom ones included, are also in `stage_entries`. Stage
 * labels and ids: [docs/unverified].
 */
const DEFAULT_PIPELINE_STAGES: Array<[label: string, internal: string, name: string]> = [
  ['Appointment Scheduled', 'appointmentscheduled', 'entered_appointment_scheduled_at'],
  ['Qualified To Buy', 'qualifiedtobuy', 'entered_qualified_to_buy_at'],
  ['Presentation Scheduled', 'presentationscheduled', 'entered_presentation_scheduled_at'],
  ['Decision Maker Bought-In', 'decisionmakerboughtin', 'entered_decision_maker_bought_in_at'],
  ['Contract Sent', 'contractsent', 'entered_contract_sent_at'],
  ['Closed Won', 'closedwon', 'entered_closed_won_at'],
  ['Closed Lost', 'closedlost', 'entered_closed_lost_at'],
];

function stageEnteredColumn([label, internal, name]: [string, string, string]): ColumnSpec {
  return local(`Date entered "${label} (Sales Pipeline)"`, name, [`Date entered "${label}"`, `hs_v2_date_entered_${internal}`, `hs_date_entered_${internal}`]);
}

/** Stage-entry dates of any pipeline, as `label<TAB>time` lines (see STAGE_ENTERED). */
const stageEntries = (name: string): ColumnSpec => ({ header: 'Date entered "…"', name, type: 'string', family: { pattern: STAGE_ENTERED, type: 'local_timestamp' } });

/** HubSpot files that sit beside contacts and deals in an export folder but feed no number (listed on data health as not used). */
const notUsed = (object: string, pattern: RegExp, reason: string): ObjectSpec => ({ source: 'hubspot', object, files: [], filePattern: pattern, columns: [], notUsed: reason });

/** HubSpot objects Handoff reads from `hubspot/`. All-properties exports repeat association labels: the first of a repeated column is read. */
export const HUBSPOT_OBJECTS: ObjectSpec[] = [
  {
    // Contacts ▸ Export, all properties (headers observed in real 2023 and 2024–2026 exports) or a view export.
    source: 'hubspot', object: 'contact', files: ['contacts', 'contact'], filePattern: exportName('contacts?'), repeatedHeaders: 'first',
    columns: [
      key('Record ID', 'contact_id', ['Contact ID', 'hs_object_id', 'vid']),
      // Optional, so a view export without it still loads; a row with it empty is quarantined.
      { ...local('Create Date', 'created_at', ['createdate', 'Object create date/time']), notNull: true,
        degradesWithout: 'contacts are dated by their first lifecycle stage date instead, and contacts without any are left out of the funnel' },
      local('Last Modified Date', 'last_modified_at', ['lastmodifieddate']),
      str('First Name', 'first_name', ['firstname']), str('Last Name', 'last_name', ['lastname']),
      str('Email', 'email'), str('Phone Number', 'phone', ['phone']), str('Mobile Phone Number', 'mobile_phone', ['mobilephone']),
      str('Job Title', 'title', ['jobtitle']), str('Company Name', 'company', ['company']), str('Country/Region', 'country', ['Country']),
      str('Industry', 'industry'),
      str('Lifecycle Stage', 'lifecycle_stage', ['lifecyclestage']), str('Lead Status', 'lead_status', ['hs_lead_status']),
      // The export shows the owner's full name; the Exports API with VALUES gives the owner ID instead.
      str('Contact owner', 'owner_name', ['Owner']), str('hubspot_owner_id', 'owner_id'),
      local('Owner Assigned Date', 'owner_assigned_at', ['hubspot_owner_assigneddate']),
      // "Original Source" was renamed "Original Traffic Source" in 2024–2025 exports.
      str('Original Source', 'original_source', ['Original Traffic Source', 'hs_analytics_source']),
      str('Original Source Drill-Down 1', 'original_source_drill_down_1', ['Original Traffic Source Drill-Down 1', 'hs_analytics_source_data_1']),
      str('Original Source Drill-Down 2', 'original_source_drill_down_2', ['Original Traffic Source Drill-Down 2', 'hs_analytics_source_data_2']),
      str('Latest Source', 'latest_source', ['Latest Traffic Source', 'hs_latest_source']),
      local('Latest Source Date', 'latest_source_at', ['Latest Traffic Source Date', 'Latest Traffic Source Timestamp', 'hs_latest_source_timestamp']),
      // How the record was created (CRM UI, import, form, integration): the fallback when no traffic source was tracked.
      str('Record source', 'record_source', ['hs_object_source_label']), str('Record source detail 1', 'record_source_detail_1', ['hs_object_source_detail_1']),
      ...LIFECYCLE_DATES.map(becameColumn),
      stageEntries('lifecycle_stage_entries'),
      str('Associated Deal IDs', 'associated_deal_ids', ['Associated Deal ID']),
      str('Associated Company IDs', 'associated_company_ids', ['Associated Company ID']),
      str('Primary Associated Company ID', 'primary_company_id', ['Associated Company IDs (Primary)']),
      dec('HubSpot Score', 'hubspot_score', ['hubspotscore']),
      int('Marketing emails bounced', 'marketing_emails_bounced', ['hs_email_bounce']),
      str('Email hard bounce reason', 'email_hard_bounce_reason'),
      bool('Unsubscribed from all email', 'unsubscribed'),
      str('First Conversion', 'first_conversion', ['first_conversion_event_name']),
      local('First Conversion Date', 'first_conversion_at', ['first_conversion_date']),
      str('Recent Conversion', 'recent_conversion', ['recent_conversion_event_name']),
      local('Recent Conversion Date', 'recent_conversion_at', ['recent_conversion_date']),
      local('Last Contacted', 'last_contacted_at', ['notes_last_contacted']),
      int('Number of times contacted', 'times_contacted', ['num_contacted_notes']),
      int('Number of Sales Activities', 'sales_activities', ['num_notes']),
    ],
  },
  {
    // Deals ▸ Export, all properties or a view. `Create Date` is optional: view exports often leave it out.
    source: 'hubspot', object: 'deal', files: ['deals', 'deal'], filePattern: exportName('deals?'), repeatedHeaders: 'first',
    columns: [
      key('Record ID', 'deal_id', ['Deal ID', 'hs_object_id', 'dealId']),
      str('Deal Name', 'deal_name', ['dealname']),
      { header: 'Deal Stage', name: 'stage_name', type: 'string', required: true, aliases: ['dealstage', 'Stage'] },
      str('Pipeline', 'pipeline'),
      { ...dec('Amount', 'amount'), degradesWithout: 'deals have no amount: they are counted in opportunities created, won and lost but add nothing to pipeline created or revenue won' },
      // [unverified labels] (multi-currency portals only).
      dec('Amount in company currency', 'amount_in_company_currency', ['amount_in_home_currency']),
      str('Deal Currency Code', 'currency_code', ['Currency', 'deal_currency_code']),
      { ...date('Close Date', 'close_date', ['closedate']), degradesWithout: 'closed deals are dated by the day they entered their current stage instead' },
      { ...local('Create Date', 'created_at', ['createdate']),
        degradesWithout: 'deals are dated by their first "Date entered" stage instead, and deals without one are left out of pipeline created and cycle times' },
      local('Last Modified Date', 'last_modified_at', ['hs_lastmodifieddate']),
      str('Deal owner', 'owner_name', ['Owner']), str('hubspot_owner_id', 'owner_id'),
      str('Deal Type', 'deal_type', ['dealtype']),
      str('Original Source', 'original_source', ['Original Source Type', 'hs_analytics_source']),
      str('Original Source Drill-Down 1', 'original_source_drill_down_1', ['hs_analytics_source_data_1']),
      str('Latest Source', 'latest_source', ['hs_analytics_latest_source']),
      // Outcome columns of 2024–2026 exports; a view export may carry none of them, then the deal stage map decides.
      bool('Is Closed Won', 'is_won', ['hs_is_closed_won']), bool('Is closed lost', 'is_lost', ['hs_is_closed_lost']),
      bool('Is Deal Closed?', 'is_closed', ['Is Closed', 'hs_is_closed']),
      // "1.0" / "0.0" (counters are written as decimals).
      dec('Is Closed Won (numeric)', 'is_won_numeric', ['hs_is_closed_won_numeric']), dec('Is Closed (numeric)', 'is_closed_numeric', ['hs_is_closed_numeric']),
      dec('Deal probability', 'deal_probability', ['hs_deal_stage_probability']),
      str('Closed Lost Reason', 'closed_lost_reason', ['closed_lost_reason']), str('Closed Won Reason', 'closed_won_reason', ['closed_won_reason']),
      { ...str('Associated Contact IDs', 'associated_contact_ids', ['Associated Contact ID']),
        degradesWithout: 'deals have no person: they are sourced by their own Original Source and add no SQL, won or lost stage to the funnel' },
      str('Associated Company IDs', 'associated_company_ids', ['Associated Company ID']),
      str('Associated Company IDs (Primary)', 'primary_company_id', ['Primary Associated Company ID']),
      ...DEFAULT_PIPELINE_STAGES.map(stageEnteredColumn),
      stageEntries('stage_entries'),
    ],
  },
  {
    /*
     * Engagements: calls, emails, meetings, notes, tasks exported together. HubSpot's own activity
     * export headers have not been seen in a real export: every label here is [unverified], with the internal
     * property names (`hs_timestamp`, `hs_call_disposition`, …) [docs] as aliases. The type must
     * be present (CALL, EMAIL, MEETING, NOTE, TASK, or their labels) so touches can be told apart.
     */
    source: 'hubspot', object: 'engagement', files: ['engagements', 'engagement', 'activities', 'activity'],
    filePattern: exportName('engagements?', 'activities', 'activity'), repeatedHeaders: 'first',
    columns: [
      key('Record ID', 'engagement_id', ['Activity ID', 'Engagement ID', 'hs_object_id', 'id']),
      { header: 'Activity type', name: 'engagement_type', type: 'string', required: true, notNull: true, aliases: ['Type', 'Engagement type', 'hs_engagement_type'] },
      local('Activity date', 'occurred_at', ['Timestamp', 'Activity Date', 'hs_timestamp'], true),
      local('Create Date', 'created_at', ['Created at', 'hs_createdate']),
      local('Last Modified Date', 'last_modified_at', ['hs_lastmodifieddate']),
      str('Activity assigned to', 'owner_name', ['Owner', 'Assigned to', 'Activity owner']), str('hubspot_owner_id', 'owner_id'),
      str('Subject', 'subject', ['Activity title', 'Call title', 'Email subject', 'Meeting name', 'Task title', 'hs_call_title', 'hs_email_subject', 'hs_meeting_title', 'hs_task_subject']),
      str('Call outcome', 'call_outcome', ['Call disposition', 'hs_call_disposition']),
      str('Call direction', 'call_direction', ['hs_call_direction']),
      str('Email direction', 'email_direction', ['hs_email_direction']),
      str('Meeting outcome', 'meeting_outcome', ['hs_meeting_outcome']),
      str('Task status', 'task_status', ['hs_task_status']),
      str('Associated Contact IDs', 'associated_contact_ids', ['Associated Contact ID']),
      str('Associated Deal IDs', 'associated_deal_ids', ['Associated Deal ID']),
      str('Associated Company IDs', 'associated_company_ids', ['Associated Company ID']),
    ],
  },
  {
    /*
     * Owners: a mapping file the user keeps (`owners.csv`), or HubSpot's owners list. Exports name
     * owners by full name, so a row is matched by `Name` (or First + Last Name), `Email` or `Owner ID`;
     * `Team` and `Time Zone` are what the SLA clocks need. No column is required. An empty `Active`
     * cell reads as false (as everywhere); leave the column out to mean "not known".
     */
    source: 'hubspot', object: 'owner', files: ['owners', 'owner', 'users'],
    columns: [
      str('Owner ID', 'owner_id', ['ID', 'Owner Id', 'hubspot_owner_id', 'ownerId']),
      str('Name', 'owner_name', ['Owner', 'Owner name', 'Full name']),
      str('First Name', 'first_name', ['firstName']), str('Last Name', 'last_name', ['lastName']),
      str('Email', 'email'), str('User ID', 'user_id', ['userId']),
      str('Team', 'team', ['Teams', 'Primary team']), str('Role', 'role'), str('Manager', 'manager', ['Manager email']),
      str('Time Zone', 'time_zone', ['Timezone', 'TZ']),
      bool('Active', 'is_active', ['Is active']),
    ],
  },
  {
    /*
     * Marketing ▸ Campaigns ▸ Export (`hubspot-listing-lib-exports-all-campaigns-…`): budget and spend
     * totals [observed in a real export]; the other labels are [unverified], with internal names as aliases.
     * The spend total is the campaign's cost, booked in its start month (see int_campaign_costs_from_hubspot).
     */
    source: 'hubspot', object: 'campaign', files: ['campaigns', 'campaign'], filePattern: exportName('campaigns?'), repeatedHeaders: 'first',
    columns: [
      str('Campaign ID', 'campaign_id', ['Record ID', 'Campaign id', 'hs_object_id', 'hs_origin_asset_id']),
      { header: 'Campaign name', name: 'campaign_name', type: 'string', required: true, notNull: true, aliases: ['Campaign', 'Name', 'hs_name'] },
      str('Campaign type', 'campaign_type', ['Type', 'hs_campaign_type']), str('Campaign status', 'status', ['Status', 'hs_campaign_status']),
      date('Start date', 'start_date', ['Campaign start date', 'hs_start_date']), date('End date', 'end_date', ['Campaign end date', 'hs_end_date']),
      dec('Campaign budget total', 'budget_total', ['hs_budget_items_sum_amount']),
      { ...dec('Campaign spend total', 'spend_total', ['hs_spend_items_sum_amount']), degradesWithout: 'campaign costs are unknown (the budget total is not a cost)' },
      str('Currency', 'currency_code', ['Campaign currency', 'hs_currency_code']),
      local('Created at', 'created_at', ['Create date', 'Create Date', 'hs_created_at', 'hs_createdate']),
      local('Last updated', 'last_modified_at', ['Last Modified Date', 'Last modified date', 'hs_lastmodifieddate']),
    ],
  },
  notUsed('company', exportName('compan(y|ies)'), 'HubSpot companies feed no number; a deal\'s account comes from its Associated Company IDs'),
  notUsed('form', exportName('forms?'), 'HubSpot forms feed no number; form submissions are not in the contacts export'),
  notUsed('segment', exportName('segments?', 'lists?'), 'HubSpot segments (lists) feed no number'),
];

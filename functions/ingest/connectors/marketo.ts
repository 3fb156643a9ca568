import type { ColumnSpec, ObjectSpec } from '../../core/catalogue.ts';

/*
 * Marketo bulk extracts (README, "Your own exports"): headers are REST API names
 * (`createdAt`, `leadId`), times are ISO-8601 UTC (`2022-02-13T14:06:20Z`, older
 * `2013-09-26T06:56:35+0000`), an empty value is written `null`. Matching is case-insensitive, so
 * `columnHeaderNames` that only change case still load. UI list exports (display names such as
 * `Email Address`) are accepted through aliases that are [unverified].
 *
 * Marketo IDs are numbers kept as text (type `string`); `sfdc…Id` columns are Salesforce IDs
 * (type `ref`, so a 15-character ID becomes the 18-character one the Salesforce lake holds).
 */

const key = (header: string, name: string, aliases: string[] = []): ColumnSpec => ({ header, name, type: 'string', required: true, notNull: true, aliases });
const str = (header: string, name: string, aliases: string[] = []): ColumnSpec => ({ header, name, type: 'string', aliases });
const ref = (header: string, name: string, aliases: string[] = []): ColumnSpec => ({ header, name, type: 'ref', aliases });
const ts = (header: string, name: string, aliases: string[] = [], required = false): ColumnSpec => ({ header, name, type: 'timestamp', aliases, required, notNull: required });
const date = (header: string, name: string, aliases: string[] = []): ColumnSpec => ({ header, name, type: 'date', aliases });
const bool = (header: string, name: string, aliases: string[] = []): ColumnSpec => ({ header, name, type: 'boolean', aliases });
const int = (header: string, name: string, aliases: string[] = []): ColumnSpec => ({ header, name, type: 'integer', aliases });
/** One key of the activity's `attributes` JSON (object form or older `[{"name","value"}]` form). */
const attribute = (jsonKey: string, name: string, type: ColumnSpec['type'] = 'string'): ColumnSpec => ({ header: 'attributes', name, type, jsonKey });

/** Marketo objects Handoff reads from `marketo/`. */
export const MARKETO_OBJECTS: ObjectSpec[] = [
  {
    // Bulk Lead Extract [docs]: the header is the `fields` requested.
    source: 'marketo', object: 'lead', files: ['leads', 'lead'],
    columns: [
      key('id', 'lead_id', ['Lead ID', 'leadId']),
      ts('createdAt', 'created_at', ['Created At'], true),
      ts('updatedAt', 'last_modified_at', ['Updated At']),
      str('firstName', 'first_name', ['First Name']), str('lastName', 'last_name', ['Last Name']),
      str('email', 'email', ['Email Address']), str('company', 'company', ['Company Name']),
      str('title', 'title', ['Job Title']), str('phone', 'phone', ['Phone Number']), str('country', 'country'),
      str('leadSource', 'lead_source', ['Lead Source']), str('leadStatus', 'status', ['Lead Status']),
      int('leadScore', 'score', ['Lead Score', 'score']),
      str('originalSourceType', 'original_source_type', ['Original Source Type']),
      str('acquisitionProgramId', 'acquisition_program_id', ['Acquisition Program Id']),
      ref('sfdcLeadId', 'sfdc_lead_id', ['SFDC Lead ID']), ref('sfdcContactId', 'sfdc_contact_id', ['SFDC Contact ID']),
      ref('sfdcAccountId', 'sfdc_account_id', ['SFDC Account ID']), str('sfdcType', 'sfdc_type', ['SFDC Type']),
      bool('unsubscribed', 'unsubscribed', ['Unsubscribed']), bool('emailInvalid', 'email_invalid', ['Email Invalid']),
      // Real extracts also carry these: the acquisition date is the inquiry time, the revenue stage a stage (stages.marketo_revenue_stage).
      ts('mktoAcquisitionDate', 'acquired_at', ['Acquisition Date']),
      str('leadRevenueStageId', 'revenue_stage', ['Revenue Stage', 'leadRevenueStage']),
      str('leadRevenueCycleModelId', 'revenue_cycle_model_id', ['Revenue Cycle Model Id']),
      str('originalSourceInfo', 'original_source_info', ['Original Source Info']),
      str('personType', 'person_type', ['Person Type']), bool('isLead', 'is_lead', ['Is Lead']),
    ],
  },
  {
    // Bulk Activity Extract [docs]: `marketoGUID,leadId,activityDate,activityTypeId,campaignId,primaryAttributeValueId,primaryAttributeValue,attributes`.
    source: 'marketo', object: 'activity', files: ['activities', 'activity'],
    columns: [
      key('marketoGUID', 'activity_id', ['id']),
      key('leadId', 'lead_id'),
      ts('activityDate', 'activity_at', [], true),
      { header: 'activityTypeId', name: 'activity_type_id', type: 'integer', required: true, notNull: true },
      str('campaignId', 'campaign_id'),
      str('primaryAttributeValueId', 'primary_attribute_value_id'),
      str('primaryAttributeValue', 'primary_attribute_value'),
      str('attributes', 'attributes'),
      // Common keys, e.g. type 104 Change Status in Progression: {"New Status":"Attended","Success":true,…}.
      attribute('New Status', 'new_status'), attribute('Old Status', 'old_status'),
      attribute('Success', 'success', 'boolean'), attribute('Program Member ID', 'program_member_id'),
      attribute('Reason', 'reason'),
      // Type 22 Change Score: {"New Value":45,"Old Value":30,"Change Value":"+15",…}; the primary attribute names the score field.
      attribute('New Value', 'new_value', 'decimal'), attribute('Old Value', 'old_value', 'decimal'),
    ],
  },
  {
    // Programs (REST Get Programs, flattened) [docs]; Fivetran writes `2019-12-20 07:39:00 UTC`, also read.
    source: 'marketo', object: 'program', files: ['programs', 'program'],
    columns: [
      key('id', 'program_id', ['programId']),
      { header: 'name', name: 'program_name', type: 'string', required: true },
      str('type', 'program_type'), str('channel', 'channel'), str('status', 'status'),
      ref('sfdcId', 'sfdc_campaign_id'), str('sfdcName', 'sfdc_campaign_name'),
      date('startDate', 'start_date'), date('endDate', 'end_date'),
      ts('createdAt', 'created_at'), ts('updatedAt', 'last_modified_at'),
    ],
  },
  {
    // Period costs, one row per program and month [docs: REST `costs: [{startDate, cost, note}]`, Fivetran `program_cost`].
    source: 'marketo', object: 'program_cost', files: ['program_costs', 'program_cost', 'programcosts', 'costs'],
    columns: [
      key('programId', 'program_id', ['program_id']),
      { header: 'startDate', name: 'month', type: 'month', required: true, notNull: true, aliases: ['start_date', 'Month'] },
      { header: 'cost', name: 'cost', type: 'decimal', required: true, notNull: true, aliases: ['Amount'] },
      str('note', 'note'),
    ],
  },
  {
    // Program Member extract [docs; some names unverified].
    source: 'marketo', object: 'program_member', files: ['program_members', 'program_member', 'programmembers', 'program_membership'],
    columns: [
      key('leadId', 'lead_id'),
      key('programId', 'program_id'),
      str('program', 'program_name'),
      str('statusName', 'status_name', ['status']), str('statusReason', 'status_reason'),
      bool('reachedSuccess', 'reached_success'), ts('reachedSuccessDate', 'reached_success_at'),
      ts('membershipDate', 'membership_at'), bool('acquiredBy', 'acquired_by'), bool('isExhausted', 'is_exhausted'),
      ts('createdAt', 'created_at'), ts('updatedAt', 'last_modified_at'),
    ],
  },
];

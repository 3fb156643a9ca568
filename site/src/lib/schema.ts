// The site's data contract: one zod schema per JSON file that functions/night/site-data.ts writes from the marts.
import { z } from 'zod';
import { campaignListNames, campaignPeopleLists } from './list-names.ts';
import type { ClosedFigureRow, DefinitionChangeRow, RestatementRow } from './history-schema.ts';

const count = z.number().int().nonnegative();
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as "YYYY-MM"');
const isoTime = z.iso.datetime({ offset: true });
const share = z.number().min(0).max(1);
const minutes = z.number().nonnegative();
const money = z.number();

export const sourceCategories = ['marketing', 'sales', 'partner', 'unknown'] as const;
export const slas = ['response', 'disposition', 'partner_response', 'routing'] as const;
import { models } from './models.ts';

export { models };

export const responseBands = [
  'under 5 min',
  '5 to 15 min',
  '15 to 60 min',
  '1 to 4 h',
  '4 to 24 h',
  'over 24 h',
  'never',
] as const;

const sourceCategory = z.enum(sourceCategories);
const sla = z.enum(slas);

// A stored rate must agree with its own counts, so a wrong mart is caught before it is published.
function sameShare(stored: number | null, part: number, whole: number): boolean {
  if (whole === 0) return stored === null;
  return stored !== null && Math.abs(stored - part / whole) < 0.0005;
}

/** meta.json: who the numbers are for, when they were cut, and the config facts the definitions page states. */
export const metaSchema = z.object({
  company: z.string().min(1),
  crm_url: z.string().url().nullable().default(null),
  as_of: isoTime,
  /** Where the as-of time came from: the exports' newest change, the --as-of flag, or the clock (no record times). */
  as_of_source: z.enum(['exports', 'flag', 'clock']).default('exports'),
  generated_at: isoTime,
  calendar: z.string().min(1),
  calendar_detail: z.object({
    timezone: z.string(),
    workdays: z.string(),
    start: z.string(),
    end: z.string(),
    holidays: z.array(z.string()),
    owner_time_zones: z.boolean(),
  }),
  sla: z.object({
    routing_minutes: z.number().positive(),
    response_minutes: z.number().positive(),
    disposition_minutes: z.number().positive(),
    partner_response_minutes: z.number().positive(),
    compliance_target: share,
    overrides: z.array(
      z.object({
        sla,
        segment: z.string().nullable(),
        source_category: sourceCategory.nullable(),
        partner: z.string().nullable(),
        minutes: z.number().positive(),
      }),
    ),
  }),
  stalled_after_days: z.number().positive(),
  queue_hours_limit: z.number().positive(),
  reporting_currency: z.string().regex(/^[A-Z]{3}$/),
  stage_mapping: z.array(z.object({ value: z.string(), stage: z.string() })),
  source_mapping: z.array(z.object({ value: z.string(), category: z.string() })),
  lead_list_limit: count,
  breach_list_limit: count,
  breach_window_days: z.number().int().positive(),
  campaign_opportunity_limit: count,
  /** Longest list of people or opportunities behind one campaign number. */
  campaign_list_limit: count.default(500),
  /** Days after a month ends before it closes and its figures are published (config history.close_after_days). */
  close_after_days: count.default(5),
  /** Days the restatements of closed months stay listed on What changed (config history.restatement_days). */
  restatement_days: count.default(90),
  restatement_record_limit: count.default(200),
});

/** funnel_monthly.json: people reaching each stage in a month (period view), by source category. */
export const funnelMonthlySchema = z.array(
  z.strictObject({
    month,
    source_category: sourceCategory,
    inquiries: count,
    mqls: count,
    sals: count,
    sqls: count,
    won: count,
    rejected: count,
    recycled: count,
    lost: count,
    inferred_stages: count,
    activity_only: count,
    first_conversations: count,
    mql_target: z.number().nonnegative().nullable(),
  }),
);

/** funnel_cohorts.json: of the people who became MQL in a month, how many reached each later stage, how fast, and the leakage. */
export const funnelCohortsSchema = z.array(
  z
    .strictObject({
      month,
      mqls: count,
      reached_sal: count,
      reached_sql: count,
      reached_won: count,
      mql_to_sal_rate: share.nullable(),
      mql_to_sql_rate: share.nullable(),
      sql_to_won_rate: share.nullable(),
      median_days_mql_to_sal: z.number().nonnegative().nullable(),
      p90_days_mql_to_sal: z.number().nonnegative().nullable(),
      median_days_mql_to_sql: z.number().nonnegative().nullable(),
      p90_days_mql_to_sql: z.number().nonnegative().nullable(),
      median_days_sql_to_won: z.number().nonnegative().nullable(),
      p90_days_sql_to_won: z.number().nonnegative().nullable(),
      never_accepted: count,
      never_touched: count,
      rejected: count,
      recycled: count,
      stalled: count,
    })
    .refine((r) => sameShare(r.mql_to_sal_rate, r.reached_sal, r.mqls), { message: 'must be reached_sal / mqls', path: ['mql_to_sal_rate'] })
    .refine((r) => sameShare(r.mql_to_sql_rate, r.reached_sql, r.mqls), { message: 'must be reached_sql / mqls', path: ['mql_to_sql_rate'] }),
);

/** sla_compliance.json: SLA outcomes per month, SLA and owner (with team and partner). */
export const slaComplianceSchema = z.array(
  z
    .strictObject({
      month,
      sla,
      owner_id: z.string().min(1).nullable(),
      owner_name: z.string().min(1),
      team: z.string().min(1),
      partner_name: z.string().min(1).nullable(),
      handed_off: count,
      met: count,
      late: count,
      breached: count,
      pending: count,
      /** Response clocks of leads rejected or recycled without a contact attempt before the deadline: not judged. */
      rejected_untouched: count,
      compliance: share.nullable(),
      median_business_minutes: minutes.nullable(),
      p90_business_minutes: minutes.nullable(),
      never_done: count,
    })
    .refine((row) => row.met + row.late + row.breached + row.pending + row.rejected_untouched === row.handed_off, {
      message: 'met + late + breached + pending + rejected_untouched must equal handed_off',
      path: ['handed_off'],
    })
    .refine((row) => sameShare(row.compliance, row.met, row.met + row.late + row.breached), {
      message: 'must be met / (met + late + breached), or null when that is 0 / 0',
      path: ['compliance'],
    }),
);

/** sla_medians.json: company-wide (team null) and per-team median and p90 business minutes of the clocks done, per month and quarter. */
export const slaMediansSchema = z.array(
  z.strictObject({
    period_kind: z.enum(['month', 'quarter']),
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, 'expected "YYYY-MM" or "YYYY-Qn"'),
    sla,
    team: z.string().min(1).nullable(),
    done: count,
    median_business_minutes: minutes.nullable(),
    p90_business_minutes: minutes.nullable(),
  }),
);

const bandCounts = {
  band: z.enum(responseBands),
  band_order: z.number().int(),
  leads: count,
  sqls: count,
};

/** response_bands.json: handed-off leads by month and first-response band, with how many became SQLs. */
export const responseBandsSchema = z.array(
  z
    .strictObject({ month, ...bandCounts, conversion_rate: share.nullable() })
    .refine((row) => row.sqls <= row.leads, { message: 'sqls cannot exceed leads', path: ['sqls'] })
    .refine((row) => sameShare(row.conversion_rate, row.sqls, row.leads), {
      message: 'must be sqls / leads, or null when leads is 0',
      path: ['conversion_rate'],
    }),
);

/** owner_response_bands.json: each owner's leads by first-response band over the last 12 complete months. */
export const ownerResponseBandsSchema = z.array(
  z.strictObject({ owner_id: z.string().min(1), ...bandCounts }).refine((row) => row.sqls <= row.leads, {
    message: 'sqls cannot exceed leads',
    path: ['sqls'],
  }),
);

/** revenue_monthly.json: pipeline created and revenue won per month and source category. */
export const revenueMonthlySchema = z.array(
  z.strictObject({
    month,
    source_category: sourceCategory,
    opportunities_created: count,
    pipeline_created: money,
    opportunities_won: count,
    opportunities_lost: count,
    revenue_won: money,
    closed_amount: money,
    win_rate_count: share.nullable(),
    win_rate_amount: share.nullable(),
    median_cycle_days: z.number().nonnegative().nullable(),
  }),
);

/** campaign_roi.json: cost and return per campaign and attribution model (campaign_id null: the Unattributed row). */
export const campaignRoiSchema = z.array(
  z.strictObject({
    campaign_id: z.string().min(1).nullable(),
    campaign_name: z.string().min(1),
    campaign_type: z.string().nullable(),
    model: z.enum(models),
    cost: money.nonnegative().nullable(),
    touched_people: count.nullable(),
    mqls: count.nullable(),
    sqls: count.nullable(),
    opportunities: z.number().nonnegative(),
    won_deals: z.number().nonnegative(),
    attributed_pipeline: money,
    attributed_revenue: money,
    roi: z.number().nullable(),
    cost_per_lead: money.nullable(),
    cost_per_mql: money.nullable(),
    cost_per_opportunity: money.nullable(),
    cost_per_won_deal: money.nullable(),
  }),
);

/** The periods a campaign's return is read over: the latest complete quarter, the last 12 complete months, all time. */
export const campaignPeriods = ['last_quarter', 'last_12_months', 'all_time'] as const;

/** campaign_periods.json: cost and return per period, campaign and model (cost booked, pipeline created and revenue closed in the period). */
export const campaignPeriodsSchema = z.array(
  z.strictObject({
    period: z.enum(campaignPeriods),
    campaign_id: z.string().min(1).nullable(),
    campaign_name: z.string().min(1),
    model: z.enum(models),
    cost: money.nonnegative().nullable(),
    opportunities: z.number().nonnegative(),
    won_deals: z.number().nonnegative(),
    attributed_pipeline: money,
    attributed_revenue: money,
    roi: z.number().nullable(),
  }),
);

const weight = z.number().min(0).max(1.000001);

/** campaign_opportunities.json: the newest opportunities each campaign touched (bounded), with its weight under each model. */
export const campaignOpportunitiesSchema = z.array(
  z.strictObject({
    campaign_id: z.string().min(1),
    opportunity_id: z.string().min(1),
    opportunity_name: z.string().nullable(),
    /** The whole opportunity's amount (null when the export has none). */
    amount: money.nullable(),
    opportunity_month: month.nullable(),
    is_won: z.boolean(),
    is_closed: z.boolean(),
    touches: count,
    first_touch: weight,
    last_touch: weight,
    linear: weight,
    u_shaped: weight,
    w_shaped: weight,
    full_path: weight,
    /** Place in the campaign's opportunities, newest first (1-based). */
    position: z.number().int().positive(),
    /** Place among its won opportunities, newest first; null when not won. */
    won_position: z.number().int().positive().nullable(),
    campaign_opportunities: count,
    campaign_won_opportunities: count,
  }),
);

export { campaignListNames, campaignPeopleLists, campaignPeriodLists } from './list-names.ts';

/** campaign_list_totals.json: each published list behind a campaign number, with its full count and the rows its file shows. */
export const campaignListTotalsSchema = z.array(
  z
    .strictObject({
      campaign_id: z.string().min(1),
      list: z.enum(campaignListNames),
      total: count,
      shown: count,
    })
    .refine((row) => row.shown <= row.total, { message: 'cannot list more than the total', path: ['shown'] }),
);

/** One person of a campaign's people list, as its list file gives them. */
export interface CampaignPerson {
  person_id: string;
  lead_id: string | null;
  /** The person's name as the export gives it; null where it has none. */
  person_name?: string | null;
  company: string | null;
  owner_name: string | null;
  source_category: SourceCategory | null;
  at: string;
}

/** A campaign's people list (touched, MQLs or SQLs): its full count and the people its file lists, newest first. */
export interface CampaignPeopleList {
  campaign_id: string;
  list: (typeof campaignPeopleLists)[number];
  total: number;
  entries: CampaignPerson[];
}

const exampleLead = z.strictObject({ person_id: z.string().min(1), lead_id: z.string().nullable(), company: z.string().nullable() });

/** rejection_reasons.json: rejections of the last 12 complete months by dimension (all, source, campaign, partner) and reason. */
export const rejectionReasonsSchema = z.array(
  z.strictObject({
    dimension: z.enum(['all', 'source', 'campaign', 'partner']),
    key: z.string(),
    label: z.string().min(1),
    reason: z.string().min(1),
    rejected: count,
    examples: z.array(exampleLead).max(3),
  }),
);

/** loss_reasons.json: deals lost in the last 12 complete months, by reason and who sourced them. */
export const lossReasonsSchema = z.array(
  z.strictObject({
    source_category: sourceCategory,
    reason: z.string().min(1),
    lost: count,
    lost_amount: money.nonnegative(),
    example_opportunity_ids: z.string().nullable(),
  }),
);

/** contactability.json: can sales reach the leads, per month of creation and source category. */
export const contactabilitySchema = z.array(
  z.strictObject({
    month,
    source_category: sourceCategory,
    people: count,
    no_valid_email: count,
    no_valid_phone: count,
    no_contact_channel: count,
    bounced: count,
    duplicate_email: count,
    queue_owned_too_long: count,
  }),
);

/** data_health.json: every export loaded last night, the notes on them, every data test, anomaly, missing file and unmapped value. */
export const dataHealthSchema = z.array(
  z.strictObject({
    check_kind: z.enum(['load', 'export_note', 'test', 'anomaly', 'missing_export', 'unmapped_lead_source', 'unmapped_status']),
    source: z.string().nullable(),
    object: z.string().nullable(),
    source_file: z.string().nullable(),
    export_date: z.string().nullable(),
    age_days: z.number().nullable(),
    rows_read: count.nullable(),
    rows_loaded: count.nullable(),
    rows_quarantined: count.nullable(),
    error: z.string().nullable(),
    test_name: z.string().nullable(),
    column_name: z.string().nullable(),
    failures: count.nullable(),
    examples: z.string().nullable(),
    detail: z.string().nullable(),
    status: z.enum(['pass', 'warn', 'fail']),
  }),
);

/**
 * breaches.json: open leads breaching at least one SLA right now, one row per lead with the SLAs it breaches
 * (bounded per owner, most overdue first; owner_breaches and owner_<sla>_breaches are the owner's full counts of distinct leads).
 */
export const breachesSchema = z.array(
  z
    .strictObject({
      owner_id: z.string().min(1).nullable(),
      owner_name: z.string().min(1),
      owner_time_zone: z.string().min(1).nullable(),
      team: z.string().min(1),
      partner_name: z.string().nullable(),
      person_id: z.string().min(1),
      lead_id: z.string().nullable(),
      person_name: z.string().nullable().optional(),
      company: z.string().nullable(),
      source_category: sourceCategory,
      lead_status: z.string().nullable(),
      breaches_routing: z.boolean(),
      breaches_response: z.boolean(),
      breaches_disposition: z.boolean(),
      breaches_partner_response: z.boolean(),
      started_at: isoTime.nullable(),
      due_at: isoTime.nullable(),
      overdue_business_minutes: z.number().nullable(),
      overdue_hours: z.number().nullable(),
      owner_breaches: count,
      owner_routing_breaches: count,
      owner_response_breaches: count,
      owner_disposition_breaches: count,
      owner_partner_response_breaches: count,
    })
    .refine((row) => row.breaches_routing || row.breaches_response || row.breaches_disposition || row.breaches_partner_response, {
      message: 'a breaching lead breaches at least one SLA',
    })
    .refine((row) => !(row.breaches_response && row.breaches_partner_response), {
      message: 'a lead is judged by the partner response SLA or the internal response SLA, never both',
    }),
);

/** rejected_untouched.json: leads rejected or recycled before any sales touch, per handoff owner and month (counted apart, never as breaches). */
export const rejectedUntouchedSchema = z.array(
  z.strictObject({
    month,
    owner_id: z.string().min(1).nullable(),
    owner_name: z.string().min(1),
    team: z.string().min(1),
    leads: count,
  }),
);

/** What a lead list can be cut by, beside metric and month. */
export const listDimensions = ['team', 'owner', 'partner', 'source'] as const;

/** lead_list_totals.json: each published list of the leads behind a number, per metric and month (and team, owner, partner or source): its full count and the rows its file shows. */
export const leadListTotalsSchema = z.array(
  z
    .strictObject({
      metric: z.string().regex(/^[a-z_]+$/),
      month,
      /** Set on a list cut by team, owner, partner or source category: which, and whose (absent: every lead). */
      dimension: z.enum(listDimensions).optional(),
      key: z.string().min(1).optional(),
      total: count,
      shown: count,
    })
    .refine((row) => row.shown <= row.total, { message: 'cannot list more leads than the total', path: ['shown'] }),
);

/** One lead of a lead list, as its list file gives it: when it counted, and the time taken or the reason where the metric has one. */
export interface LeadListEntry {
  person_id: string;
  at: string;
  minutes: number | null;
  inferred: boolean;
  reason: string | null;
}

/** Who a listed lead is: ids, name, company, owner (never contact details). */
export interface ListLead {
  person_id: string;
  lead_id: string | null;
  /** The person's name as the export gives it; null where it has none. */
  person_name?: string | null;
  company: string | null;
  owner_name: string | null;
  team: string | null;
  source_category: SourceCategory;
}

const scoreRate = share.nullable();

/** score_calibration.json: the lead score calibration mart: conversion by score band and source category (or 'all'), the threshold check, and AUC per month. */
export const scoreCalibrationSchema = z.array(
  z
    .strictObject({
      measure: z.enum(['band', 'threshold', 'ranking']),
      month: month.nullable(),
      source_category: z.enum([...sourceCategories, 'all']),
      band_order: z.number().int().positive().nullable(),
      score_band: z.string().min(1).nullable(),
      band_min_score: z.number().nullable(),
      band_max_score: z.number().nullable(),
      mqls: count.positive(),
      sals: count.nullable(),
      sqls: count,
      won: count.nullable(),
      sal_rate: scoreRate, sal_rate_low: scoreRate, sal_rate_high: scoreRate,
      sql_rate: share, sql_rate_low: scoreRate, sql_rate_high: scoreRate,
      won_rate: scoreRate, won_rate_low: scoreRate, won_rate_high: scoreRate,
      auc: scoreRate,
    })
    .refine((row) => row.sqls <= row.mqls, { message: 'more SQLs than MQLs', path: ['sqls'] })
    .refine((row) => row.measure === 'ranking' || (row.band_order !== null && row.score_band !== null), { message: 'a band or threshold row needs its band', path: ['score_band'] }),
);

/** score_sources.json: MQLs per source system, how many have a score, and how many of those scores came from score history. */
export const scoreSourcesSchema = z.array(
  z
    .strictObject({ source_system: z.string().min(1), mqls: count.positive(), scored: count, with_history: count })
    .refine((row) => row.scored <= row.mqls, { message: 'more scored MQLs than MQLs', path: ['scored'] })
    .refine((row) => row.with_history <= row.scored, { message: 'more scores with history than scored MQLs', path: ['with_history'] }),
);

/** score_band_leads.json: the leads behind each score band, newest MQLs first (bounded; total is the full count). */
export const scoreBandLeadsSchema = z.array(
  z
    .strictObject({
      band_order: z.number().int().positive(),
      score_band: z.string().min(1),
      total: count.positive(),
      entries: z.array(
        z.strictObject({
          person_id: z.string().min(1),
          lead_id: z.string().nullable(),
          person_name: z.string().nullable().optional(),
          company: z.string().nullable(),
          source_category: sourceCategory,
          mql_at: isoTime,
          score_at_mql: z.number(),
          is_score_current_not_historic: z.boolean(),
          furthest_stage: z.enum(['mql', 'sal', 'sql', 'won']),
        }),
      ),
    })
    .refine((row) => row.entries.length <= row.total, { message: 'cannot list more leads than the total', path: ['entries'] }),
);

export type Meta = z.infer<typeof metaSchema>;
export type FunnelRow = z.infer<typeof funnelMonthlySchema>[number];
export type CohortRow = z.infer<typeof funnelCohortsSchema>[number];
export type SlaRow = z.infer<typeof slaComplianceSchema>[number];
export type SlaMedianRow = z.infer<typeof slaMediansSchema>[number];
export type BandRow = z.infer<typeof responseBandsSchema>[number];
export type OwnerBandRow = z.infer<typeof ownerResponseBandsSchema>[number];
export type RevenueRow = z.infer<typeof revenueMonthlySchema>[number];
export type RoiRow = z.infer<typeof campaignRoiSchema>[number];
export type CampaignPeriodRow = z.infer<typeof campaignPeriodsSchema>[number];
export type CampaignPeriod = (typeof campaignPeriods)[number];
export type CampaignOpportunityRow = z.infer<typeof campaignOpportunitiesSchema>[number];
export type CampaignListTotal = z.infer<typeof campaignListTotalsSchema>[number];
export type RejectionRow = z.infer<typeof rejectionReasonsSchema>[number];
export type ContactabilityRow = z.infer<typeof contactabilitySchema>[number];
export type HealthRow = z.infer<typeof dataHealthSchema>[number];
export type BreachRow = z.infer<typeof breachesSchema>[number];
export type RejectedUntouchedRow = z.infer<typeof rejectedUntouchedSchema>[number];
export type LeadListTotal = z.infer<typeof leadListTotalsSchema>[number];
/** A lead list with its rows: its length and the leads its file lists, newest first. */
export type LeadListRow = Omit<LeadListTotal, 'shown'> & { entries: LeadListEntry[] };
export type ListDimension = (typeof listDimensions)[number];
export type LossRow = z.infer<typeof lossReasonsSchema>[number];
export type ScoreCalibrationRow = z.infer<typeof scoreCalibrationSchema>[number];
export type ScoreSourceRow = z.infer<typeof scoreSourcesSchema>[number];
export type ScoreBandLeads = z.infer<typeof scoreBandLeadsSchema>[number];
export type SourceCategory = (typeof sourceCategories)[number];
export type Sla = (typeof slas)[number];
export type Model = (typeof models)[number];

/** Everything the pages read, validated. */
export interface SiteData {
  meta: Meta;
  funnel: FunnelRow[];
  cohorts: CohortRow[];
  sla: SlaRow[];
  slaMedians: SlaMedianRow[];
  bands: BandRow[];
  ownerBands: OwnerBandRow[];
  revenue: RevenueRow[];
  roi: RoiRow[];
  /** The newest opportunities of each campaign, for its own page (its lists hold the rest). */
  campaignOpportunities: CampaignOpportunityRow[];
  campaignLists: CampaignListTotal[];
  campaignPeriods: CampaignPeriodRow[];
  rejections: RejectionRow[];
  losses: LossRow[];
  contactability: ContactabilityRow[];
  health: HealthRow[];
  breaches: BreachRow[];
  rejectedUntouched: RejectedUntouchedRow[];
  leadLists: LeadListTotal[];
  /** A list file's text (lists/<file>.csv) by the id of a list it holds, or null when the night wrote none; absent where the files are not at hand. */
  listFile?: (listId: string) => string | null;
  restatements: RestatementRow[];
  closedFigures: ClosedFigureRow[];
  definitionChanges: DefinitionChangeRow[];
  scoreCalibration: ScoreCalibrationRow[];
  scoreSources: ScoreSourceRow[];
  scoreBandLeads: ScoreBandLeads[];
}

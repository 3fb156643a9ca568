// Every number the site shows, with its rule in plain words and the SQL model it comes from: the definitions page, and each number's link target.

export interface Metric {
  label: string;
  /** The rule in plain words. */
  rule: string;
  /** The model file it comes from, relative to the project. */
  model: string;
  /** For rates: which view (period or cohort) it is. */
  view?: 'period' | 'cohort';
  /** The lead lists (per month) behind the number. */
  lists?: readonly ListMetric[];
  group: MetricGroup;
}

export const metricGroups = {
  funnel: 'Funnel',
  followUp: 'Follow-up SLAs',
  revenue: 'Pipeline and revenue',
  campaigns: 'Campaigns and attribution',
  quality: 'Lead quality',
  health: 'Data health',
} as const;
export type MetricGroup = keyof typeof metricGroups;

/** Lead lists the site publishes per month, named as site-data.ts names them. */
export const listMetrics = {
  inquiries: 'Inquiries',
  mqls: 'MQLs',
  sals: 'SALs',
  sqls: 'SQLs',
  won: 'Won',
  rejected: 'Rejected by sales',
  recycled: 'Recycled',
  lost: 'Lost',
  handed_off: 'Handed off to sales',
  rejected_untouched: 'Rejected without a contact attempt',
  response_met: 'Response SLA met',
  response_late: 'Response SLA late',
  response_breached: 'Response SLA breached',
  disposition_met: 'Disposition SLA met',
  disposition_late: 'Disposition SLA late',
  disposition_breached: 'Disposition SLA breached',
  partner_response_met: 'Partner response SLA met',
  partner_response_late: 'Partner response SLA late',
  partner_response_breached: 'Partner response SLA breached',
  routing_met: 'Routing SLA met',
  routing_late: 'Routing SLA late',
  routing_breached: 'Routing SLA breached',
} as const;
export type ListMetric = keyof typeof listMetrics;

/** The month a list's leads fall in, in words: "became MQL", "were handed off". */
export const listMonthMeaning: Record<ListMetric, string> = {
  inquiries: 'first responded to marketing',
  mqls: 'became MQL',
  sals: 'were accepted by sales',
  sqls: 'were qualified by sales',
  won: 'had their first opportunity won',
  rejected: 'were rejected by sales',
  recycled: 'were sent back to nurture',
  lost: 'had their first opportunity lost',
  handed_off: 'were handed off to a sales owner',
  rejected_untouched: 'were rejected or recycled by their owner before any call, email or meeting',
  response_met: 'were handed off, and got a first sales touch in time',
  response_late: 'were handed off, and got a first sales touch after the deadline',
  response_breached: 'were handed off, and have had no sales touch though the deadline passed',
  disposition_met: 'were handed off, and were accepted, rejected or recycled in time',
  disposition_late: 'were handed off, and were accepted, rejected or recycled after the deadline',
  disposition_breached: 'were handed off, and are still not accepted, rejected or recycled though the deadline passed',
  partner_response_met: 'were handed off to a partner, who touched them in time',
  partner_response_late: 'were handed off to a partner, who touched them after the deadline',
  partner_response_breached: 'were handed off to a partner, who has not touched them though the deadline passed',
  routing_met: 'became MQL and were assigned to a rep in time',
  routing_late: 'became MQL and were assigned to a rep after the deadline',
  routing_breached: 'became MQL and are still not assigned to a rep though the deadline passed',
};

const slaLists = (sla: 'response' | 'disposition' | 'partner_response' | 'routing') =>
  [`${sla}_met`, `${sla}_late`, `${sla}_breached`] as const satisfies readonly ListMetric[];

const FUNNEL = 'sql/marts/funnel_monthly.sql';
const COHORTS = 'sql/marts/funnel_cohorts.sql';
const SLA = 'sql/marts/sla_compliance.sql';
const REVENUE = 'sql/marts/revenue_monthly.sql';
const ROI = 'sql/marts/campaign_roi.sql';

export const metrics = {
  inquiries: { group: 'funnel', label: 'Inquiries', model: FUNNEL, lists: ['inquiries'], rule: 'People whose first response to marketing (or creation as a lead) fell in the month. Period view.' },
  mqls: { group: 'funnel', label: 'MQLs', model: FUNNEL, lists: ['mqls'], rule: 'Marketing-qualified leads: people who first reached the MQL stage in the month (marketing judged them ready for sales and handed them over). Period view.' },
  mql_target: { group: 'funnel', label: 'MQL target', model: FUNNEL, rule: "Marketing's side of the agreement: the MQLs it committed to deliver in the month, set in config (funnel.mql_targets). A quarter's target is the sum of its months' targets; without a target for every month, the site says no target is set." },
  sals: { group: 'funnel', label: 'SALs', model: FUNNEL, lists: ['sals'], rule: 'Sales-accepted leads: people sales first accepted in the month. Period view.' },
  sqls: { group: 'funnel', label: 'SQLs', model: FUNNEL, lists: ['sqls'], rule: 'Sales-qualified leads: people sales first qualified in the month, by creating an opportunity, converting the lead or setting a qualifying status. Period view.' },
  won: { group: 'funnel', label: 'Won', model: FUNNEL, lists: ['won'], rule: 'People whose first won opportunity closed in the month. Period view.' },
  rejected: { group: 'funnel', label: 'Rejected by sales', model: FUNNEL, lists: ['rejected'], rule: 'People sales first disqualified in the month, with the reason they gave. Period view.' },
  recycled: { group: 'funnel', label: 'Recycled', model: FUNNEL, lists: ['recycled'], rule: 'People first sent back to marketing for nurturing in the month. Period view.' },
  lost: { group: 'funnel', label: 'Lost', model: FUNNEL, lists: ['lost'], rule: 'People whose first lost opportunity closed in the month. Period view.' },
  inferred_stages: { group: 'funnel', label: 'Inferred stage times', model: FUNNEL, rule: 'Stage times in the counts that were not observed in a history row but inferred from a later stage (for example, a converted lead that never showed the SAL status is counted as SAL when it became SQL).' },
  activity_only: { group: 'funnel', label: 'Activity only', model: FUNNEL, rule: 'People whose first marketing response fell in the month and who never became MQL: opens, clicks and downloads that did not turn into a lead for sales.' },
  first_conversations: { group: 'funnel', label: 'First sales conversations', model: FUNNEL, rule: 'People whose first call, email or meeting by a sales user fell in the month.' },
  sal_rate: { group: 'funnel', label: 'SAL rate', view: 'cohort', model: COHORTS, rule: 'Of the people who became MQL in the month, the share sales has accepted so far. Cohort view: recent months still grow as sales works the leads.' },
  mql_to_sql_rate: { group: 'funnel', label: 'MQL to SQL rate', view: 'cohort', model: COHORTS, rule: 'Of the people who became MQL in the month, the share sales has qualified so far. Cohort view.' },
  sql_to_won_rate: { group: 'funnel', label: 'SQL to won rate', view: 'cohort', model: COHORTS, rule: 'Of the people in the MQL cohort that reached SQL, the share whose opportunity was won so far. Cohort view.' },
  period_conversion: { group: 'funnel', label: 'Period conversion', view: 'period', model: FUNNEL, rule: "One stage's count divided by the stage before it in the same month, for example SQLs in October / MQLs in October. Period view: the people in the two counts are not the same people, so this is a rough ratio, not a conversion of a group." },
  days_mql_to_sal: { group: 'funnel', label: 'Days from MQL to SAL', view: 'cohort', model: COHORTS, rule: 'Median and 90th percentile of the calendar days between becoming MQL and being accepted, for the cohort’s accepted people.' },
  days_mql_to_sql: { group: 'funnel', label: 'Days from MQL to SQL', view: 'cohort', model: COHORTS, rule: 'Median and 90th percentile of the calendar days between becoming MQL and being qualified.' },
  days_sql_to_won: { group: 'funnel', label: 'Days from SQL to won', view: 'cohort', model: COHORTS, rule: 'Median and 90th percentile of the calendar days between being qualified and the opportunity being won.' },
  never_accepted: { group: 'funnel', label: 'Never accepted', view: 'cohort', model: COHORTS, rule: 'MQLs of the cohort that sales never accepted, qualified, rejected or recycled (leakage).' },
  never_touched: { group: 'funnel', label: 'Never touched', view: 'cohort', model: COHORTS, rule: 'Handed-off MQLs of the cohort that never got a call, email or meeting from sales (leakage).' },
  cohort_rejected: { group: 'funnel', label: 'Rejected (cohort)', view: 'cohort', model: COHORTS, rule: 'MQLs of the cohort that sales rejected; the reasons are on the lead quality page.' },
  cohort_recycled: { group: 'funnel', label: 'Recycled (cohort)', view: 'cohort', model: COHORTS, rule: 'MQLs of the cohort sent back to nurture.' },
  stalled: { group: 'funnel', label: 'Stalled', view: 'cohort', model: COHORTS, rule: 'MQLs of the cohort with no later stage after the configured number of days (funnel.stalled_after_days).' },

  handed_off: { group: 'followUp', label: 'Handed off', model: SLA, lists: ['handed_off'], rule: 'Leads whose SLA clock started in the month. A lead is handed off when it is both an MQL and owned by a sales user (not a queue); for routing, the clock starts when the lead becomes MQL.' },
  response_sla: { group: 'followUp', label: 'Response SLA', model: SLA, lists: slaLists('response'), rule: "From handoff to the owner's first call, email or meeting, in business time." },
  disposition_sla: { group: 'followUp', label: 'Disposition SLA', model: SLA, lists: slaLists('disposition'), rule: 'From handoff until sales accepts the lead (SAL), rejects it with a reason, or recycles it, in business time.' },
  partner_response_sla: { group: 'followUp', label: 'Partner response SLA', model: SLA, lists: slaLists('partner_response'), rule: "From handoff to a partner until the partner's first touch, in business time." },
  routing_sla: { group: 'followUp', label: 'Routing SLA', model: SLA, lists: slaLists('routing'), rule: 'From becoming MQL until the lead is assigned to a sales user (not a queue), in business time. Routing is measured apart from the reps, who cannot answer a lead before it reaches them.' },
  business_time: { group: 'followUp', label: 'Business time', model: 'sql/intermediate/sla/int_sla_clocks_measured.sql', rule: "Time counted only within working hours on working days, holidays skipped. Response, disposition and partner clocks run on the owner's calendar (the company's hours in the owner's own CRM time zone, when config allows), routing on the company calendar. With 09:00 to 17:00, Monday to Friday, a lead handed off on Friday at 16:30 with a 4-hour target is due on Monday at 12:30." },
  met: { group: 'followUp', label: 'Met', model: SLA, rule: 'Done within the target.' },
  late: { group: 'followUp', label: 'Late', model: SLA, rule: 'Done, but after the deadline.' },
  breached: { group: 'followUp', label: 'Breached', model: SLA, rule: 'Not done, and the deadline passed before the data’s as-of time.' },
  pending: { group: 'followUp', label: 'Pending', model: SLA, rule: 'Not done, and the deadline is still ahead; not judged yet.' },
  compliance: { group: 'followUp', label: 'Followed up in time (compliance)', model: SLA, rule: 'Met divided by met, late and breached. Pending leads are left out until their deadline passes. Rates are never averaged: totals are recomputed from the counts.' },
  median_minutes: { group: 'followUp', label: 'Median time', model: SLA, rule: 'Half of the clocks that were done finished within this business time. The company-wide and team medians are computed from the leads mart (sql/marts/leads.sql) for the leads whose clock started in the period, over the done clocks only, because medians cannot be added up from per-rep figures.' },
  p90_minutes: { group: 'followUp', label: '9 in 10 within', model: SLA, rule: 'The 90th percentile: nine in ten of the clocks that were done finished within this business time.' },
  never_done: { group: 'followUp', label: 'Never done', model: SLA, rule: 'Clocks not done at the as-of time (for response: leads never touched), whether their deadline passed or not.' },
  rejected_untouched: { group: 'followUp', label: 'Rejected without a contact attempt', model: 'sql/marts/leads.sql', lists: ['rejected_untouched'], rule: 'Handed-off leads their owner rejected or recycled before any call, email or meeting: the complaint marketing makes most often. They are counted apart, per rep and team, and never listed as breaching.' },
  breaching_now: { group: 'followUp', label: 'Breaching right now', model: 'sql/marts/leads.sql', rule: 'Open leads (not converted, rejected, recycled, won or lost) at least one of whose SLAs is breached at the as-of time, with the clock started within the breach window (the last 30 days by default). One row per lead, listing every SLA it breaches; "all SLAs" counts each lead once. Overdue is business time past the lead\u2019s own target, and calendar hours since the first deadline; due times are shown in the owner\u2019s time zone.' },
  response_band: { group: 'followUp', label: 'Response band', model: 'sql/marts/response_bands.sql', rule: 'Handed-off leads grouped by the business time to their first sales touch: under 5 minutes, 5 to 15, 15 to 60 minutes, 1 to 4 hours, 4 to 24 hours, over 24 hours, or never. Leads still inside their deadline are left out.' },
  band_conversion: { group: 'followUp', label: 'MQL to SQL conversion by response band', view: 'cohort', model: 'sql/marts/response_bands.sql', rule: 'Of the leads in a response band, the share that reached SQL. Cohort view: the leads handed off in the period, followed to today.' },

  pipeline_created: { group: 'revenue', label: 'Pipeline created', model: REVENUE, rule: 'The amount of the opportunities created in the period, in the reporting currency, by who sourced them.' },
  revenue_won: { group: 'revenue', label: 'Revenue won', model: REVENUE, rule: 'The amount of the opportunities closed won with their close date in the period.' },
  opportunities_created: { group: 'revenue', label: 'Opportunities created', model: REVENUE, rule: 'Opportunities created in the period.' },
  win_rate: { group: 'revenue', label: 'Win rate', view: 'period', model: REVENUE, rule: 'Won divided by won and lost, among the opportunities closed in the period, by count (and by amount where stated). Period view.' },
  median_cycle_days: { group: 'revenue', label: 'Sales cycle', model: REVENUE, rule: 'Median calendar days from the creation date to the close date of the opportunities won in the period; a same-day close is 0 days. A deal closed before it was created is a data anomaly (see data health): it is left out of the cycle only.' },
  source_category: { group: 'revenue', label: 'Who sourced it', model: 'sql/marts/leads.sql', rule: "Marketing-, sales- or partner-sourced (or unknown), from the lead source of the person the opportunity came from, falling back to the opportunity's own lead source. The mapping is on this page." },

  cost: { group: 'campaigns', label: 'Cost', model: ROI, rule: 'The campaign’s recorded cost in the reporting currency. A campaign without a recorded cost shows "unknown", never 0, and has no ROI or cost per stage.' },
  touched_people: { group: 'campaigns', label: 'People touched', model: ROI, rule: 'Distinct people who responded to the campaign.' },
  campaign_mqls: { group: 'campaigns', label: 'MQLs (campaign)', model: ROI, rule: 'Of the people touched, those who reached MQL (at any time).' },
  campaign_sqls: { group: 'campaigns', label: 'SQLs (campaign)', model: ROI, rule: 'Of the people touched, those who reached SQL.' },
  opportunities_touched: { group: 'campaigns', label: 'Opportunities touched', model: 'sql/marts/attribution.sql', rule: 'Opportunities with at least one of the campaign’s touches in their journey, and how many of them were won. Whole opportunities, not attributed shares.' },
  attributed_opportunities: { group: 'campaigns', label: 'Opportunities (attributed)', model: ROI, rule: 'The campaign’s share of opportunities under the model: the sum of its weights, so fractional.' },
  attributed_won_deals: { group: 'campaigns', label: 'Won deals (attributed)', model: ROI, rule: 'The campaign’s share of closed-won opportunities under the model, fractional.' },
  attributed_pipeline: { group: 'campaigns', label: 'Attributed pipeline', model: ROI, rule: 'Pipeline credited to the campaign under the model. For every model the campaigns and the Unattributed row add up to the booked pipeline, to the cent.' },
  attributed_revenue: { group: 'campaigns', label: 'Attributed revenue', model: ROI, rule: 'Closed-won revenue credited to the campaign under the model; adds up to booked revenue with the Unattributed row.' },
  roi: { group: 'campaigns', label: 'ROI', model: ROI, rule: '(Attributed revenue − cost) / cost, under the model. Unknown when the cost is unknown or zero.' },
  cost_per_lead: { group: 'campaigns', label: 'Cost per lead', model: ROI, rule: 'Cost divided by people touched.' },
  cost_per_mql: { group: 'campaigns', label: 'Cost per MQL', model: ROI, rule: 'Cost divided by the touched people who reached MQL.' },
  cost_per_opportunity: { group: 'campaigns', label: 'Cost per opportunity', model: ROI, rule: 'Cost divided by the attributed opportunities under the model.' },
  cost_per_won_deal: { group: 'campaigns', label: 'Cost per won deal', model: ROI, rule: 'Cost divided by the attributed won deals under the model.' },
  attribution_weight: { group: 'campaigns', label: 'Attribution weight', model: 'sql/marts/attribution.sql', rule: 'The campaign’s share of one opportunity under a model; an opportunity’s weights add up to 100%. The weights of each model are in the table on this page.' },

  rejection_reason: { group: 'quality', label: 'Rejection reasons', model: 'sql/marts/rejection_reasons.sql', rule: 'Leads sales rejected, by the reason given ("No reason given" when none), by source category, campaign of the first marketing touch, and partner. Examples show lead ids and companies only; no contact details are published.' },
  loss_reason: { group: 'quality', label: 'Loss reasons', model: 'sql/marts/loss_reasons.sql', rule: 'Opportunities closed lost, by the month they closed, who sourced them and the reason recorded (HubSpot\u2019s Closed Lost Reason, a Salesforce loss-reason field such as Loss_Reason__c, or a mapped loss_reason); "No reason given" when none was.' },
  score_calibration: { group: 'quality', label: 'Conversion by lead score', view: 'cohort', model: 'sql/marts/lead_score_calibration.sql', rule: 'Every MQL with a lead score, grouped by its score when it became MQL: in ten bands of equal size (deciles), or in the bands set in config (scoring.bands); per band, the share that reached SAL, SQL and won so far, with its 95% interval (Wilson). A band with fewer than 10 leads is too few to judge. Cohort view: every scored MQL in the data, followed to today.' },
  score_ranking: { group: 'quality', label: 'How well the score ranks (AUC)', view: 'cohort', model: 'sql/marts/lead_score_calibration.sql', rule: 'The chance that an MQL that reached SQL had a higher score than one that did not (ties count half), per MQL month and over all months: 0.5 is no better than a coin toss, 1 is perfect. 0.8 or more ranks very well, 0.7 well, 0.6 only modestly.' },
  score_threshold: { group: 'quality', label: 'MQL threshold check', view: 'cohort', model: 'sql/marts/lead_score_calibration.sql', rule: 'The SQL rate of the MQLs scored just below the configured MQL threshold (scoring.mql_threshold) against those just above it, within scoring.threshold_band_width points (10 by default). If they convert alike (less than 5 points apart), the threshold is not separating anything.' },
  score_at_mql: { group: 'quality', label: 'Score at MQL', model: 'sql/intermediate/scoring/int_person_scores.sql', rule: 'The lead score a person had when becoming MQL, from the score history the export carries (Salesforce field history of the configured field, Marketo Change Score activities). Without history it is the current score, which may have moved since (often up, as sales works the lead): the page says how many scores are current ones.' },
  no_valid_email: { group: 'quality', label: 'No valid email', model: 'sql/marts/contactability.sql', rule: 'People created in the month without a well-formed email address (a name, an at sign, and a domain with a dot in it).' },
  no_valid_phone: { group: 'quality', label: 'No valid phone', model: 'sql/marts/contactability.sql', rule: 'People created in the month without a phone number of at least 7 digits.' },
  no_contact_channel: { group: 'quality', label: 'No way to reach', model: 'sql/marts/contactability.sql', rule: 'People with neither a valid email nor a valid phone.' },
  bounced: { group: 'quality', label: 'Bounced email', model: 'sql/marts/contactability.sql', rule: 'People whose email bounced.' },
  duplicate_email: { group: 'quality', label: 'Duplicate email', model: 'sql/marts/contactability.sql', rule: 'People sharing their email address with another person.' },
  queue_owned_too_long: { group: 'quality', label: 'Stuck in a queue', model: 'sql/marts/contactability.sql', rule: 'People who, at any stage, sat in a lead queue (owned by a queue, not a user) longer than the configured hours (funnel.queue_hours_limit), or still do. Most of these waits happen before a lead becomes MQL, while marketing nurtures it; they are not the routing delay. The time an MQL waits for a rep is the routing SLA (from MQL until a user owns the lead), reported on the follow-up page.' },

  as_of: { group: 'health', label: 'As of', model: 'sql/marts/data_health.sql', rule: 'The moment every number is judged at: the newest record change found in the exports (not the time the report was built), unless the night was run with a fixed --as-of time; only when the exports carry no record times at all is it the time of the run. The page footer says which. A clock not done by then is breached or pending, and an open opportunity’s journey ends there, so running an old night again gives the same answer.' },
  export_load: { group: 'health', label: 'Export loads', model: 'sql/marts/data_health.sql', rule: 'Each export file of the night: rows read, loaded and quarantined (rows read = loaded + quarantined), its export date and age, and why it could not be read if it could not.' },
  data_test: { group: 'health', label: 'Data tests', model: 'sql/marts/data_health.sql', rule: 'Unique, not-null, accepted-values and relationship tests declared beside the models; a test fails when any row breaks it.' },
  data_anomaly: { group: 'health', label: 'Data anomalies', model: 'sql/intermediate/health/int_data_anomalies.sql', rule: 'Records whose data contradict themselves (a deal closed before it was created, a won deal without a close date, stage times out of order). The night never stops for them: each is counted with example ids and kept out of only the numbers it would falsify, as the table says.' },
  missing_export: { group: 'health', label: 'Missing export files', model: 'sql/intermediate/health/int_missing_exports.sql', rule: 'Files a source needs that did not arrive, when the source sent others; the night runs without them and says which numbers it could not count.' },
  unmapped_status: { group: 'health', label: 'Unmapped statuses', model: 'sql/intermediate/health/int_unmapped_statuses.sql', rule: 'Lead status values that map to no funnel stage, with the number of people carrying them; those people stay at inquiry until the value is added to the stage map in config.' },
  unmapped_lead_source: { group: 'health', label: 'Unmapped lead sources', model: 'sql/marts/data_health.sql', rule: 'Lead source values that map to no source category, with the number of people carrying them; add them to source_categories in config.' },
} as const satisfies Record<string, Metric>;

export type MetricKey = keyof typeof metrics;

/** The definition anchor of a metric (its key with dashes). */
export function anchor(key: MetricKey): string {
  return key.replaceAll('_', '-');
}

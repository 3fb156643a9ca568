// The SQL behind each site data file: one small query per file, over the marts only. The queries are DuckDB SQL: they run
// on DuckDB in the CLI and, in the AWS night, on DuckDB over the marts Athena wrote (steps/site-data-from-lake.ts).
import { sqlTimestamp } from '../core/sql.ts';
import { CAMPAIGN_SITE_QUERIES } from './site-queries-campaigns.ts';
import { HISTORY_SITE_QUERIES } from './site-queries-history.ts';
import { INLINED, listCap, MODELS, MONTH, newestPerList } from './site-sql.ts';

/** Longest list of leads behind one number (per metric and month) the site publishes; the total is always stated. */
export const LEAD_LIST_LIMIT = 500;
/** Longest breach list per owner (one row per lead); the total is always stated. */
export const BREACH_LIST_LIMIT = 100;
/** Example leads per rejection reason. */
const EXAMPLES = 3;

/** Raised when a site query fails or the as-of time is unusable, naming the file. */
export class SiteDataQueryError extends Error {
  override name = 'SiteDataQueryError';
}

export interface Window {
  /** As-of time as a SQL timestamp literal. */
  asOf: string;
  /** First day of the 12 complete months before the as-of month ("last 12 months"); lead lists also start here. */
  yearStart: string;
  /** First day of the as-of month: the end (exclusive) of the last complete month. */
  monthStart: string;
  /** First day of the last complete month. */
  previousMonthStart: string;
  /** Start of the breach window as a SQL timestamp literal: clocks started before it are not listed as breaching. */
  windowStart: string;
  /** First day of the latest complete quarter ("last quarter"). */
  quarterStart: string;
  /** First day of the quarter the as-of time is in: the end (exclusive) of the last complete quarter. */
  quarterEnd: string;
}

/** Days back from the as-of time a breaching lead's clock may have started and still be listed (config: sla.breach_window_days). */
export const BREACH_WINDOW_DAYS = 30;

/** The as-of window the site's queries cut their periods by; throws on an unusable as-of time. */
export function windowOf(asOf: string, breachWindowDays = BREACH_WINDOW_DAYS): Window {
  const at = new Date(asOf);
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(asOf) || Number.isNaN(at.getTime())) {
    throw new SiteDataQueryError(`The as-of time "${asOf}" is not an ISO time like 2026-11-20T18:00:00Z; site data cannot be cut.`);
  }
  const first = (delta: number) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + delta, 1)).toISOString().slice(0, 10);
  return {
    asOf: sqlTimestamp(at),
    yearStart: first(-12),
    monthStart: first(0),
    previousMonthStart: first(-1),
    windowStart: sqlTimestamp(new Date(at.getTime() - breachWindowDays * 86_400_000)),
    quarterStart: first(-(at.getUTCMonth() % 3) - 3),
    quarterEnd: first(-(at.getUTCMonth() % 3)),
  };
}

const SLAS = ['routing', 'response', 'disposition', 'partner_response'] as const;

// The four SLA clocks of the leads mart, one row per lead and SLA: when the clock started, its status, minutes and owner.
const SLA_CLOCKS = SLAS.map(
  (sla) => `select '${sla}' as sla, ${sla === 'routing' ? 'mql_at' : 'handoff_at'} as started_at, ${sla}_sla_due_at as due_at,
      ${sla}_sla_status as sla_status, ${sla}_sla_business_minutes as minutes,
      person_id, lead_id, company, source_category, team, partner_name, handoff_owner_id, handoff_owner_name, status as lead_status
    from leads`,
).join('\n    union all ');

// A lead rejected or recycled before any sales touch: when that happened, and which leads.
const UNTOUCHED_AT = 'coalesce(rejected_at, recycled_at)';
const UNTOUCHED_WHERE = `handoff_at is not null and (rejected_at is not null or recycled_at is not null)
        and (first_sales_touch_at is null or first_sales_touch_at > coalesce(rejected_at, recycled_at))`;


// The lead lists behind each number: metric name, the time that puts a lead in a month, and what the list shows beside it.
const LIST_METRICS: Array<{ metric: string; at: string; where?: string; minutes?: string; inferred?: string; reason?: string }> = [
  { metric: 'inquiries', at: 'inquiry_at' },
  { metric: 'mqls', at: 'mql_at', inferred: 'is_mql_inferred' },
  { metric: 'sals', at: 'sal_at', inferred: 'is_sal_inferred' },
  { metric: 'sqls', at: 'sql_at', inferred: 'is_sql_inferred' },
  { metric: 'won', at: 'won_at' },
  { metric: 'rejected', at: 'rejected_at', reason: 'rejection_reason' },
  { metric: 'recycled', at: 'recycled_at' },
  { metric: 'lost', at: 'lost_at' },
  { metric: 'handed_off', at: 'handoff_at' },
  { metric: 'rejected_untouched', at: UNTOUCHED_AT, where: UNTOUCHED_WHERE, reason: 'rejection_reason' },
  ...SLAS.flatMap((sla) =>
    (['met', 'late', 'breached'] as const).map((status) => ({
      metric: `${sla}_${status}`,
      at: sla === 'routing' ? 'mql_at' : 'handoff_at',
      where: `${sla}_sla_status = '${status}'`,
      minutes: `${sla}_sla_business_minutes`,
    })),
  ),
];

/** Longest list of the leads behind one team's, owner's, partner's or source's number in a month: one page, the total stated. */
export const GROUP_LIST_LIMIT = 100;

// Which lists are also cut by team, owner, partner or source category, as the site's tables break them down.
const SLA_LISTS = SLAS.flatMap((sla) => (['met', 'late', 'breached'] as const).map((status) => `'${sla}_${status}'`));
// Rep and partner pages show every month of the year, so all their lists cover it. Team and source tables show all their
// counts for the latest complete month and the month so far; over the year they show each team's done-in-time share per SLA
// (opening the leads done in time) and each source's MQLs, so those lists (yearMetrics) cover every month of the year.
const GROUPS: Array<{ dimension: string; key: string; metrics: string[]; yearMetrics: string[] }> = [
  { dimension: 'team', key: "coalesce(team, 'No team')", metrics: [...SLA_LISTS, "'rejected_untouched'"], yearMetrics: ["'response_met'", "'disposition_met'", "'routing_met'"] },
  { dimension: 'owner', key: 'handoff_owner_id', metrics: [...SLA_LISTS, "'rejected_untouched'"], yearMetrics: [...SLA_LISTS, "'rejected_untouched'"] },
  { dimension: 'partner', key: 'partner_name', metrics: SLA_LISTS.filter((m) => m.startsWith("'partner_")), yearMetrics: SLA_LISTS.filter((m) => m.startsWith("'partner_")) },
  { dimension: 'source', key: 'source_category', metrics: ["'inquiries'", "'mqls'", "'sals'", "'sqls'", "'won'", "'rejected'", "'recycled'", "'lost'"], yearMetrics: ["'mqls'"] },
];

// The lead-list entries (metric, month, lead, time) from the start of the last 12 complete months, bounded per metric and
// month; the group lists (by team, owner, partner and source, for the months the tables that link to them show) are
// bounded to one page each. The list files (site-lists.ts) are written from them, by DuckDB in either night, so this
// SQL may be DuckDB's own (newestPerList).
export function listedLeads(w: Window): string {
  const events = LIST_METRICS.map(
    (m) => `select '${m.metric}' as metric, ${m.at} as event_at, ${m.minutes ?? 'cast(null as double)'} as minutes,
        ${m.inferred ?? 'false'} as inferred, ${m.reason ?? 'cast(null as varchar)'} as reason, person_id,
        team, handoff_owner_id, partner_name, source_category
      from leads where ${m.at} >= timestamp '${w.yearStart} 00:00:00'${m.where ? ` and ${m.where}` : ''}`,
  ).join('\n      union all ');
  const groups = GROUPS.map(
    (g) => `select metric, event_at, minutes, inferred, reason, person_id, '${g.dimension}' as dimension, ${g.key} as group_key
      from events where metric in (${g.metrics.join(', ')}) and ${g.key} is not null
        and (event_at >= timestamp '${w.previousMonthStart} 00:00:00' or metric in (${g.yearMetrics.join(', ')}))`,
  ).join('\n      union all ');
  return `events as (
      ${events}
    ),
    grouped ${INLINED} (
      select metric, event_at, minutes, inferred, reason, person_id, 'all' as dimension, '' as group_key from events
      union all ${groups}
    ),
    by_month ${INLINED} (select grouped.*, ${MONTH('event_at')} as month from grouped),
    listed as (
      select * from (${newestPerList({
        from: 'by_month',
        lists: ['metric', 'month', 'dimension', 'group_key'],
        columns: ['event_at', 'minutes', 'inferred', 'reason', 'person_id'],
        at: 'event_at',
        tie: 'person_id',
        limit: Math.max(LEAD_LIST_LIMIT, GROUP_LIST_LIMIT),
      })}) as newest
      -- A team's, owner's, partner's or source's list is one page.
      where dimension = 'all' or position <= ${listCap(GROUP_LIST_LIMIT, 'list_count')}
    )`;
}

/** A site data file's query, given the as-of window. */
export type SiteQuery = (w: Window) => string;

/** Whether a time falls in the 12 complete months before the as-of month. */
function inYear(w: Window, column: string): string {
  return `${column} >= timestamp '${w.yearStart} 00:00:00' and ${column} < timestamp '${w.monthStart} 00:00:00'`;
}

/** funnel_monthly.json: the mart's rows as the site reads them. */
const funnelMonthly: SiteQuery = () => `
      select ${MONTH('month')} as month, source_category, inquiries, mqls, sals, sqls, won, rejected, recycled, lost,
        inferred_stages, activity_only, first_conversations, mql_target
      from funnel_monthly order by month, source_category`;

/** funnel_cohorts.json: the mart's rows as the site reads them. */
const funnelCohorts: SiteQuery = () => `
      select ${MONTH('mql_month')} as month, mqls, reached_sal, reached_sql, reached_won, mql_to_sal_rate, mql_to_sql_rate, sql_to_won_rate,
        round(median_days_mql_to_sal, 2) as median_days_mql_to_sal, round(p90_days_mql_to_sal, 2) as p90_days_mql_to_sal,
        round(median_days_mql_to_sql, 2) as median_days_mql_to_sql, round(p90_days_mql_to_sql, 2) as p90_days_mql_to_sql,
        round(median_days_sql_to_won, 2) as median_days_sql_to_won, round(p90_days_sql_to_won, 2) as p90_days_sql_to_won,
        never_accepted, never_touched, rejected, recycled, stalled
      from funnel_cohorts order by mql_month`;

/** sla_compliance.json: the mart's rows as the site reads them. */
const slaCompliance: SiteQuery = () => `
      select ${MONTH('month')} as month, sla, owner_id, coalesce(owner_name, owner_id, 'Not assigned yet') as owner_name,
        coalesce(team, 'No team') as team, partner_name, handed_off, met, late, breached, pending, rejected_untouched, compliance,
        ${tenths('median_business_minutes')} as median_business_minutes, ${tenths('p90_business_minutes')} as p90_business_minutes, never_done
      from sla_compliance order by month, sla, team, owner_name, owner_id`;

/**
 * Company- and team-level medians cannot be added up from the per-owner mart, so they come from the leads behind it: the
 * clocks that started in the month or quarter and were done (met or late). DuckDB's quantile_cont, as the marts' own
 * percentile macro: numbering every clock of each period with a window took 4.3 s at 1,000,000 leads, the aggregate
 * 0.5 s. Rounded as `tenths` rounds.
 */
const slaMedians: SiteQuery = () => `
      with clocks as (
        ${SLA_CLOCKS}
      ),
      done as (
        select sla, coalesce(team, 'No team') as team, minutes as value, ${MONTH('started_at')} as month,
          cast(year(started_at) as varchar) || '-Q' || cast(quarter(started_at) as varchar) as quarter
        from clocks where started_at is not null and sla_status in ('met', 'late') and minutes is not null
      ),
      periods as (
        select 'month' as period_kind, month as period, sla, team, value from done
        union all select 'month', month, sla, cast(null as varchar), value from done
        union all select 'quarter', quarter, sla, team, value from done
        union all select 'quarter', quarter, sla, cast(null as varchar), value from done
      )
      select period_kind, period, sla, team, count(*) as done,
        ${roundedPercentile(0.5)} as median_business_minutes,
        ${roundedPercentile(0.9)} as p90_business_minutes
      from periods
      group by period_kind, period, sla, team
      order by period_kind, period, sla, team nulls first`;

// A continuous percentile of `value` (linear interpolation between the two nearest ranks), to one decimal.
export function roundedPercentile(fraction: number): string {
  return tenths(`quantile_cont(value, ${fraction})`);
}

// A number of minutes to one decimal, rounded from a decimal: a value on a half (0.65, computed as 0.6499999999999999)
// rounds up, the same in the per-owner table as in the team and company ones.
function tenths(minutes: string): string {
  return `cast(round(cast(${minutes} as decimal(18, 6)), 1) as double)`;
}

/** response_bands.json: the mart's rows as the site reads them. */
const responseBands: SiteQuery = () => `
      select ${MONTH('month')} as month, band, band_order, leads, sqls, conversion_rate
      from response_bands order by month, band_order`;

/** Each owner's response-time distribution over the last 12 complete months (pending leads are not judged yet). */
const ownerResponseBands: SiteQuery = (w) => `
      with banded as (
        select handoff_owner_id as owner_id, sql_at, response_band as band
        from leads
        where ${inYear(w, 'handoff_at')} and handoff_owner_id is not null and response_sla_status <> 'pending'
      )
      select owner_id, band,
        case band when 'under 5 min' then 1 when '5 to 15 min' then 2 when '15 to 60 min' then 3
          when '1 to 4 h' then 4 when '4 to 24 h' then 5 when 'over 24 h' then 6 else 7 end as band_order,
        count(*) as leads, count(sql_at) as sqls
      from banded group by owner_id, band order by owner_id, band_order`;

/** The mart has win rates but not the closed amount behind the amount rate, which totals over categories and months need; every attribution model adds up to the opportunities' amounts, so one model's closed rows give it. */
const revenueMonthly: SiteQuery = () => `
      with closed as (
        select close_month as month, source_category, sum(attributed_pipeline) as closed_amount
        from attribution where model = 'linear' and is_closed
        group by close_month, source_category
      )
      select ${MONTH('revenue_monthly.month')} as month, revenue_monthly.source_category, opportunities_created, pipeline_created,
        opportunities_won, opportunities_lost, revenue_won, coalesce(closed.closed_amount, 0) as closed_amount,
        win_rate_count, win_rate_amount, round(median_cycle_days, 1) as median_cycle_days
      from revenue_monthly
      left join closed on closed.month = revenue_monthly.month and closed.source_category = revenue_monthly.source_category
      order by revenue_monthly.month, revenue_monthly.source_category`;

/** campaign_roi.json: the mart's rows as the site reads them. */
const campaignRoi: SiteQuery = () => `
      select campaign_id, campaign_name, campaign_type, model, cost, touched_people, mqls, sqls, opportunities, won_deals,
        attributed_pipeline, attributed_revenue, roi, cost_per_lead, cost_per_mql, cost_per_opportunity, cost_per_won_deal
      from campaign_roi order by campaign_id nulls last, model`;

/**
 * Each campaign's cost and return under every model for the last complete quarter, the last 12 complete months and all
 * time: cost booked in the period against the pipeline of opportunities created in it and the revenue of those won
 * with a close date in it. All time is campaign_roi itself. A campaign with a recorded cost but none in the period cost 0
 * there; one without any recorded cost stays unknown.
 */
const campaignPeriods: SiteQuery = (w) => `
      with periods as (
        select 'last_quarter' as period, date '${w.quarterStart}' as period_start, date '${w.quarterEnd}' as period_end
        union all select 'last_12_months', date '${w.yearStart}', date '${w.monthStart}'
      ),
      costed as (
        select distinct campaign_id from campaign_costs_monthly
      ),
      costs as (
        select periods.period, campaign_costs_monthly.campaign_id, sum(campaign_costs_monthly.cost) as cost,
          max(case when campaign_costs_monthly.cost is null then 1 else 0 end) as has_unknown
        from periods
        inner join campaign_costs_monthly on campaign_costs_monthly.month >= periods.period_start and campaign_costs_monthly.month < periods.period_end
        group by periods.period, campaign_costs_monthly.campaign_id
      ),
      credits as (
        select periods.period, attribution.campaign_id, attribution.model,
          cast(sum(case when attribution.opportunity_month >= periods.period_start and attribution.opportunity_month < periods.period_end
            then cast(attribution.weight as decimal(38, 18)) else 0 end) as double) as opportunities,
          cast(sum(case when attribution.is_won and attribution.close_month >= periods.period_start and attribution.close_month < periods.period_end
            then cast(attribution.weight as decimal(38, 18)) else 0 end) as double) as won_deals,
          sum(case when attribution.opportunity_month >= periods.period_start and attribution.opportunity_month < periods.period_end
            then attribution.attributed_pipeline else 0 end) as attributed_pipeline,
          sum(case when attribution.close_month >= periods.period_start and attribution.close_month < periods.period_end
            then attribution.attributed_revenue else 0 end) as attributed_revenue
        from periods cross join attribution
        group by periods.period, attribution.campaign_id, attribution.model
      ),
      measured as (
        select periods.period, campaign_roi.campaign_id, campaign_roi.campaign_name, campaign_roi.model,
          case when costed.campaign_id is null or costs.has_unknown = 1 then cast(null as decimal(20, 2))
            else cast(coalesce(costs.cost, 0) as decimal(20, 2)) end as cost,
          coalesce(credits.opportunities, 0.0) as opportunities, coalesce(credits.won_deals, 0.0) as won_deals,
          cast(coalesce(credits.attributed_pipeline, 0) as decimal(20, 2)) as attributed_pipeline,
          cast(coalesce(credits.attributed_revenue, 0) as decimal(20, 2)) as attributed_revenue
        from periods
        cross join campaign_roi
        left join costed on costed.campaign_id = campaign_roi.campaign_id
        left join costs on costs.period = periods.period and costs.campaign_id = campaign_roi.campaign_id
        left join credits on credits.period = periods.period and coalesce(credits.campaign_id, '') = coalesce(campaign_roi.campaign_id, '')
          and credits.model = campaign_roi.model
      ),
      judged as (
        select period, campaign_id, campaign_name, model, cost, opportunities, won_deals, attributed_pipeline, attributed_revenue,
          case when cost <> 0 then cast(attributed_revenue - cost as double) / cast(cost as double) end as roi
        from measured
        union all
        select 'all_time', campaign_id, campaign_name, model, cost, opportunities, won_deals, attributed_pipeline, attributed_revenue, roi
        from campaign_roi
      )
      select period, campaign_id, campaign_name, model, cost, round(opportunities, 6) as opportunities, round(won_deals, 6) as won_deals,
        attributed_pipeline, attributed_revenue, roi
      from judged order by period, campaign_id nulls last, model`;

/** Deals lost in the last 12 complete months by who sourced them and the reason; examples from the latest month with the reason. */
const lossReasons: SiteQuery = (w) => `
      select source_category, reason, sum(lost) as lost, sum(lost_amount) as lost_amount,
        max_by(example_opportunity_ids, month) as example_opportunity_ids
      from loss_reasons where ${inYear(w, 'month')}
      group by source_category, reason order by source_category, lost desc, reason`;

/** Rejections of the last 12 complete months by source, campaign and partner, with up to three example leads each (the mart's example ids, newest rejection first; ids and company only). */
const rejectionReasons: SiteQuery = (w) => `
      with recent as (
        select * from rejection_reasons where ${inYear(w, 'month')}
      ),
      dims as (
        select 'all' as dimension, 'all' as key, 'All rejected leads' as label, reason, rejected, example_person_ids from recent
        union all select 'source', source_category, source_category, reason, rejected, example_person_ids from recent
        union all select 'campaign', coalesce(campaign_id, ''), campaign_name, reason, rejected, example_person_ids from recent
        union all select 'partner', partner_name, partner_name, reason, rejected, example_person_ids from recent where partner_name is not null
      ),
      totals as (
        select dimension, key, min(label) as label, reason, sum(rejected) as rejected from dims group by dimension, key, reason
      ),
      ids as (
        ${Array.from({ length: EXAMPLES }, (_, i) => `select dimension, key, reason, split_part(example_person_ids, ', ', ${i + 1}) as person_id from dims`).join('\n        union ')}
      ),
      examples as (
        select ids.dimension, ids.key, ids.reason, ids.person_id, leads.lead_id, leads.company,
          row_number() over (partition by ids.dimension, ids.key, ids.reason order by leads.rejected_at desc, ids.person_id) as position
        from ids inner join leads on leads.person_id = ids.person_id
      )
      select totals.dimension, totals.key, totals.label, totals.reason, totals.rejected,
        ${Array.from({ length: EXAMPLES }, (_, i) =>
          ['person_id', 'lead_id', 'company'].map((c) => `max(case when examples.position = ${i + 1} then examples.${c} end) as example_${i + 1}_${c}`).join(', '),
        ).join(',\n        ')}
      from totals
      left join examples on examples.dimension = totals.dimension and examples.key = totals.key and examples.reason = totals.reason
      group by totals.dimension, totals.key, totals.label, totals.reason, totals.rejected
      order by totals.dimension, totals.key, totals.rejected desc, totals.reason`;

/** contactability.json: the mart's rows as the site reads them. */
const contactability: SiteQuery = () => `
      select ${MONTH('month')} as month, source_category, people, no_valid_email, no_valid_phone, no_contact_channel,
        bounced, duplicate_email, queue_owned_too_long
      from contactability order by month, source_category`;

/** data_health.json: the mart's rows as the site reads them. */
const dataHealth: SiteQuery = () => `
      select check_kind, source, object, source_file, strftime(export_date, '%Y-%m-%d') as export_date, round(age_days, 1) as age_days,
        rows_read, rows_loaded, rows_quarantined, error, test_name, column_name, failures, examples, detail, status
      from data_health order by check_kind, source, object, source_file, test_name, column_name`;

/**
 * Leads breaching an SLA right now, one row per lead with every SLA it breaches: only open leads (not converted,
 * rejected, recycled, won or lost) whose clock started within the breach window, most overdue first per owner, bounded.
 * Overdue is given in business minutes (time so far past the lead's own target) and in calendar hours since the
 * earliest deadline; owner_breaches and the per-SLA counts are the owner's full counts of distinct leads.
 */
const breaches: SiteQuery = (w) => `
      with breached as (
        ${SLAS.map(
          (sla) => `select '${sla}' as sla, person_id, ${sla === 'routing' ? 'mql_at' : 'handoff_at'} as started_at, ${sla}_sla_due_at as due_at,
          ${sla}_sla_business_minutes - ${sla}_sla_target_minutes as overdue_business_minutes
        from leads
        where ${sla}_sla_status = 'breached' and ${sla === 'routing' ? 'mql_at' : 'handoff_at'} >= ${w.windowStart}
          and sql_at is null and won_at is null and rejected_at is null and recycled_at is null and lost_at is null`,
        ).join('\n        union all ')}
      ),
      per_lead as (
        select person_id, min(started_at) as started_at, min(due_at) as due_at,
          max(overdue_business_minutes) as overdue_business_minutes,
          ${SLAS.map((sla) => `max(case when sla = '${sla}' then 1 else 0 end) as is_${sla}`).join(', ')}
        from breached group by person_id
      ),
      owned as (
        select per_lead.*, leads.handoff_owner_id as owner_id, leads.handoff_owner_name, leads.handoff_owner_time_zone as owner_time_zone,
          leads.team, leads.partner_name, leads.lead_id, leads.person_name, leads.company, leads.source_category, leads.status as lead_status
        from per_lead inner join leads on leads.person_id = per_lead.person_id
      ),
      ranked as (
        select owned.*,
          row_number() over (partition by owner_id order by overdue_business_minutes desc, person_id) as position,
          count(*) over (partition by owner_id) as owner_breaches,
          ${SLAS.map((sla) => `sum(is_${sla}) over (partition by owner_id) as owner_${sla}_breaches`).join(',\n          ')}
        from owned
      )
      select owner_id, coalesce(handoff_owner_name, owner_id, 'Not assigned yet') as owner_name, owner_time_zone,
        coalesce(team, 'No team') as team, partner_name, person_id, lead_id, person_name, company, source_category, lead_status,
        ${SLAS.map((sla) => `is_${sla} = 1 as breaches_${sla}`).join(', ')},
        started_at, due_at, round(overdue_business_minutes, 1) as overdue_business_minutes,
        round(date_diff('second', due_at, ${w.asOf}) / 3600.0, 1) as overdue_hours,
        owner_breaches, ${SLAS.map((sla) => `owner_${sla}_breaches`).join(', ')}
      from ranked
      where position <= ${BREACH_LIST_LIMIT}
      order by owner_id nulls first, position`;

/** Leads rejected or recycled before any sales touch, per handoff owner and month of the rejection (last 12 complete months and this one): counted apart, never as breaches. */
const rejectedUntouched: SiteQuery = (w) => `
      select ${MONTH(UNTOUCHED_AT)} as month, handoff_owner_id as owner_id,
        coalesce(handoff_owner_name, handoff_owner_id, 'Not assigned yet') as owner_name, coalesce(team, 'No team') as team,
        count(*) as leads
      from leads
      where ${UNTOUCHED_WHERE} and ${UNTOUCHED_AT} >= timestamp '${w.yearStart} 00:00:00'
      group by ${MONTH(UNTOUCHED_AT)}, handoff_owner_id, coalesce(handoff_owner_name, handoff_owner_id, 'Not assigned yet'), coalesce(team, 'No team')
      order by month, owner_id`;

/** Whether the lead score converts: every row of the calibration mart (bands by source category, threshold check, AUC per month). */
const scoreCalibration: SiteQuery = () => `
      select measure, ${MONTH('month')} as month, source_category, band_order, score_band, band_min_score, band_max_score,
        mqls, sals, sqls, won, sal_rate, sal_rate_low, sal_rate_high, sql_rate, sql_rate_low, sql_rate_high,
        won_rate, won_rate_low, won_rate_high, auc
      from lead_score_calibration
      order by measure, source_category, band_order, month`;

/** Where the scores came from, per source system: MQLs, those with a score, and how many of those had score history rather than only the current score. */
const scoreSources: SiteQuery = () => `
      select leads.source_system, count(*) as mqls, count(lead_scores.person_id) as scored,
        sum(case when lead_scores.is_score_current_not_historic = false then 1 else 0 end) as with_history
      from leads
      left join lead_scores on lead_scores.person_id = leads.person_id
      where leads.mql_at is not null
      group by leads.source_system
      order by leads.source_system`;

/** The leads behind each score band (all source categories), newest MQLs first, bounded per band; the total is stated. */
const scoreBandLeads: SiteQuery = () => `
      with ranked as (
        select lead_scores.*,
          row_number() over (partition by band_order order by mql_at desc, person_id) as position,
          count(*) over (partition by band_order) as band_total
        from lead_scores
      )
      select band_order, score_band, band_total, person_id, lead_id, person_name, company, source_category, mql_at,
        score_at_mql, is_score_current_not_historic,
        case when won_at is not null then 'won' when sql_at is not null then 'sql' when sal_at is not null then 'sal' else 'mql' end as furthest_stage
      from ranked where position <= ${LEAD_LIST_LIMIT}
      order by band_order, position`;

/**
 * One query per site data file, over the marts only (the site reads nothing else). Results are
 * small aggregates or bounded lists; the lead-level mart never crosses into JavaScript whole.
 */
const SITE_QUERIES: Record<string, SiteQuery> = {
  funnel_monthly: funnelMonthly,
  funnel_cohorts: funnelCohorts,
  sla_compliance: slaCompliance,
  sla_medians: slaMedians,
  response_bands: responseBands,
  owner_response_bands: ownerResponseBands,
  revenue_monthly: revenueMonthly,
  campaign_roi: campaignRoi,
  ...CAMPAIGN_SITE_QUERIES,
  campaign_periods: campaignPeriods,
  rejection_reasons: rejectionReasons,
  loss_reasons: lossReasons,
  contactability: contactability,
  data_health: dataHealth,
  breaches: breaches,
  rejected_untouched: rejectedUntouched,
  ...HISTORY_SITE_QUERIES,
  score_calibration: scoreCalibration,
  score_sources: scoreSources,
  score_band_leads: scoreBandLeads,
};

/** The SQL of every site data file for one as-of time. */
export function siteQueries(asOf: string, breachWindowDays = BREACH_WINDOW_DAYS): Record<string, string> {
  const w = windowOf(asOf, breachWindowDays);
  return Object.fromEntries(Object.entries(SITE_QUERIES).map(([name, query]) => [name, query(w)]));
}

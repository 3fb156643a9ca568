-- monthly_figures: the headline figures the site publishes per month, one number per row, with when the month closes.
-- grain: one row per metric, month and breakdown (source category or team)
-- column metric: inquiries, mqls, sals, sqls (funnel_monthly), opportunities_won, revenue_won (revenue_monthly), response_handed_off, response_met, response_late, response_breached (sla_compliance); the rates response_compliance (met / judged) and mql_to_sql_rate (cohort view), the median response_median_minutes (business minutes of the responses done); per campaign under the default attribution model: campaign_leads, campaign_mqls, campaign_sqls, campaign_pipeline, campaign_revenue_won, campaign_cost and campaign_roi
-- column area: what kind of definitions the figure depends on: funnel, sla or revenue
-- column month: first day of the month
-- column breakdown_kind: source_category, team or campaign
-- column breakdown: the source category, the handoff owner's team ("No team" when the owner has none) or the campaign's id
-- column value: the figure as the mart shows it tonight (money in the reporting currency, rates between 0 and 1)
-- column closes_on: the day the month closes: history.close_after_days days after the first day of the next month (November closes on 6 December by default); from then on its published figures stay as they were
-- column is_closed: true when the month is closed as of the export time and within the months history keeps
-- test not_null: metric, month, breakdown, value, closes_on
-- test accepted_values: area in funnel, sla, revenue
-- test accepted_values: breakdown_kind in source_category, team, campaign
with funnel as (
    select * from {{ ref('funnel_monthly') }}
),

revenue as (
    select * from {{ ref('revenue_monthly') }}
),

response as (
    select month, coalesce(team, 'No team') as team, sum(handed_off) as handed_off, sum(met) as met, sum(late) as late, sum(breached) as breached
    from {{ ref('sla_compliance') }}
    where sla = 'response'
    group by month, coalesce(team, 'No team')
),

figures as (
    select 'inquiries' as metric, 'funnel' as area, month, 'source_category' as breakdown_kind, source_category as breakdown, cast(inquiries as double) as value from funnel
    union all select 'mqls', 'funnel', month, 'source_category', source_category, cast(mqls as double) from funnel
    union all select 'sals', 'funnel', month, 'source_category', source_category, cast(sals as double) from funnel
    union all select 'sqls', 'funnel', month, 'source_category', source_category, cast(sqls as double) from funnel
    union all select 'opportunities_won', 'revenue', month, 'source_category', source_category, cast(opportunities_won as double) from revenue
    union all select 'revenue_won', 'revenue', month, 'source_category', source_category, cast(revenue_won as double) from revenue
    union all select 'response_handed_off', 'sla', month, 'team', team, cast(handed_off as double) from response
    union all select 'response_met', 'sla', month, 'team', team, cast(met as double) from response
    union all select 'response_late', 'sla', month, 'team', team, cast(late as double) from response
    union all select 'response_breached', 'sla', month, 'team', team, cast(breached as double) from response
    union all select metric, area, month, breakdown_kind, breakdown, value from {{ ref('int_rate_figures_monthly') }}
    union all select metric, area, month, breakdown_kind, breakdown, value from {{ ref('int_campaign_figures_monthly') }}
),

dated as (
    select
        figures.*,
        {{ add_months('figures.month', '1') }} as next_month,
        run_context.close_after_days,
        cast(run_context.as_of_at as date) as as_of_date,
        {{ add_months("cast(date_trunc('month', run_context.as_of_at) as date)", '-run_context.keep_months') }} as first_kept_month
    from figures
    cross join {{ ref('run_context') }} as run_context
),

final as (
    select
        dated.metric, dated.area, dated.month, dated.breakdown_kind, dated.breakdown, dated.value,
        {{ add_days('dated.next_month', 'dated.close_after_days') }} as closes_on,
        {{ add_days('dated.next_month', 'dated.close_after_days') }} <= dated.as_of_date and dated.month >= dated.first_kept_month as is_closed
    from dated
)

select * from final

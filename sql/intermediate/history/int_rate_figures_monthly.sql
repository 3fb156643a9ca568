-- int_rate_figures_monthly: the rates and medians the site publishes per month, computed from the records behind them (figure_records).
-- grain: one row per rate or median metric, month and breakdown
-- response_compliance is met / (met + late + breached) of the response clocks started in the month, per team (pending
-- leads are not judged yet); response_median_minutes is the median business minutes of the response clocks done; and
-- mql_to_sql_rate is, of the people who became MQL in the month, the share that reached SQL (cohort view), per source category.
with records as (
    select * from {{ ref('figure_records') }}
    where metric in ('response_compliance', 'response_median_minutes', 'mql_to_sql_rate')
),

final as (
    select
        metric,
        case when metric = 'mql_to_sql_rate' then 'funnel' else 'sla' end as area,
        month,
        case when metric = 'mql_to_sql_rate' then 'source_category' else 'team' end as breakdown_kind,
        breakdown,
        case when metric = 'response_median_minutes' then {{ percentile('amount', 0.5) }} else avg(amount) end as value
    from records
    group by metric, month, breakdown
)

select * from final

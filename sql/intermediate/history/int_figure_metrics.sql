-- int_figure_metrics: how each published metric is compared night to night: its unit, and whether a missing figure reads as zero.
-- grain: one row per metric of monthly_figures
-- Money is summed in floating point, so a change under half a cent is rounding, not a restatement; every other
-- figure is compared exactly. A count or a sum that is missing is zero; a rate, a median or an ROI that is missing
-- is no figure at all, so its appearing or disappearing is itself a restatement.
with metrics as (
    select * from (
        values
            ('inquiries', 'count'), ('mqls', 'count'), ('sals', 'count'), ('sqls', 'count'),
            ('opportunities_won', 'count'), ('revenue_won', 'money'),
            ('response_handed_off', 'count'), ('response_met', 'count'), ('response_late', 'count'), ('response_breached', 'count'),
            ('response_compliance', 'rate'), ('response_median_minutes', 'minutes'), ('mql_to_sql_rate', 'rate'),
            ('campaign_leads', 'count'), ('campaign_mqls', 'count'), ('campaign_sqls', 'count'),
            ('campaign_pipeline', 'money'), ('campaign_revenue_won', 'money'), ('campaign_cost', 'money'), ('campaign_roi', 'ratio')
    ) as metrics (metric, unit)
),

final as (
    select
        metrics.metric,
        metrics.unit,
        metrics.unit in ('count', 'money') as is_additive,
        case when metrics.unit = 'money' then 0.005 else 0.000000001 end as tolerance
    from metrics
)

select * from final

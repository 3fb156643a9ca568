-- int_campaign_figures_monthly: each campaign's headline figures per month under the default attribution model, as closed months publish them.
-- grain: one row per campaign metric, month and campaign
-- Leads, MQLs, SQLs, credited pipeline and credited revenue add up the records behind them (int_campaign_figure_records,
-- read where figure_records holds them, so they are built once), so a figure and the records that explain it never disagree. Cost is what was booked in the month (a cost without a
-- conversion rate is unknown: no figure); ROI is (revenue won in the month - cost) / cost, where the cost is above zero.
with records as (
    select * from {{ ref('figure_records') }}
    where metric in ('campaign_leads', 'campaign_mqls', 'campaign_sqls', 'campaign_pipeline', 'campaign_revenue_won')
),

costs as (
    select campaign_id, month, cast(cost as double) as cost from {{ ref('campaign_costs_monthly') }} where cost is not null
),

summed as (
    -- Summed in decimal (exact): a double sum depends on the order the engine adds the rows in.
    select metric, month, breakdown, cast(sum(cast(amount as decimal(38, 2))) as double) as value
    from records
    group by metric, month, breakdown
),

revenue as (
    select month, breakdown as campaign_id, value from summed where metric = 'campaign_revenue_won'
),

final as (
    select metric, case when metric in ('campaign_leads', 'campaign_mqls', 'campaign_sqls') then 'funnel' else 'revenue' end as area,
        month, 'campaign' as breakdown_kind, breakdown, value
    from summed
    union all
    select 'campaign_cost', 'revenue', month, 'campaign', campaign_id, cost from costs
    union all
    select 'campaign_roi', 'revenue', costs.month, 'campaign', costs.campaign_id, (coalesce(revenue.value, 0) - costs.cost) / costs.cost
    from costs
    left join revenue on revenue.campaign_id = costs.campaign_id and revenue.month = costs.month
    where costs.cost > 0
)

select * from final

-- closed_figures: each closed month's published figures (as they were the first night after the month closed) beside tonight's recomputation.
-- grain: one row per metric, closed month and breakdown
-- column metric: the figure's metric, as in monthly_figures
-- column area: funnel, sla or revenue
-- column month: first day of the closed month
-- column breakdown_kind: source_category, team or campaign
-- column breakdown: the source category, team or campaign id
-- column published_on: the night the figure was published (the first snapshot on or after the month closed; tonight when none is older)
-- column published_value: the figure as published; it never changes (empty for a rate, median or ROI that had no figure then)
-- column current_value: the figure recomputed tonight (empty for a rate, median or ROI that has no figure now)
-- column is_restated: true when the recomputation differs from the published figure (money by half a cent or more)
-- test not_null: metric, month, breakdown, published_on
with tonight as (
    select cast(as_of_at as date) as as_of_date from {{ ref('run_context') }}
),

current_closed as (
    select * from {{ ref('monthly_figures') }} where is_closed
),

snapshots as (
    select history.*
    from {{ source('history', 'figures') }} as history
    cross join tonight
    where history.as_of_date >= history.closes_on and history.as_of_date < tonight.as_of_date
),

publishing_nights as (
    select month, min(as_of_date) as published_on from snapshots group by month
),

published as (
    select snapshots.* from snapshots
    inner join publishing_nights on publishing_nights.month = snapshots.month and publishing_nights.published_on = snapshots.as_of_date
),

compared as (
    select
        coalesce(published.metric, current_closed.metric) as metric,
        coalesce(published.area, current_closed.area) as area,
        coalesce(published.month, current_closed.month) as month,
        coalesce(published.breakdown_kind, current_closed.breakdown_kind) as breakdown_kind,
        coalesce(published.breakdown, current_closed.breakdown) as breakdown,
        coalesce(publishing_nights.published_on, tonight.as_of_date) as published_on,
        -- A month never published before is published tonight, as recomputed.
        case when publishing_nights.published_on is null then current_closed.value else published.value end as published_value,
        current_closed.value as current_value
    from current_closed
    full outer join published
        on published.metric = current_closed.metric and published.month = current_closed.month and published.breakdown = current_closed.breakdown
    left join publishing_nights on publishing_nights.month = coalesce(published.month, current_closed.month)
    cross join tonight
),

-- A missing count or sum is zero; a missing rate, median or ROI is no figure (int_figure_metrics).
valued as (
    select
        compared.metric, compared.area, compared.month, compared.breakdown_kind, compared.breakdown, compared.published_on,
        case when metrics.is_additive then coalesce(compared.published_value, 0) else compared.published_value end as published_value,
        case when metrics.is_additive then coalesce(compared.current_value, 0) else compared.current_value end as current_value,
        metrics.tolerance
    from compared
    inner join {{ ref('int_figure_metrics') }} as metrics on metrics.metric = compared.metric
),

final as (
    select
        valued.metric, valued.area, valued.month, valued.breakdown_kind, valued.breakdown, valued.published_on, valued.published_value, valued.current_value,
        coalesce(abs(valued.current_value - valued.published_value) >= valued.tolerance, valued.current_value is not null or valued.published_value is not null) as is_restated
    from valued
)

select * from final

-- int_restated_figures: the closed-month figures tonight's recomputation changed since the previous night's snapshot.
-- grain: one row per metric, month and breakdown whose value changed
with previous_night as (
    select * from {{ ref('int_history_previous_night') }}
),

previous_figures as (
    select history.metric, history.area, history.month, history.breakdown_kind, history.breakdown, history.value
    from {{ source('history', 'figures') }} as history
    inner join previous_night on previous_night.as_of_date = history.as_of_date
),

current_figures as (
    select metric, area, month, breakdown_kind, breakdown, value
    from {{ ref('monthly_figures') }}
    where month in (select month from previous_figures)
),

compared as (
    select
        coalesce(previous_figures.metric, current_figures.metric) as metric,
        coalesce(previous_figures.area, current_figures.area) as area,
        coalesce(previous_figures.month, current_figures.month) as month,
        coalesce(previous_figures.breakdown_kind, current_figures.breakdown_kind) as breakdown_kind,
        coalesce(previous_figures.breakdown, current_figures.breakdown) as breakdown,
        previous_figures.value as old_value,
        current_figures.value as new_value
    from previous_figures
    full outer join current_figures
        on current_figures.metric = previous_figures.metric and current_figures.month = previous_figures.month
        and current_figures.breakdown = previous_figures.breakdown
),

-- A missing count or sum is zero; a missing rate, median or ROI is no figure (int_figure_metrics).
valued as (
    select
        compared.metric, compared.area, compared.month, compared.breakdown_kind, compared.breakdown,
        case when metrics.is_additive then coalesce(compared.old_value, 0) else compared.old_value end as old_value,
        case when metrics.is_additive then coalesce(compared.new_value, 0) else compared.new_value end as new_value,
        metrics.tolerance
    from compared
    inner join {{ ref('int_figure_metrics') }} as metrics on metrics.metric = compared.metric
),

final as (
    select
        valued.metric, valued.area, valued.month, valued.breakdown_kind, valued.breakdown, valued.old_value, valued.new_value,
        previous_night.as_of_date as previous_as_of_date, previous_night.tonight_date as restated_on
    from valued
    cross join previous_night
    where abs(valued.new_value - valued.old_value) >= valued.tolerance
        or (valued.old_value is null and valued.new_value is not null)
        or (valued.old_value is not null and valued.new_value is null)
)

select * from final

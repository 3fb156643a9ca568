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
        coalesce(previous_figures.value, 0) as old_value,
        coalesce(current_figures.value, 0) as new_value
    from previous_figures
    full outer join current_figures
        on current_figures.metric = previous_figures.metric and current_figures.month = previous_figures.month
        and current_figures.breakdown = previous_figures.breakdown
),

final as (
    select compared.*, previous_night.as_of_date as previous_as_of_date, previous_night.tonight_date as restated_on
    from compared
    cross join previous_night
    -- Money is summed in floating point: a change under half a cent is rounding, not a restatement.
    where abs(compared.new_value - compared.old_value) >= 0.005
)

select * from final

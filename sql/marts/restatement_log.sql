-- restatement_log: every restatement of a closed month found in the last history.restatement_days days (tonight's included), so a reader who missed a night still sees it.
-- grain: one row per night that found it, restated figure and record (as in restatements)
-- Earlier nights' restatements come from the lake's history (each night stores the ones it found); tonight's from the
-- restatements mart. A re-run of tonight replaces tonight's: the history's copy of tonight is left out.
-- column restated_on: the night (as-of day) the change was found
-- column previous_as_of_date: the night it was compared with
-- column metric: the figure's metric, as in monthly_figures
-- column area: funnel, sla or revenue
-- column month: first day of the closed month
-- column breakdown_kind: source_category, team or campaign
-- column breakdown: the source category, team or campaign id
-- column old_value: the figure before (empty for a rate, median or ROI that had no figure)
-- column new_value: the figure that night (empty for a rate, median or ROI that had no figure any more)
-- column record_kind: lead or opportunity
-- column record_id: the person's or opportunity's id
-- column change: entered, left, or changed
-- column old_amount: what the record added before
-- column new_amount: what it added that night
-- column dated_at: the time that put the record in the month
-- column cause: as in restatements
-- test not_null: restated_on, metric, month, breakdown, cause
with window_start as (
    select
        cast(as_of_at as date) as as_of_date,
        {{ add_days('cast(as_of_at as date)', '1 - restatement_days') }} as first_listed_day
    from {{ ref('run_context') }}
),

earlier as (
    select
        history.restated_on, history.previous_as_of_date, history.metric, history.area, history.month, history.breakdown_kind, history.breakdown,
        history.old_value, history.new_value, history.record_kind, history.record_id, history.change, history.old_amount, history.new_amount,
        history.dated_at, history.cause
    from {{ source('history', 'restatements') }} as history
    cross join window_start
    where history.as_of_date < window_start.as_of_date and history.restated_on >= window_start.first_listed_day
),

tonight as (
    select
        restated_on, previous_as_of_date, metric, area, month, breakdown_kind, breakdown,
        old_value, new_value, record_kind, record_id, change, old_amount, new_amount, dated_at, cause
    from {{ ref('restatements') }}
),

final as (
    select * from earlier
    union all
    select * from tonight
)

select * from final

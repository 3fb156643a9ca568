-- restatements: closed-month figures tonight's recomputation changed since the previous night, with the leads and opportunities that moved them and why.
-- grain: one row per restated figure and record that entered it, left it or changed what it adds (one row with no record when none explains it)
-- column restated_on: the night (as-of day) the change was first seen
-- column previous_as_of_date: the night the old value was snapshotted
-- column metric: the figure's metric, as in monthly_figures
-- column area: funnel, sla or revenue
-- column month: first day of the closed month
-- column breakdown_kind: source_category, team or campaign
-- column breakdown: the source category, team or campaign id
-- column old_value: the figure in the previous night's snapshot (empty for a rate, median or ROI that had no figure)
-- column new_value: the figure tonight (empty for a rate, median or ROI that has no figure now)
-- column record_kind: lead or opportunity
-- column record_id: the person's or opportunity's id
-- column change: entered, left, or changed (in the figure both nights, adding a different amount)
-- column old_amount: what the record added the previous night
-- column new_amount: what it adds tonight
-- column dated_at: the time that puts the record in the month (tonight's, or the previous night's for a record that left)
-- column cause: merged_or_deleted, amount_changed, close_date_moved, status_history_backfilled, definition_changed, record_edited, recorded_late, or unexplained
-- test not_null: restated_on, metric, month, breakdown, cause
-- test accepted_values: cause in merged_or_deleted, amount_changed, close_date_moved, status_history_backfilled, definition_changed, record_edited, recorded_late, unexplained
with restated as (
    select * from {{ ref('int_restated_figures') }}
),

causes as (
    select * from {{ ref('int_restatement_causes') }}
),

final as (
    select
        restated.restated_on, restated.previous_as_of_date, restated.metric, restated.area, restated.month,
        restated.breakdown_kind, restated.breakdown, restated.old_value, restated.new_value,
        causes.record_kind, causes.record_id, causes.change, causes.old_amount, causes.new_amount, causes.dated_at,
        coalesce(causes.cause, 'unexplained') as cause
    from restated
    left join causes on causes.metric = restated.metric and causes.month = restated.month and causes.breakdown = restated.breakdown
)

select * from final

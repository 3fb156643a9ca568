-- int_restatement_records: the leads and opportunities that entered, left or changed what they add to a restated figure.
-- grain: one row per restated figure and record
with restated as (
    select * from {{ ref('int_restated_figures') }}
),

previous_records as (
    select history.*
    from {{ source('history', 'records') }} as history
    inner join {{ ref('int_history_previous_night') }} as previous_night on previous_night.as_of_date = history.as_of_date
),

previous_in as (
    select previous_records.* from previous_records
    inner join restated on restated.metric = previous_records.metric and restated.month = previous_records.month and restated.breakdown = previous_records.breakdown
),

current_in as (
    select figure_records.* from {{ ref('figure_records') }} as figure_records
    inner join restated on restated.metric = figure_records.metric and restated.month = figure_records.month and restated.breakdown = figure_records.breakdown
),

changed as (
    select
        coalesce(previous_in.metric, current_in.metric) as metric,
        coalesce(previous_in.month, current_in.month) as month,
        coalesce(previous_in.breakdown, current_in.breakdown) as breakdown,
        coalesce(previous_in.record_kind, current_in.record_kind) as record_kind,
        coalesce(previous_in.record_id, current_in.record_id) as record_id,
        case when previous_in.record_id is null then 'entered' when current_in.record_id is null then 'left' else 'changed' end as change,
        previous_in.amount as old_amount,
        current_in.amount as new_amount,
        previous_in.business_minutes as old_business_minutes,
        current_in.business_minutes as new_business_minutes,
        coalesce(current_in.dated_at, previous_in.dated_at) as dated_at
    from previous_in
    full outer join current_in
        on current_in.metric = previous_in.metric and current_in.month = previous_in.month
        and current_in.breakdown = previous_in.breakdown and current_in.record_id = previous_in.record_id
    where previous_in.record_id is null or current_in.record_id is null or abs(previous_in.amount - current_in.amount) >= 0.005
),

final as (
    select * from changed
)

select * from final

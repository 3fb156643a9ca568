-- int_data_anomalies: records whose data contradict themselves, each kept out of only the numbers it would falsify.
-- grain: one row per anomaly and record
-- The night never stops for these: data health counts them with example ids, and each row says
-- which numbers leave the record out. Everything else still counts it.
with opportunities as (
    select * from {{ ref('int_opportunities') }}
),

stage_events as (
    select * from {{ ref('int_stage_events') }}
),

close_before_create as (
    select
        'close date before creation' as anomaly, 'opportunity' as object, opportunity_id as record_id,
        'left out of sales cycle days only; the deal counts in pipeline, revenue and win rates' as consequence
    from opportunities
    where close_date < cast(created_at as date)
),

closed_without_close_date as (
    select
        case when is_won then 'won without a close date' else 'lost without a close date' end as anomaly,
        'opportunity' as object, opportunity_id as record_id,
        'left out of revenue won, win rates and cycle days by month (no month to count it in); it counts in pipeline created' as consequence
    from opportunities
    where is_closed and close_date is null
),

stages_out_of_order as (
    select distinct
        'stage times out of order' as anomaly, 'person' as object, person_id as record_id,
        'an earlier stage was dated after a later one; it is counted at the later stage''s time, as inferred' as consequence
    from stage_events
    where is_reordered
),

final as (
    select * from close_before_create
    union all
    select * from closed_without_close_date
    union all
    select * from stages_out_of_order
)

select * from final

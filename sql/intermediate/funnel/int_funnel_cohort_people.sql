-- int_funnel_cohort_people: every MQL with its cohort month, days between stages and leakage flags.
-- grain: one row per person who reached MQL
with stage_times as (
    select * from {{ ref('int_person_stage_times') }}
    where mql_at is not null
),

handoffs as (
    select * from {{ ref('int_lead_handoffs') }}
),

touches as (
    select person_id, min(touched_at) as first_touch_at from {{ ref('int_sales_touches') }} group by person_id
),

run_context as (
    select * from {{ ref('run_context') }}
),

final as (
    select
        stage_times.*,
        {{ month_of('stage_times.mql_at') }} as mql_month,
        case when stage_times.sal_at >= stage_times.mql_at then {{ seconds_between('stage_times.mql_at', 'stage_times.sal_at') }} / 86400.0 end as days_mql_to_sal,
        case when stage_times.sql_at >= stage_times.mql_at then {{ seconds_between('stage_times.mql_at', 'stage_times.sql_at') }} / 86400.0 end as days_mql_to_sql,
        case when stage_times.won_at >= stage_times.sql_at then {{ seconds_between('stage_times.sql_at', 'stage_times.won_at') }} / 86400.0 end as days_sql_to_won,
        stage_times.sal_at is null and stage_times.sql_at is null and stage_times.rejected_at is null and stage_times.recycled_at is null as is_never_accepted,
        handoffs.handoff_at is not null and touches.first_touch_at is null as is_never_touched,
        stage_times.sal_at is null and stage_times.sql_at is null and stage_times.rejected_at is null and stage_times.recycled_at is null
            and {{ seconds_between('stage_times.mql_at', 'run_context.as_of_at') }} > run_context.stalled_after_days * 86400 as is_stalled
    from stage_times
    left join handoffs on handoffs.person_id = stage_times.person_id
    left join touches on touches.person_id = stage_times.person_id
    cross join run_context
)

select * from final

-- int_person_stage_times: each person's stage times side by side, with which were inferred.
-- grain: one row per person with at least one stage
-- test expression_is_true: inquiry_at <= mql_at
-- test expression_is_true: mql_at <= sal_at
-- test expression_is_true: sal_at <= sql_at
-- test expression_is_true: sql_at <= won_at
-- test expression_is_true: sql_at <= lost_at
with stage_events as (
    select * from {{ ref('int_stage_events') }}
),

final as (
    select
        person_id,
        min(case when stage = 'inquiry' then reached_at end) as inquiry_at,
        min(case when stage = 'mql' then reached_at end) as mql_at,
        min(case when stage = 'sal' then reached_at end) as sal_at,
        min(case when stage = 'sql' then reached_at end) as sql_at,
        min(case when stage = 'won' then reached_at end) as won_at,
        min(case when stage = 'rejected' then reached_at end) as rejected_at,
        min(case when stage = 'recycled' then reached_at end) as recycled_at,
        min(case when stage = 'lost' then reached_at end) as lost_at,
        max(case when stage = 'mql' and evidence = 'inferred' then 1 else 0 end) = 1 as is_mql_inferred,
        max(case when stage = 'sal' and evidence = 'inferred' then 1 else 0 end) = 1 as is_sal_inferred,
        max(case when stage = 'sql' and evidence = 'inferred' then 1 else 0 end) = 1 as is_sql_inferred
    from stage_events
    group by person_id
)

select * from final

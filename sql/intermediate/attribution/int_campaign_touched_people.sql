-- int_campaign_touched_people: how many people each campaign touched, and how many of them reached MQL and SQL.
-- grain: one row per campaign with at least one marketing touch
-- Every response counts, whether or not it led to an opportunity; a person counts once per
-- campaign however often they responded, and counts as an MQL or SQL if they ever reached it.
with touches as (
    select * from {{ ref('int_marketing_touches') }}
),

stage_times as (
    select * from {{ ref('int_person_stage_times') }}
),

touched_people as (
    select distinct touches.campaign_id, touches.person_id
    from touches
),

final as (
    select
        touched_people.campaign_id,
        count(*) as touched_people,
        cast(sum(case when stage_times.mql_at is not null then 1 else 0 end) as bigint) as mqls,
        cast(sum(case when stage_times.sql_at is not null then 1 else 0 end) as bigint) as sqls
    from touched_people
    left join stage_times on stage_times.person_id = touched_people.person_id
    group by touched_people.campaign_id
)

select * from final

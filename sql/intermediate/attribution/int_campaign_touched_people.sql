-- int_campaign_touched_people: how many people each campaign touched, and how many of them reached MQL and SQL.
-- grain: one row per campaign with at least one marketing touch
-- Every response counts, whether or not it led to an opportunity; a person counts once per
-- campaign however often they responded, and counts as an MQL or SQL if they ever reached it.
-- campaign_people already holds one row per campaign and person with their stage times.
with touched_people as (
    select * from {{ ref('campaign_people') }}
),

final as (
    select
        touched_people.campaign_id,
        count(*) as touched_people,
        cast(sum(case when touched_people.mql_at is not null then 1 else 0 end) as bigint) as mqls,
        cast(sum(case when touched_people.sql_at is not null then 1 else 0 end) as bigint) as sqls
    from touched_people
    group by touched_people.campaign_id
)

select * from final

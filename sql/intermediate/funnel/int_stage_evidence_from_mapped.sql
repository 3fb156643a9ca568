-- int_stage_evidence_from_mapped: every dated sign of a stage for mapped-source leads: creation, mapped status, conversion, opportunities.
-- grain: one row per person, stage and piece of evidence
-- As for Salesforce without history: every lead is an inquiry at creation, its current status
-- (mapped through the Salesforce status map, stage_map source 'salesforce') is dated at creation
-- (inferred), a conversion dates SQL, and opportunities date SQL, won and lost. Conversion and
-- close dates carry a day but no time (is_date_only).
with people as (
    select * from {{ ref('int_people_from_mapped') }}
),

stage_map as (
    select * from {{ ref('stage_map') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_from_mapped') }}
    where person_id is not null
),

final as (
    select people.person_id, 'inquiry' as stage, people.created_at as reached_at, 'observed' as evidence, false as is_date_only
    from people
    union all
    select people.person_id, stage_map.stage, people.created_at, 'inferred', false
    from people
    inner join stage_map on stage_map.source = 'salesforce' and stage_map.status_value = lower(trim(people.status))
    union all
    select people.person_id, 'sql', cast(people.converted_date as timestamp), 'observed', true
    from people
    where people.converted_date is not null
    union all
    select opportunities.person_id, 'sql', opportunities.created_at, 'observed', false
    from opportunities
    union all
    select opportunities.person_id, case when opportunities.is_won then 'won' else 'lost' end, cast(opportunities.close_date as timestamp), 'observed', true
    from opportunities
    where opportunities.is_closed and opportunities.close_date is not null
)

select * from final

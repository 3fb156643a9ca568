-- int_stage_evidence_from_marketo: dated signs of a stage for Marketo-only people: an inquiry at creation, and the stage their lead status implies.
-- grain: one row per person, stage and piece of evidence
-- Marketo exports no status history, so the current status is dated at creation (inferred),
-- mapped through the same status map as Salesforce. Synced leads get their stages from Salesforce.
with people as (
    select * from {{ ref('int_people_from_marketo') }}
),

stage_map as (
    select * from {{ ref('stage_map') }}
),

final as (
    select people.person_id, 'inquiry' as stage, people.created_at as reached_at, 'observed' as evidence
    from people
    union all
    select people.person_id, stage_map.stage, people.created_at as reached_at, 'inferred' as evidence
    from people
    inner join stage_map on stage_map.source = 'salesforce' and stage_map.status_value = lower(trim(people.status))
)

select * from final

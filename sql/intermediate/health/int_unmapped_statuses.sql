-- int_unmapped_statuses: lead status values that map to no funnel stage, with how many people carry them.
-- grain: one row per source system and status value
-- A status spelt differently from the stage map ("MQL - Open" for "Open - Not Contacted") leaves
-- its people at inquiry without a word; listing the values is what lets someone map them.
-- HubSpot's lifecycle stages and lead statuses have maps of their own and are not listed here.
with people as (
    select * from {{ ref('int_people') }}
),

stage_map as (
    select * from {{ ref('stage_map') }}
    where source = 'salesforce'
),

final as (
    select people.source_system, people.status, count(*) as people
    from people
    left join stage_map on stage_map.status_value = lower(trim(people.status))
    where people.source_system <> 'hubspot' and people.status is not null and trim(people.status) <> '' and stage_map.stage is null
    group by people.source_system, people.status
)

select * from final

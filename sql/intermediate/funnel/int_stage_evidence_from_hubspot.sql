-- int_stage_evidence_from_hubspot: every dated sign of a stage on HubSpot contacts: lifecycle stage dates, deals, current lifecycle stage and lead status.
-- grain: one row per person, stage and piece of evidence
-- Observed: lifecycle stage dates ("Became a … Date" or `Date entered "<Stage> (Lifecycle Stage
-- Pipeline)"`) through the lifecycle stage map (Subscriber / Lead → inquiry, MQL → mql, Sales
-- Qualified Lead → sal, Opportunity → sql, Customer → won); deals → sql at creation, won or lost
-- at close. Inferred: every contact is an inquiry at creation; the current lifecycle stage is
-- dated at creation only for contacts without any lifecycle date (view exports that leave those
-- columns out: a stage at creation would otherwise imply earlier stages before the dates HubSpot
-- recorded); Lead Status Unqualified / Bad Timing is dated at the last modification.
with people as (
    select * from {{ ref('int_people_from_hubspot') }}
),

contacts as (
    select 'hubspot:' || contact_id as person_id, lifecycle_stage, lead_status, modified_at
    from {{ ref('stg_hubspot__contacts') }}
),

lifecycle_entries as (
    select 'hubspot:' || contact_id as person_id, lifecycle_value, entered_at
    from {{ ref('int_lifecycle_entries_from_hubspot') }}
),

stage_map as (
    select * from {{ ref('int_stage_map_from_hubspot') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_from_hubspot') }}
    where person_id is not null
),

dated_people as (
    select distinct person_id from lifecycle_entries
),

-- The dates go through the same (configurable) lifecycle mapping as the current stage.
lifecycle as (
    select lifecycle_entries.person_id, stage_map.stage, lifecycle_entries.entered_at as reached_at
    from lifecycle_entries
    inner join people on people.person_id = lifecycle_entries.person_id
    inner join stage_map on stage_map.property = 'lifecycle_stage' and stage_map.property_value = lifecycle_entries.lifecycle_value
),

inferred as (
    select people.person_id, 'inquiry' as stage, people.created_at as reached_at from people
    union all
    select people.person_id, stage_map.stage, people.created_at from people
    inner join contacts on contacts.person_id = people.person_id
    inner join stage_map on stage_map.property = 'lifecycle_stage' and stage_map.property_value = lower(trim(contacts.lifecycle_stage))
    left join dated_people on dated_people.person_id = people.person_id
    where dated_people.person_id is null
    union all
    select people.person_id, stage_map.stage, contacts.modified_at from people
    inner join contacts on contacts.person_id = people.person_id
    inner join stage_map on stage_map.property = 'lead_status' and stage_map.property_value = lower(trim(contacts.lead_status))
),

from_deals as (
    select person_id, 'sql' as stage, created_at as reached_at from opportunities
    union all
    select person_id, case when is_won then 'won' else 'lost' end, cast(close_date as timestamp) from opportunities
    where is_closed
),

final as (
    select person_id, stage, reached_at, 'observed' as evidence from lifecycle
    union all
    select person_id, stage, reached_at, 'observed' as evidence from from_deals where reached_at is not null
    union all
    select person_id, stage, reached_at, 'inferred' as evidence from inferred where reached_at is not null
)

select * from final

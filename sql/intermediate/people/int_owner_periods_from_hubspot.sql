-- int_owner_periods_from_hubspot: who owned each HubSpot contact when: unassigned from creation until the Owner Assigned Date, then the owner.
-- grain: one row per HubSpot contact and owner period
-- HubSpot exports only the current owner and when they were assigned, no history: the contact
-- counts as unassigned (like a queue, owner_id null) until then. Without an assigned date the
-- current owner is taken as the owner since creation. A contact nobody owns has no period (a
-- subscriber without an owner is not waiting in a queue; an unrouted MQL shows in routing SLA).
with people as (
    select * from {{ ref('int_people_from_hubspot') }}
),

contacts as (
    select 'hubspot:' || contact_id as person_id, owner_assigned_at from {{ ref('stg_hubspot__contacts') }}
),

owned as (
    select
        people.person_id, people.owner_id, people.created_at,
        case when contacts.owner_assigned_at > people.created_at then contacts.owner_assigned_at else people.created_at end as assigned_at
    from people
    inner join contacts on contacts.person_id = people.person_id
    where people.owner_id is not null
),

final as (
    select person_id, cast(null as varchar) as owner_id, created_at as valid_from, assigned_at as valid_to, false as is_user_owner
    from owned
    where assigned_at > created_at
    union all
    select person_id, owner_id, assigned_at as valid_from, cast(null as timestamp) as valid_to, true as is_user_owner
    from owned
)

select * from final

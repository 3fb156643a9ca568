-- int_stage_evidence_from_hubspot: every dated sign of a stage on HubSpot contacts: "Became a … Date" columns, deals, current lifecycle stage and lead status.
-- grain: one row per person, stage and piece of evidence
-- Observed: Became a Subscriber / Lead → inquiry, MQL → mql, Sales Qualified Lead → sal,
-- Opportunity → sql, Customer → won; deals → sql at creation, won or lost at close. Inferred:
-- every contact is an inquiry at creation; the current lifecycle stage is dated at creation only
-- for contacts without any "Became a" date (view exports that leave those columns out: a stage
-- at creation would otherwise imply earlier stages before the dates HubSpot recorded); Lead
-- Status Unqualified / Bad Timing is dated at the last modification (no status history).
with contacts as (
    select
        'hubspot:' || contact_id as person_id,
        stg_hubspot__contacts.*,
        coalesce(became_subscriber_at, became_lead_at, became_mql_at, became_sql_at, became_opportunity_at, became_customer_at) is not null as has_lifecycle_dates
    from {{ ref('stg_hubspot__contacts') }} as stg_hubspot__contacts
),

stage_map as (
    select * from {{ ref('int_stage_map_from_hubspot') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_from_hubspot') }}
    where person_id is not null
),

became_dates as (
    select person_id, 'subscriber' as lifecycle_value, became_subscriber_at as reached_at from contacts
    union all select person_id, 'lead', became_lead_at from contacts
    union all select person_id, 'marketingqualifiedlead', became_mql_at from contacts
    union all select person_id, 'salesqualifiedlead', became_sql_at from contacts
    union all select person_id, 'opportunity', became_opportunity_at from contacts
    union all select person_id, 'customer', became_customer_at from contacts
),

-- The "Became a … Date" columns go through the same (configurable) lifecycle mapping as the current stage.
became as (
    select became_dates.person_id, stage_map.stage, became_dates.reached_at
    from became_dates
    inner join stage_map on stage_map.property = 'lifecycle_stage' and stage_map.property_value = became_dates.lifecycle_value
),

inferred as (
    select contacts.person_id, 'inquiry' as stage, contacts.created_at as reached_at from contacts
    union all
    select contacts.person_id, stage_map.stage, contacts.created_at from contacts
    inner join stage_map on stage_map.property = 'lifecycle_stage' and stage_map.property_value = lower(trim(contacts.lifecycle_stage))
    where not contacts.has_lifecycle_dates
    union all
    select contacts.person_id, stage_map.stage, contacts.modified_at from contacts
    inner join stage_map on stage_map.property = 'lead_status' and stage_map.property_value = lower(trim(contacts.lead_status))
),

from_deals as (
    select person_id, 'sql' as stage, created_at as reached_at from opportunities
    union all
    select person_id, case when is_won then 'won' else 'lost' end, cast(close_date as timestamp) from opportunities
    where is_closed
),

final as (
    select person_id, stage, reached_at, 'observed' as evidence from became where reached_at is not null
    union all
    select person_id, stage, reached_at, 'observed' as evidence from from_deals where reached_at is not null
    union all
    select person_id, stage, reached_at, 'inferred' as evidence from inferred
)

select * from final

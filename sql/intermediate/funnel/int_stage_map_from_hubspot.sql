-- int_stage_map_from_hubspot: the funnel stage of HubSpot lifecycle stages and lead statuses (Handoff's defaults, extended by config), as export labels and internal values.
-- grain: one row per HubSpot property and value (lower case)
-- The defaults live in functions/core/config.ts (DEFAULT_HUBSPOT_LIFECYCLE_STAGE, …) and reach
-- SQL through the stage_map seed, so `stages.hubspot_lifecycle_stage` in config can change them.
with stage_map as (
    select * from {{ ref('stage_map') }}
    where source in ('hubspot_lifecycle_stage', 'hubspot_lead_status')
),

final as (
    select
        case when source = 'hubspot_lifecycle_stage' then 'lifecycle_stage' else 'lead_status' end as property,
        status_value as property_value,
        stage
    from stage_map
)

select * from final

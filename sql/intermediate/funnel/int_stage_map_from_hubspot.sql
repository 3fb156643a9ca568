-- int_stage_map_from_hubspot: the default funnel stage of HubSpot's stock lifecycle stages and lead statuses, as export labels and as internal values.
-- grain: one row per HubSpot property and value (lower case)
-- HubSpot's "Sales Qualified Lead" means sales accepted the lead (SAL); an Opportunity is what
-- the funnel calls SQL. Lead Status Unqualified is a rejection, Bad Timing a recycle.
with lifecycle_stages as (
    select * from (
        values
            ('subscriber', 'inquiry'), ('lead', 'inquiry'),
            ('marketing qualified lead', 'mql'), ('marketingqualifiedlead', 'mql'),
            ('sales qualified lead', 'sal'), ('salesqualifiedlead', 'sal'),
            ('opportunity', 'sql'), ('customer', 'won')
    ) as lifecycle(property_value, stage)
),

lead_statuses as (
    select * from (
        values ('unqualified', 'rejected'), ('bad timing', 'recycled'), ('bad_timing', 'recycled')
    ) as statuses(property_value, stage)
),

final as (
    select 'lifecycle_stage' as property, property_value, stage from lifecycle_stages
    union all
    select 'lead_status' as property, property_value, stage from lead_statuses
)

select * from final

-- int_campaigns_from_hubspot: HubSpot campaigns from the campaigns export ('hubspot:campaign:' || id, or the lower-cased name when the export has no id).
-- grain: one row per HubSpot campaign
-- The prefix keeps campaign ids apart from contact and deal ids ('hubspot:' || Record ID).
with campaigns as (
    select * from {{ ref('stg_hubspot__campaigns') }}
),

final as (
    select
        'hubspot:campaign:' || campaign_key as campaign_id, campaign_name, campaign_type, status, start_date, end_date, created_at,
        'hubspot' as source_system
    from campaigns
)

select * from final

-- int_campaigns_from_mapped: campaigns of every mapped CSV source (mapped_source || ':' || id).
-- grain: one row per mapped source and campaign
with campaigns as (
    select * from {{ ref('stg_mapped__campaigns') }}
),

final as (
    select
        mapped_source || ':' || campaign_id as campaign_id, campaign_name, campaign_type, status, start_date, end_date, created_at,
        mapped_source as source_system
    from campaigns
)

select * from final

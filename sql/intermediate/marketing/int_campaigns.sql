-- int_campaigns: campaigns and programs from every source.
-- grain: one row per campaign
with unioned as (
    select
        campaign_id, campaign_name, campaign_type, status, start_date, end_date, created_at, 'salesforce' as source_system
    from {{ ref('stg_salesforce__campaigns') }}
),

final as (
    select * from unioned
)

select * from final

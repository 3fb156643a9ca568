-- int_campaigns: campaigns and programs from every source.
-- grain: one row per campaign
-- materialized: view
with unioned as (
    select
        campaign_id, campaign_name, campaign_type, status, start_date, end_date, created_at, 'salesforce' as source_system
    from {{ ref('stg_salesforce__campaigns') }}
    union all
    select campaign_id, campaign_name, campaign_type, status, start_date, end_date, created_at, source_system
    from {{ ref('int_campaigns_from_marketo') }}
    union all
    select campaign_id, campaign_name, campaign_type, status, start_date, end_date, created_at, source_system
    from {{ ref('int_campaigns_from_mapped') }}
    union all
    select campaign_id, campaign_name, campaign_type, status, start_date, end_date, created_at, source_system
    from {{ ref('int_campaigns_from_hubspot') }}
    union all
    select campaign_id, campaign_name, campaign_type, status, start_date, end_date, created_at, source_system
    from {{ ref('int_campaigns_from_spend') }}
),

final as (
    select * from unioned
)

select * from final

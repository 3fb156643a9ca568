-- stg_salesforce__campaigns: the latest version of each campaign, with its recorded cost (unknown stays unknown).
-- grain: one row per campaign
with source as (
    select * from {{ source('salesforce', 'campaign') }}
),

versions as (
    select
        source.*,
        {{ version_rank('campaign_id', 'coalesce(system_modstamp_at, last_modified_at, created_at)') }} as version_rank
    from source
),

final as (
    select
        campaign_id, campaign_name, campaign_type, status, parent_campaign_id, start_date, end_date,
        actual_cost, budgeted_cost, currency_code, created_at
    from versions
    where version_rank = 1
        and not coalesce(is_deleted, false)
)

select * from final

-- stg_salesforce__campaigns: the latest version of each campaign, with its recorded cost (unknown stays unknown).
-- grain: one row per campaign
with versions as (
    select * from {{ latest_versions(source('salesforce', 'campaign'), 'campaign_id', 'coalesce(system_modstamp_at, last_modified_at, created_at)') }} as latest
),

final as (
    select
        campaign_id, campaign_name, campaign_type, status, parent_campaign_id, start_date, end_date,
        actual_cost, budgeted_cost, currency_code, created_at
    from versions
    where not coalesce(is_deleted, false)
)

select * from final

-- stg_mapped__campaigns: the latest version of each campaign of every mapped CSV source, with its recorded cost (unknown stays unknown).
-- grain: one row per mapped source and campaign
with versions as (
    select * from {{ latest_versions(source('mapped', 'campaign'), 'mapped_source, campaign_id', 'coalesce(last_modified_at, created_at)') }} as latest
),

final as (
    select
        mapped_source, campaign_id, campaign_name, campaign_type, status, start_date, end_date,
        actual_cost, currency_code, created_at
    from versions
)

select * from final

-- stg_hubspot__campaigns: the latest version of each HubSpot campaign from the campaigns export, keyed by its id, else its name.
-- grain: one row per campaign
-- The campaigns export may come without an id column: the lower-cased name is the key then.
with source as (
    select
        source.*,
        coalesce(trim(campaign_id), lower(trim(campaign_name))) as campaign_key
    from {{ source('hubspot', 'campaign') }} as source
),

versions as (
    select
        source.*,
        {{ version_rank('campaign_key', 'coalesce(last_modified_at, created_at)') }} as version_rank
    from source
),

final as (
    select
        campaign_key, campaign_name, campaign_type, status, start_date, end_date, created_at,
        budget_total, spend_total, currency_code, export_date
    from versions
    where version_rank = 1
)

select * from final

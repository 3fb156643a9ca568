-- stg_mapped__opportunities: the latest version of each opportunity of every mapped CSV source; deleted ones dropped.
-- grain: one row per mapped source and opportunity
with source as (
    select * from {{ source('mapped', 'opportunity') }}
),

versions as (
    select
        source.*,
        {{ version_rank('mapped_source, opportunity_id', 'coalesce(last_modified_at, created_at)') }} as version_rank
    from source
),

final as (
    select
        mapped_source, opportunity_id, opportunity_name, account_id, contact_id, lead_id, owner_id, campaign_id,
        stage_name, amount, currency_code, lead_source, is_closed, is_won, close_date, created_at, loss_reason
    from versions
    where version_rank = 1
        and not coalesce(is_deleted, false)
)

select * from final

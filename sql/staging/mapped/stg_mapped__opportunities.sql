-- stg_mapped__opportunities: the latest version of each opportunity of every mapped CSV source; deleted ones dropped.
-- grain: one row per mapped source and opportunity
with versions as (
    select * from {{ latest_versions(source('mapped', 'opportunity'), 'mapped_source, opportunity_id', 'coalesce(last_modified_at, created_at)') }} as latest
),

final as (
    select
        mapped_source, opportunity_id, opportunity_name, account_id, contact_id, lead_id, owner_id, campaign_id,
        stage_name, amount, currency_code, lead_source, is_closed, is_won, close_date, created_at, loss_reason
    from versions
    where not coalesce(is_deleted, false)
)

select * from final

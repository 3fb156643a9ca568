-- stg_salesforce__opportunities: the latest version of each opportunity.
-- grain: one row per opportunity
with versions as (
    select * from {{ latest_versions(source('salesforce', 'opportunity'), 'opportunity_id', 'coalesce(system_modstamp_at, last_modified_at, created_at)') }} as latest
),

final as (
    select
        opportunity_id, account_id, contact_id, owner_id, campaign_id, opportunity_name, stage_name,
        amount, currency_code, lead_source, coalesce(is_closed, false) as is_closed,
        coalesce(is_won, false) as is_won, close_date, created_at, loss_reason
    from versions
    where not coalesce(is_deleted, false)
)

select * from final

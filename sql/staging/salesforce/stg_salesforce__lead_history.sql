-- stg_salesforce__lead_history: status and owner changes of leads (LeadHistory), one version per history row.
-- grain: one row per lead history row
with versions as (
    select * from {{ latest_versions(source('salesforce', 'lead_history'), 'lead_history_id', 'created_at') }} as latest
),

final as (
    select
        lead_history_id, lead_id, created_by_id, created_at as changed_at,
        lower(field) as field, data_type, old_value, new_value, old_owner_id, new_owner_id
    from versions
    where not coalesce(is_deleted, false)
)

select * from final

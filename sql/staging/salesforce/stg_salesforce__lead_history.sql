-- stg_salesforce__lead_history: status and owner changes of leads (LeadHistory), one version per history row.
-- grain: one row per lead history row
with source as (
    select * from {{ source('salesforce', 'lead_history') }}
),

versions as (
    select
        source.*,
        {{ version_rank('lead_history_id', 'created_at') }} as version_rank
    from source
),

final as (
    select
        lead_history_id, lead_id, created_by_id, created_at as changed_at,
        lower(field) as field, data_type, old_value, new_value, old_owner_id, new_owner_id
    from versions
    where version_rank = 1
        and not coalesce(is_deleted, false)
)

select * from final

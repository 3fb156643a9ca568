-- stg_salesforce__contacts: the latest version of each contact; deleted and merged contacts dropped.
-- grain: one row per contact
with versions as (
    select * from {{ latest_versions(source('salesforce', 'contact'), 'contact_id', 'coalesce(system_modstamp_at, last_modified_at, created_at)') }} as latest
),

final as (
    select
        contact_id, account_id, owner_id, lead_source, {{ person_name('first_name', 'last_name', 'full_name') }} as person_name, email, phone, email_bounced_reason, created_at
    from versions
    where not coalesce(is_deleted, false)
        and master_record_id is null
)

select * from final

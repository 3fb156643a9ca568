-- stg_salesforce__leads: the latest version of each Salesforce lead; deleted and merged leads dropped.
-- grain: one row per lead
with versions as (
    select * from {{ latest_versions(source('salesforce', 'lead'), 'lead_id', 'coalesce(system_modstamp_at, last_modified_at, created_at)') }} as latest
),

final as (
    select
        lead_id, owner_id, status, lead_source, {{ person_name('first_name', 'last_name', 'full_name') }} as person_name, company, country, segment, industry, rating,
        title, email, phone, mobile_phone, email_bounced_reason, email_bounced_at,
        disqualified_reason, is_converted, converted_date, converted_account_id,
        converted_contact_id, converted_opportunity_id, created_at, score,
        coalesce(system_modstamp_at, last_modified_at, created_at) as modified_at
    from versions
    where not coalesce(is_deleted, false)
        and master_record_id is null
)

select * from final

-- stg_mapped__leads: the latest version of each lead of every mapped CSV source (by last modified time); deleted leads dropped.
-- grain: one row per mapped source and lead
with versions as (
    select * from {{ latest_versions(source('mapped', 'lead'), 'mapped_source, lead_id', 'coalesce(last_modified_at, created_at)') }} as latest
),

final as (
    select
        mapped_source, lead_id, created_at, owner_id, status, lead_source, {{ person_name('first_name', 'last_name', 'full_name') }} as person_name, company, country, segment,
        email, phone, email_bounced_reason, disqualified_reason, coalesce(is_converted, false) as is_converted,
        converted_date, converted_contact_id, converted_opportunity_id, score
    from versions
    where not coalesce(is_deleted, false)
)

select * from final

-- stg_salesforce__contacts: the latest version of each contact; deleted and merged contacts dropped.
-- grain: one row per contact
with source as (
    select * from {{ source('salesforce', 'contact') }}
),

versions as (
    select
        source.*,
        row_number() over (
            partition by source.contact_id
            order by coalesce(source.system_modstamp_at, source.last_modified_at, source.created_at) desc,
                source.export_date desc, source.source_row_number desc
        ) as version_rank
    from source
),

final as (
    select contact_id, account_id, owner_id, lead_source, email, phone, email_bounced_reason, created_at
    from versions
    where version_rank = 1
        and not coalesce(is_deleted, false)
        and master_record_id is null
)

select * from final

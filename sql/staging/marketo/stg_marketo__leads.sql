-- stg_marketo__leads: the latest version of each Marketo lead (by updatedAt), with the Salesforce lead or contact it is synced to.
-- grain: one row per Marketo lead
with source as (
    select * from {{ source('marketo', 'lead') }}
),

versions as (
    select
        source.*,
        {{ version_rank('lead_id', 'coalesce(last_modified_at, created_at)') }} as version_rank
    from source
),

final as (
    select
        lead_id, created_at, email, phone, company, country, lead_source, status, score,
        acquisition_program_id, sfdc_lead_id, sfdc_contact_id, coalesce(email_invalid, false) as is_email_invalid
    from versions
    where version_rank = 1
)

select * from final

-- stg_marketo__leads: the latest version of each Marketo lead (by updatedAt), with the Salesforce lead or contact it is synced to.
-- grain: one row per Marketo lead
-- revenue_stage is leadRevenueStageId as extracted (a stage id or name); revenue_stage_key is the
-- `<model id>:<stage>` spelling the revenue stage map also accepts.
with versions as (
    select * from {{ latest_versions(source('marketo', 'lead'), 'lead_id', 'coalesce(last_modified_at, created_at)') }} as latest
),

final as (
    select
        lead_id, created_at, acquired_at, {{ person_name('first_name', 'last_name', 'cast(null as varchar)') }} as person_name, email, phone, company, country, lead_source, status, score,
        acquisition_program_id, sfdc_lead_id, sfdc_contact_id, coalesce(email_invalid, false) as is_email_invalid,
        lower({{ squish('revenue_stage') }}) as revenue_stage,
        lower(trim(revenue_cycle_model_id)) || ':' || lower({{ squish('revenue_stage') }}) as revenue_stage_key,
        original_source_info, person_type, is_lead
    from versions
)

select * from final

-- stg_marketo__programs: the latest version of each Marketo program (by updatedAt), with its channel and linked Salesforce campaign.
-- grain: one row per program
with versions as (
    select * from {{ latest_versions(source('marketo', 'program'), 'program_id', 'coalesce(last_modified_at, created_at)') }} as latest
),

final as (
    select program_id, program_name, program_type, channel, status, sfdc_campaign_id, start_date, end_date, created_at
    from versions
)

select * from final

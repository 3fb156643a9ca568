-- stg_marketo__programs: the latest version of each Marketo program (by updatedAt), with its channel and linked Salesforce campaign.
-- grain: one row per program
with source as (
    select * from {{ source('marketo', 'program') }}
),

versions as (
    select
        source.*,
        {{ version_rank('program_id', 'coalesce(last_modified_at, created_at)') }} as version_rank
    from source
),

final as (
    select program_id, program_name, program_type, channel, status, sfdc_campaign_id, start_date, end_date, created_at
    from versions
    where version_rank = 1
)

select * from final

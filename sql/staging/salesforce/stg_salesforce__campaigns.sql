-- stg_salesforce__campaigns: the latest version of each campaign, with its recorded cost (unknown stays unknown).
-- grain: one row per campaign
with source as (
    select * from {{ source('salesforce', 'campaign') }}
),

versions as (
    select
        source.*,
        row_number() over (
            partition by source.campaign_id
            order by coalesce(source.system_modstamp_at, source.last_modified_at, source.created_at) desc,
                source.export_date desc, source.source_row_number desc
        ) as version_rank
    from source
),

final as (
    select
        campaign_id, campaign_name, campaign_type, status, parent_campaign_id, start_date, end_date,
        actual_cost, budgeted_cost, currency_code, created_at
    from versions
    where version_rank = 1
        and not coalesce(is_deleted, false)
)

select * from final

-- stg_salesforce__opportunities: the latest version of each opportunity.
-- grain: one row per opportunity
with source as (
    select * from {{ source('salesforce', 'opportunity') }}
),

versions as (
    select
        source.*,
        row_number() over (
            partition by source.opportunity_id
            order by coalesce(source.system_modstamp_at, source.last_modified_at, source.created_at) desc,
                source.export_date desc, source.source_row_number desc
        ) as version_rank
    from source
),

final as (
    select
        opportunity_id, account_id, contact_id, owner_id, campaign_id, opportunity_name, stage_name,
        amount, currency_code, lead_source, coalesce(is_closed, false) as is_closed,
        coalesce(is_won, false) as is_won, close_date, created_at
    from versions
    where version_rank = 1
        and not coalesce(is_deleted, false)
)

select * from final

-- stg_spend__campaign_spend: the hand-kept spend CSV: cost per campaign (id or name) per month, as the newest export states it.
-- grain: one row per spend entry (campaign, month and line of the newest export holding them)
-- A spend file is re-sent every night: the newest export holding a campaign's month replaces older
-- ones, and several lines for the same campaign and month in it all count (summed later).
with source as (
    select
        source.*,
        trim(source.campaign) as campaign_reference,
        lower(trim(source.campaign)) as campaign_key,
        lower(trim(coalesce(source.campaign_source, ''))) as source_key
    from {{ source('spend', 'campaign_spend') }} as source
),

exports as (
    select
        source.*,
        dense_rank() over (partition by campaign_key, source_key, month order by export_date desc) as export_rank
    from source
),

final as (
    select
        campaign_reference, campaign_key, nullif(source_key, '') as campaign_source, month, cost, currency_code, channel,
        source_file, source_row_number
    from exports
    where export_rank = 1
)

select * from final

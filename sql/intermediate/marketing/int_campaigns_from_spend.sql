-- int_campaigns_from_spend: campaigns known only from the spend file (no source has them): named as the file names them, with cost and no touches.
-- grain: one row per spend-only campaign
with unmatched as (
    select * from {{ ref('int_spend_matches_from_spend') }}
    where not is_matched
),

final as (
    select
        campaign_id, min(campaign_reference) as campaign_name, min(channel) as campaign_type,
        cast(null as varchar) as status, min(month) as start_date, cast(null as date) as end_date,
        cast(min(month) as timestamp) as created_at, 'spend' as source_system
    from unmatched
    group by campaign_id
)

select * from final

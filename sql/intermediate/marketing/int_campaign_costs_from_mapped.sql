-- int_campaign_costs_from_mapped: mapped campaigns' recorded cost, booked in the start month as for Salesforce; none when unknown.
-- grain: one row per mapped campaign with a known cost
-- A campaign with lines in the spend file takes its cost from there instead (int_campaign_costs_from_spend).
with campaigns as (
    select * from {{ ref('stg_mapped__campaigns') }}
    where actual_cost is not null
),

spent_campaigns as (
    select distinct campaign_id from {{ ref('int_spend_matches_from_spend') }}
),

final as (
    select
        campaigns.mapped_source || ':' || campaigns.campaign_id as campaign_id,
        {{ month_of("coalesce(cast(campaigns.start_date as timestamp), campaigns.created_at)") }} as month,
        campaigns.actual_cost as cost, campaigns.currency_code
    from campaigns
    left join spent_campaigns on spent_campaigns.campaign_id = campaigns.mapped_source || ':' || campaigns.campaign_id
    where spent_campaigns.campaign_id is null
)

select * from final

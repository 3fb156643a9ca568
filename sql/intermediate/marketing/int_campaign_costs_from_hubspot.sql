-- int_campaign_costs_from_hubspot: HubSpot campaigns' spend total, booked in the start month (else the month created, else the export's); none when unknown.
-- grain: one row per HubSpot campaign with a known spend
-- The spend total is what was spent; the budget total is a plan, never a cost. A campaign with
-- lines in the spend file takes its cost from there instead (int_campaign_costs_from_spend).
with campaigns as (
    select * from {{ ref('stg_hubspot__campaigns') }}
    where spend_total is not null
),

spent_campaigns as (
    select distinct campaign_id from {{ ref('int_spend_matches_from_spend') }}
),

final as (
    select
        'hubspot:campaign:' || campaigns.campaign_key as campaign_id,
        {{ month_of("coalesce(cast(campaigns.start_date as timestamp), campaigns.created_at, cast(campaigns.export_date as timestamp))") }} as month,
        campaigns.spend_total as cost, campaigns.currency_code
    from campaigns
    left join spent_campaigns on spent_campaigns.campaign_id = 'hubspot:campaign:' || campaigns.campaign_key
    where spent_campaigns.campaign_id is null
)

select * from final

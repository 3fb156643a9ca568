-- int_campaign_costs_from_salesforce: Salesforce campaigns' ActualCost, booked in the start month; a campaign without one has none here (unknown, not zero).
-- grain: one row per campaign and month with a known cost
-- Salesforce records one ActualCost per campaign: it is booked in the campaign's start month.
with campaigns as (
    select * from {{ ref('stg_salesforce__campaigns') }}
),

final as (
    select
        campaign_id,
        {{ month_of("coalesce(cast(start_date as timestamp), created_at)") }} as month,
        actual_cost as cost,
        currency_code
    from campaigns
    where actual_cost is not null
)

select * from final

-- int_campaign_costs: what each campaign cost, by month; a campaign without a recorded cost has none here (unknown, not zero).
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

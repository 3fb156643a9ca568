-- int_campaign_costs: what each campaign cost, by month, from every source of cost; a campaign without a recorded cost has none here (unknown, not zero).
-- grain: one row per campaign, month and cost record
with unioned as (
    select campaign_id, month, cost, currency_code from {{ ref('int_campaign_costs_from_salesforce') }}
),

final as (
    select * from unioned
)

select * from final

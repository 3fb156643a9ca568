-- int_campaign_costs: what each campaign cost, by month, from every source of cost; a campaign without a recorded cost has none here (unknown, not zero).
-- grain: one row per campaign, month and cost record
-- materialized: view
with unioned as (
    select campaign_id, month, cost, currency_code from {{ ref('int_campaign_costs_from_salesforce') }}
    union all
    select campaign_id, month, cost, currency_code from {{ ref('int_campaign_costs_from_marketo') }}
    union all
    select campaign_id, month, cost, currency_code from {{ ref('int_campaign_costs_from_mapped') }}
    union all
    select campaign_id, month, cost, currency_code from {{ ref('int_campaign_costs_from_hubspot') }}
    union all
    -- Spend lines, and reversals of the Salesforce costs they replace (spend wins, never adds).
    select campaign_id, month, cost, currency_code from {{ ref('int_campaign_costs_from_spend') }}
),

final as (
    select * from unioned
)

select * from final

-- int_campaign_costs_from_spend: spend-file costs per campaign and month; where a campaign has spend lines, they replace the cost its source recorded.
-- grain: one row per campaign, month and cost record (spend lines, and reversals of replaced Salesforce costs)
-- Spend wins over a source's own cost, never adds to it. Marketo period costs and mapped
-- campaigns' costs of such a campaign are left out in their own models; a Salesforce ActualCost
-- (int_campaign_costs_from_salesforce, kept as is) is cancelled here by a reversal row of the
-- same amount, month and currency, so the campaign's total is exactly its spend.
with spend as (
    select * from {{ ref('int_spend_matches_from_spend') }}
),

salesforce_costs as (
    select * from {{ ref('int_campaign_costs_from_salesforce') }}
),

spent_campaigns as (
    select distinct campaign_id from spend
),

reversals as (
    select salesforce_costs.campaign_id, salesforce_costs.month, -salesforce_costs.cost as cost, salesforce_costs.currency_code
    from salesforce_costs
    inner join spent_campaigns on spent_campaigns.campaign_id = salesforce_costs.campaign_id
),

final as (
    select campaign_id, month, cost, currency_code from spend
    union all
    select campaign_id, month, cost, currency_code from reversals
)

select * from final

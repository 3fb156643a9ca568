-- campaign_costs_monthly: what each campaign cost in each month, so its return can be read for a quarter or a year, not only in all.
-- grain: one row per campaign and month with a recorded cost
-- A campaign without a recorded cost has no row (unknown, not zero). A cost in a currency
-- without a rate in config comes out null (unknown) rather than summed unconverted.
-- column campaign_id: the campaign (Salesforce id, or prefixed with its source: marketo:…, spend:…)
-- column month: first day of the month the cost is booked in (a Salesforce ActualCost: the campaign's start month)
-- column cost: the month's cost in the reporting currency; null when a cost of the month has no conversion rate
-- test not_null: campaign_id, month
with campaign_costs as (
    select * from {{ ref('int_campaign_costs') }}
),

rates as (
    select * from {{ ref('currency_rates') }}
),

reporting as (
    select currency_code from {{ ref('currency_rates') }} where is_reporting
),

converted as (
    select
        campaign_costs.campaign_id,
        campaign_costs.month,
        campaign_costs.cost * rates.rate_to_reporting as cost,
        case when rates.rate_to_reporting is null then 1 else 0 end as is_unconverted
    from campaign_costs
    cross join reporting
    left join rates on rates.currency_code = coalesce(campaign_costs.currency_code, reporting.currency_code)
),

final as (
    select
        converted.campaign_id,
        converted.month,
        case when max(converted.is_unconverted) = 0 then cast(sum(converted.cost) as decimal(20, 2)) end as cost
    from converted
    group by converted.campaign_id, converted.month
)

select * from final

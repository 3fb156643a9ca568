-- int_campaign_total_costs: what each campaign cost in all, in the reporting currency, to set against attributed revenue.
-- grain: one row per campaign with a known cost
-- A campaign without a recorded cost has no row (unknown, not zero). A cost in a currency
-- without a rate in config comes out null (unknown) rather than summed unconverted.
with campaign_costs as (
    select * from {{ ref('int_campaign_costs') }}
),

rates as (
    select * from {{ ref('currency_rates') }}
),

reporting as (
    select currency_code from {{ ref('currency_rates') }} where is_reporting
),

final as (
    select
        campaign_costs.campaign_id,
        cast(sum(campaign_costs.cost * rates.rate_to_reporting) as decimal(20, 2)) as cost
    from campaign_costs
    cross join reporting
    left join rates on rates.currency_code = coalesce(campaign_costs.currency_code, reporting.currency_code)
    group by campaign_costs.campaign_id
)

select * from final

-- int_opportunities: opportunities from every source with the person they came from, who sourced them, and amounts in the reporting currency.
-- grain: one row per opportunity
-- An amount in a currency without a rate stays null here; the night then stops with an error
-- naming the currency (never a silent sum of mixed currencies).
with opportunities as (
    select * from {{ ref('int_opportunities_from_salesforce') }}
    union all
    select
        opportunity_id, person_id, account_id, owner_id, primary_campaign_id, opportunity_name, stage_name,
        is_closed, is_won, close_date, created_at, currency_code, amount_record_currency, lead_source, loss_reason
    from {{ ref('int_opportunities_from_hubspot') }}
    union all
    select
        opportunity_id, person_id, account_id, owner_id, primary_campaign_id, opportunity_name, stage_name,
        is_closed, is_won, close_date, created_at, currency_code, amount_record_currency, lead_source, loss_reason
    from {{ ref('int_opportunities_from_mapped') }}
),

people as (
    select * from {{ ref('int_people') }}
),

categories as (
    select * from {{ ref('source_category_map') }}
),

rates as (
    select * from {{ ref('currency_rates') }}
),

reporting as (
    select currency_code from {{ ref('currency_rates') }} where is_reporting
),

final as (
    select
        opportunities.opportunity_id, opportunities.person_id, opportunities.account_id, opportunities.owner_id,
        opportunities.primary_campaign_id, opportunities.opportunity_name, opportunities.stage_name,
        opportunities.is_closed, opportunities.is_won, opportunities.close_date, opportunities.created_at,
        coalesce(opportunities.currency_code, reporting.currency_code) as currency_code,
        opportunities.amount_record_currency, opportunities.loss_reason,
        cast(round(opportunities.amount_record_currency * rates.rate_to_reporting, 2) as decimal(20, 2)) as amount,
        -- The person's lead source decides; the opportunity's own lead source is the fallback.
        coalesce(
            case when people.source_category <> 'unknown' then people.source_category end,
            opportunity_categories.source_category,
            'unknown'
        ) as source_category
    from opportunities
    left join people on people.person_id = opportunities.person_id
    left join categories as opportunity_categories on opportunity_categories.lead_source_value = lower(trim(opportunities.lead_source))
    cross join reporting
    left join rates on rates.currency_code = coalesce(opportunities.currency_code, reporting.currency_code)
)

select * from final

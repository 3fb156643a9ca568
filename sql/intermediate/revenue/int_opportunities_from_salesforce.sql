-- int_opportunities_from_salesforce: Salesforce opportunities with the person they came from (lead conversion first, else their contact).
-- grain: one row per opportunity
with opportunities as (
    select * from {{ ref('stg_salesforce__opportunities') }}
),

people as (
    select * from {{ ref('int_people_from_salesforce') }}
),

record_ids as (
    select * from {{ ref('int_person_record_ids') }}
),

final as (
    select
        opportunities.opportunity_id,
        coalesce(converted.person_id, by_contact.person_id) as person_id,
        opportunities.account_id, opportunities.owner_id, opportunities.campaign_id as primary_campaign_id,
        opportunities.opportunity_name, opportunities.stage_name, opportunities.is_closed, opportunities.is_won,
        opportunities.close_date, opportunities.created_at, opportunities.currency_code,
        opportunities.amount as amount_record_currency, opportunities.lead_source,
        case when opportunities.is_closed and not opportunities.is_won then opportunities.loss_reason end as loss_reason
    from opportunities
    left join people as converted on converted.converted_opportunity_id = opportunities.opportunity_id
    left join record_ids as by_contact on by_contact.record_id = opportunities.contact_id
)

select * from final

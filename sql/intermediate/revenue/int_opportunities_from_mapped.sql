-- int_opportunities_from_mapped: opportunities of every mapped CSV source (prefixed ids), with the person they came from (lead conversion first, else their contact or lead).
-- grain: one row per mapped source and opportunity
-- Without won / closed flags in the file, a stage named Won or Closed Won is won, and Lost or
-- Closed Lost is lost (as Pipedrive's deal status says).
with opportunities as (
    select
        stg_mapped__opportunities.*,
        coalesce(is_won, lower(trim(stage_name)) in ('won', 'closed won')) as is_won_opportunity,
        coalesce(is_closed, lower(trim(stage_name)) in ('won', 'closed won', 'lost', 'closed lost')) as is_closed_opportunity
    from {{ ref('stg_mapped__opportunities') }} as stg_mapped__opportunities
),

people as (
    select * from {{ ref('int_people_from_mapped') }}
),

record_ids as (
    select * from {{ ref('int_person_record_ids') }}
),

user_keys as (
    select * from {{ ref('int_user_keys_from_mapped') }}
),

final as (
    select
        opportunities.mapped_source || ':' || opportunities.opportunity_id as opportunity_id,
        coalesce(converted.person_id, by_contact.person_id, by_lead.person_id) as person_id,
        case when opportunities.account_id is not null then opportunities.mapped_source || ':' || opportunities.account_id end as account_id,
        coalesce(user_keys.user_id, case when opportunities.owner_id is not null then opportunities.mapped_source || ':' || opportunities.owner_id end) as owner_id,
        case when opportunities.campaign_id is not null then opportunities.mapped_source || ':' || opportunities.campaign_id end as primary_campaign_id,
        opportunities.opportunity_name, opportunities.stage_name,
        opportunities.is_closed_opportunity or opportunities.is_won_opportunity as is_closed,
        opportunities.is_won_opportunity as is_won,
        opportunities.close_date, opportunities.created_at, opportunities.currency_code,
        opportunities.amount as amount_record_currency, opportunities.lead_source,
        case when opportunities.is_closed_opportunity and not opportunities.is_won_opportunity then opportunities.loss_reason end as loss_reason
    from opportunities
    left join people as converted on converted.converted_opportunity_id = opportunities.mapped_source || ':' || opportunities.opportunity_id
    left join record_ids as by_contact on by_contact.record_id = opportunities.mapped_source || ':' || opportunities.contact_id
    left join record_ids as by_lead on by_lead.record_id = opportunities.mapped_source || ':' || opportunities.lead_id
    left join user_keys on user_keys.mapped_source = opportunities.mapped_source and user_keys.lookup_key = lower(trim(opportunities.owner_id))
)

select * from final

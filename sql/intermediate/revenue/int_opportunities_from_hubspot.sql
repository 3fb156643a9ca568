-- int_opportunities_from_hubspot: HubSpot deals as opportunities ('hubspot:' || Record ID), with the person they came from (the first associated contact).
-- grain: one row per HubSpot deal
-- Won and lost come from Deal Stage ('Closed Won' / 'Closed Lost', or the closedwon / closedlost
-- ids), or from the closed flags when the export has them (custom pipelines). Created is the
-- Create Date, else the first `Date entered "…"` stage date; a closed deal without a Close Date
-- closes on the day it entered Closed Won or Closed Lost.
with deals as (
    select
        stg_hubspot__deals.*,
        coalesce(
            entered_appointment_scheduled_at, entered_qualified_to_buy_at, entered_presentation_scheduled_at,
            entered_decision_maker_bought_in_at, entered_contract_sent_at, entered_closed_won_at, entered_closed_lost_at
        ) as any_entered_at,
        lower(replace(trim(stage_name), ' ', '')) as stage_key,
        nullif(trim(split_part(associated_contact_ids, ';', 1)), '') as first_contact_id,
        nullif(trim(split_part(associated_company_ids, ';', 1)), '') as first_company_id
    from {{ ref('stg_hubspot__deals') }} as stg_hubspot__deals
),

record_ids as (
    select * from {{ ref('int_person_record_ids') }}
),

owner_keys as (
    select * from {{ ref('int_owner_keys_from_hubspot') }}
),

outcomes as (
    select
        deals.*,
        coalesce(deals.is_won, deals.stage_key = 'closedwon') as is_won_deal,
        coalesce(deals.is_closed, deals.stage_key in ('closedwon', 'closedlost')) or coalesce(deals.is_won, false) as is_closed_deal,
        least(
            coalesce(entered_appointment_scheduled_at, any_entered_at), coalesce(entered_qualified_to_buy_at, any_entered_at),
            coalesce(entered_presentation_scheduled_at, any_entered_at), coalesce(entered_decision_maker_bought_in_at, any_entered_at),
            coalesce(entered_contract_sent_at, any_entered_at), coalesce(entered_closed_won_at, any_entered_at),
            coalesce(entered_closed_lost_at, any_entered_at)
        ) as first_entered_at
    from deals
),

final as (
    select
        'hubspot:' || outcomes.deal_id as opportunity_id,
        record_ids.person_id,
        case when outcomes.first_company_id is not null then 'hubspot:' || outcomes.first_company_id end as account_id,
        coalesce(by_id.user_id, by_name.user_id) as owner_id,
        cast(null as varchar) as primary_campaign_id,
        outcomes.deal_name as opportunity_name, outcomes.stage_name,
        outcomes.is_closed_deal as is_closed,
        outcomes.is_closed_deal and outcomes.is_won_deal as is_won,
        case when outcomes.is_closed_deal then coalesce(
            outcomes.close_date, cast(case when outcomes.is_won_deal then outcomes.entered_closed_won_at else outcomes.entered_closed_lost_at end as date)
        ) else outcomes.close_date end as close_date,
        coalesce(outcomes.created_at, outcomes.first_entered_at) as created_at,
        outcomes.currency_code,
        outcomes.amount as amount_record_currency,
        outcomes.original_source as lead_source
    from outcomes
    left join record_ids on record_ids.record_id = 'hubspot:' || outcomes.first_contact_id
    left join owner_keys as by_id on by_id.lookup_key = lower(trim(outcomes.owner_id))
    left join owner_keys as by_name on by_name.lookup_key = lower(trim(outcomes.owner_name))
)

select * from final

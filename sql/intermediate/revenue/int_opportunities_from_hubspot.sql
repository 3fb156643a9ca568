-- int_opportunities_from_hubspot: HubSpot deals as opportunities ('hubspot:' || Record ID), with the person they came from (the first associated contact).
-- grain: one row per HubSpot deal
-- Won, lost or open comes from int_deal_outcomes_from_hubspot. Created is the Create Date, else
-- the first `Date entered "…"` date of any stage (a view export without Create Date); a closed
-- deal without a Close Date closes on the day it entered its current stage, else on the day it
-- entered Closed Won / Closed Lost, else on its last modification. The account is the primary
-- associated company, else the first associated one.
with deals as (
    select
        stg_hubspot__deals.*,
        nullif(trim(split_part(associated_contact_ids, ';', 1)), '') as first_contact_id,
        coalesce(nullif(trim(primary_company_id), ''), nullif(trim(split_part(associated_company_ids, ';', 1)), '')) as company_id
    from {{ ref('stg_hubspot__deals') }} as stg_hubspot__deals
),

outcomes as (
    select * from {{ ref('int_deal_outcomes_from_hubspot') }}
),

first_entries as (
    select deal_id, min(entered_at) as first_entered_at
    from {{ ref('int_deal_stage_entries_from_hubspot') }}
    group by deal_id
),

lead_sources as (
    select * from {{ ref('int_lead_sources_from_hubspot') }}
    where record_kind = 'deal'
),

record_ids as (
    select * from {{ ref('int_person_record_ids') }}
),

owner_keys as (
    select * from {{ ref('int_owner_keys_from_hubspot') }}
),

final as (
    select
        'hubspot:' || deals.deal_id as opportunity_id,
        record_ids.person_id,
        case when deals.company_id is not null then 'hubspot:' || deals.company_id end as account_id,
        coalesce(by_id.user_id, by_name.user_id) as owner_id,
        cast(null as varchar) as primary_campaign_id,
        deals.deal_name as opportunity_name, deals.stage_name,
        outcomes.outcome in ('won', 'lost') as is_closed,
        outcomes.outcome = 'won' as is_won,
        case when outcomes.outcome in ('won', 'lost') then coalesce(
            deals.close_date,
            cast(outcomes.entered_current_stage_at as date),
            cast(case when outcomes.outcome = 'won' then deals.entered_closed_won_at else deals.entered_closed_lost_at end as date),
            cast(deals.last_modified_at as date)
        ) else deals.close_date end as close_date,
        coalesce(deals.created_at, first_entries.first_entered_at) as created_at,
        deals.currency_code,
        deals.amount as amount_record_currency,
        lead_sources.lead_source,
        case when outcomes.outcome = 'lost' then nullif(trim(deals.closed_lost_reason), '') end as loss_reason
    from deals
    inner join outcomes on outcomes.deal_id = deals.deal_id
    left join first_entries on first_entries.deal_id = deals.deal_id
    left join lead_sources on lead_sources.record_id = deals.deal_id
    left join record_ids on record_ids.record_id = 'hubspot:' || deals.first_contact_id
    left join owner_keys as by_id on by_id.lookup_key = lower(trim(deals.owner_id))
    left join owner_keys as by_name on by_name.lookup_key = lower(trim(deals.owner_name))
)

select * from final

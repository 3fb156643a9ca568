-- int_people_from_hubspot: HubSpot contacts as people ('hubspot:' || Record ID), with their owner matched by name and their Original (Traffic) Source as lead source.
-- grain: one row per HubSpot contact with a creation time
-- A HubSpot contact is the funnel's lead record (lead_id holds the prefixed id, so stages can be
-- inferred as for Salesforce leads). Status is the Lead Status, else the lifecycle stage. A view
-- export without Create Date dates a contact by its first lifecycle stage date; a contact with
-- neither is left out (data health says the column is missing). The rejection reason is the
-- Closed Lost Reason of the latest lost deal the contact is the first contact of ("lost" as
-- int_deal_outcomes_from_hubspot decides it for opportunities, so a reopened deal's stale reason
-- does not count).
with contacts as (
    select * from {{ ref('stg_hubspot__contacts') }}
),

first_lifecycle_dates as (
    select contact_id, min(entered_at) as first_entered_at
    from {{ ref('int_lifecycle_entries_from_hubspot') }}
    group by contact_id
),

lead_sources as (
    select * from {{ ref('int_lead_sources_from_hubspot') }}
    where record_kind = 'contact'
),

lost_reasons as (
    select
        deals.deal_id,
        nullif(trim(split_part(deals.associated_contact_ids, ';', 1)), '') as contact_id,
        trim(deals.closed_lost_reason) as closed_lost_reason,
        coalesce(cast(deals.close_date as timestamp), deals.last_modified_at) as closed_at
    from {{ ref('stg_hubspot__deals') }} as deals
    inner join {{ ref('int_deal_outcomes_from_hubspot') }} as outcomes on outcomes.deal_id = deals.deal_id
    where outcomes.outcome = 'lost' and nullif(trim(deals.closed_lost_reason), '') is not null
),

lost_deals as (
    select
        lost_reasons.*,
        row_number() over (partition by lost_reasons.contact_id order by lost_reasons.closed_at desc, lost_reasons.deal_id desc) as lost_rank
    from lost_reasons
),

owner_keys as (
    select * from {{ ref('int_owner_keys_from_hubspot') }}
),

final as (
    select
        'hubspot:' || contacts.contact_id as person_id,
        'hubspot:' || contacts.contact_id as lead_id,
        cast(null as varchar) as contact_id,
        coalesce(contacts.created_at, first_lifecycle_dates.first_entered_at) as created_at,
        lead_sources.lead_source,
        contacts.company, contacts.country,
        cast(null as varchar) as segment,
        coalesce(contacts.lead_status, contacts.lifecycle_stage) as status,
        coalesce(by_id.user_id, by_name.user_id) as owner_id,
        lost_deals.closed_lost_reason as rejection_reason,
        contacts.email, contacts.phone,
        coalesce(
            contacts.email_hard_bounce_reason,
            case when contacts.has_bounced_marketing_email then 'marketing email bounced' end
        ) as email_bounced_reason,
        cast(null as varchar) as converted_opportunity_id,
        cast(null as date) as converted_date,
        'hubspot' as source_system,
        cast(contacts.score as double) as score,
        contacts.person_name
    from contacts
    left join first_lifecycle_dates on first_lifecycle_dates.contact_id = contacts.contact_id
    left join lead_sources on lead_sources.record_id = contacts.contact_id
    left join lost_deals on lost_deals.contact_id = contacts.contact_id and lost_deals.lost_rank = 1
    left join owner_keys as by_id on by_id.lookup_key = lower(trim(contacts.owner_id))
    left join owner_keys as by_name on by_name.lookup_key = lower(trim(contacts.owner_name))
    where coalesce(contacts.created_at, first_lifecycle_dates.first_entered_at) is not null
)

select * from final

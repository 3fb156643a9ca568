-- int_marketing_touches_from_salesforce: responses to Salesforce campaigns (responded campaign members), timed and tied to the person.
-- grain: one row per person and campaign response
-- FirstRespondedDate is only a date: a response on the day the member was added is timed at the
-- member's creation; a later response at the start of its day.
with members as (
    select * from {{ ref('stg_salesforce__campaign_members') }}
    where has_responded
),

record_ids as (
    select * from {{ ref('int_person_record_ids') }}
),

final as (
    select
        record_ids.person_id,
        members.campaign_id,
        members.campaign_member_id as touch_id,
        'campaign response' as touch_kind,
        case
            when members.first_responded_date is null or members.first_responded_date <= cast(members.created_at as date)
                then members.created_at
            else cast(members.first_responded_date as timestamp)
        end as touched_at
    from members
    inner join record_ids on record_ids.record_id = coalesce(members.contact_id, members.lead_id)
)

select * from final

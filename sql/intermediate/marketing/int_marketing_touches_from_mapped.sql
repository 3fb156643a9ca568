-- int_marketing_touches_from_mapped: responses to mapped-source campaigns (campaign members), timed and tied to the person.
-- grain: one row per person and campaign response
-- A member counts as a response when the file says so or has no responded column at all (a file
-- of memberships is taken as a file of responses); timed as for Salesforce members.
with members as (
    select * from {{ ref('stg_mapped__campaign_members') }}
    where coalesce(has_responded, true)
),

record_ids as (
    select * from {{ ref('int_person_record_ids') }}
),

final as (
    select
        record_ids.person_id,
        members.mapped_source || ':' || members.campaign_id as campaign_id,
        members.mapped_source || ':' || coalesce(members.campaign_member_id, members.campaign_id || ':' || members.lead_id) as touch_id,
        'campaign response' as touch_kind,
        case
            when members.created_at is null then cast(members.first_responded_date as timestamp)
            when members.first_responded_date is null or members.first_responded_date <= cast(members.created_at as date)
                then members.created_at
            else cast(members.first_responded_date as timestamp)
        end as touched_at
    from members
    inner join record_ids on record_ids.record_id = members.mapped_source || ':' || coalesce(members.contact_id, members.lead_id)
    where coalesce(members.created_at, cast(members.first_responded_date as timestamp)) is not null
)

select * from final

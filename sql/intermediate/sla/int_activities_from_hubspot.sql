-- int_activities_from_hubspot: HubSpot calls, emails and meetings, once per associated contact, timed at the activity date.
-- grain: one row per engagement and associated contact
-- CALL → call, EMAIL → email, MEETING → meeting (labels or internal values); notes, tasks and
-- incoming emails (written by the contact, not sales) are not touches. who_record_id is the
-- prefixed contact id, resolved to the person through int_person_record_ids.
with engagements as (
    select
        stg_hubspot__engagements.*,
        case
            when engagement_type in ('call', 'calls') then 'call'
            when engagement_type in ('email', 'emails', 'sales email')
                and lower(coalesce(email_direction, '')) not like '%incoming%' then 'email'
            when engagement_type in ('meeting', 'meetings') then 'meeting'
        end as touch_type
    from {{ ref('stg_hubspot__engagements') }} as stg_hubspot__engagements
    where associated_contact_ids is not null
),

owner_keys as (
    select * from {{ ref('int_owner_keys_from_hubspot') }}
),

contacts as (
    select engagements.engagement_id, engagements.touch_type, engagements.occurred_at, engagements.owner_id, engagements.owner_name, t.contact_id
    from engagements
    cross join unnest({{ split_list('engagements.associated_contact_ids', "';'") }}) as t(contact_id)
    where engagements.touch_type is not null
),

final as (
    select
        'hubspot:' || contacts.engagement_id as activity_id,
        'hubspot:' || trim(contacts.contact_id) as who_record_id,
        coalesce(by_id.user_id, by_name.user_id) as owner_id,
        contacts.touch_type,
        contacts.occurred_at as touched_at,
        'hubspot' as source_system
    from contacts
    left join owner_keys as by_id on by_id.lookup_key = lower(trim(contacts.owner_id))
    left join owner_keys as by_name on by_name.lookup_key = lower(trim(contacts.owner_name))
    where trim(contacts.contact_id) <> ''
)

select * from final

-- int_person_contact_checks: per person, whether sales can reach them: valid email, valid phone, bounce, duplicate email, queue limbo.
-- grain: one row per person
with people as (
    select * from {{ ref('int_people') }}
),

email_counts as (
    select lower(trim(email)) as email_key, count(*) as people_with_email
    from people
    where email is not null
    group by lower(trim(email))
),

queue_periods as (
    select
        owner_periods.person_id,
        max({{ seconds_between('owner_periods.valid_from', 'coalesce(owner_periods.valid_to, run_context.as_of_at)') }}) / 3600.0 as longest_queue_hours,
        max(run_context.queue_hours_limit) as queue_hours_limit
    from {{ ref('int_owner_periods') }} as owner_periods
    cross join {{ ref('run_context') }} as run_context
    where not owner_periods.is_user_owner
    group by owner_periods.person_id
),

final as (
    select
        people.person_id, people.created_at, people.source_category,
        coalesce({{ matches_pattern('people.email', "'^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$'") }}, false) as has_valid_email,
        coalesce(length({{ digits_only('people.phone') }}) >= 7, false) as has_valid_phone,
        people.email_bounced_reason is not null as is_bounced,
        coalesce(email_counts.people_with_email, 0) > 1 as is_duplicate_email,
        coalesce(queue_periods.longest_queue_hours > queue_periods.queue_hours_limit, false) as is_queue_owned_too_long
    from people
    left join email_counts on email_counts.email_key = lower(trim(people.email))
    left join queue_periods on queue_periods.person_id = people.person_id
)

select * from final

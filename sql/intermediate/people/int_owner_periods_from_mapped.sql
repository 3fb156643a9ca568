-- int_owner_periods_from_mapped: the owner of each mapped-source lead since its creation (mapped exports carry no owner history).
-- grain: one row per mapped-source lead with an owner
-- An owner that is one of the source's users is a user owner; anything else counts as a queue.
with people as (
    select * from {{ ref('int_people_from_mapped') }}
    where owner_id is not null
),

users as (
    select * from {{ ref('int_users_from_mapped') }}
),

final as (
    select
        people.person_id, people.owner_id, people.created_at as valid_from,
        cast(null as timestamp) as valid_to, users.user_id is not null as is_user_owner
    from people
    left join users on users.user_id = people.owner_id
)

select * from final

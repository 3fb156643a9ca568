-- int_user_keys_from_mapped: how a mapped source's records name their owner (user id, name, username or email, any case) mapped to the prefixed user id.
-- grain: one row per mapped source and lookup key (lower case)
-- Plain CSV exports often name the owner instead of giving an id; an owner the users file does
-- not know stays unmatched (not a user, like a queue).
with users as (
    select * from {{ ref('stg_mapped__users') }}
),

keys as (
    select mapped_source, lower(trim(user_id)) as lookup_key, user_id, 1 as key_priority from users
    union all
    select mapped_source, lower(trim(user_name)), user_id, 2 from users where user_name is not null
    union all
    select mapped_source, lower(trim(username)), user_id, 3 from users where username is not null
    union all
    select mapped_source, lower(trim(email)), user_id, 4 from users where email is not null
),

ranked as (
    select
        keys.*,
        row_number() over (partition by keys.mapped_source, keys.lookup_key order by keys.key_priority, keys.user_id) as key_rank
    from keys
),

final as (
    select mapped_source, lookup_key, mapped_source || ':' || user_id as user_id
    from ranked
    where key_rank = 1
)

select * from final

-- stg_mapped__users: the latest version of each user of every mapped CSV source, named by full name or first + last name.
-- grain: one row per mapped source and user
with source as (
    select * from {{ source('mapped', 'user') }}
),

versions as (
    select
        source.*,
        {{ version_rank('mapped_source, user_id', 'coalesce(last_modified_at, created_at)') }} as version_rank
    from source
),

final as (
    select
        mapped_source, user_id, username, email, title, department, team, role, manager_id, time_zone, is_active,
        coalesce(
            nullif(trim(full_name), ''),
            nullif(trim(concat(coalesce(first_name, ''), ' ', coalesce(last_name, ''))), ''),
            username
        ) as user_name
    from versions
    where version_rank = 1
)

select * from final

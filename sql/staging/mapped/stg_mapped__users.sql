-- stg_mapped__users: the latest version of each user of every mapped CSV source, named by full name or first + last name.
-- grain: one row per mapped source and user
with versions as (
    select * from {{ latest_versions(source('mapped', 'user'), 'mapped_source, user_id', 'coalesce(last_modified_at, created_at)') }} as latest
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
)

select * from final

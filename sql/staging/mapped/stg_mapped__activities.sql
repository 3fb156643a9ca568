-- stg_mapped__activities: the latest version of each activity of every mapped CSV source, with the record it was logged on.
-- grain: one row per mapped source and activity
with versions as (
    select * from {{ latest_versions(source('mapped', 'activity'), 'mapped_source, activity_id', 'coalesce(last_modified_at, created_at)') }} as latest
),

final as (
    select
        mapped_source, activity_id, who_id, owner_id, task_type, subject, status, is_closed, completed_at, created_at
    from versions
)

select * from final

-- stg_mapped__activities: the latest version of each activity of every mapped CSV source, with the record it was logged on.
-- grain: one row per mapped source and activity
with source as (
    select * from {{ source('mapped', 'activity') }}
),

versions as (
    select
        source.*,
        {{ version_rank('mapped_source, activity_id', 'coalesce(last_modified_at, created_at)') }} as version_rank
    from source
),

final as (
    select
        mapped_source, activity_id, who_id, owner_id, task_type, subject, status, is_closed, completed_at, created_at
    from versions
    where version_rank = 1
)

select * from final

-- stg_salesforce__activities: tasks and events that record contact with a person, timed when logged.
-- grain: one row per task or event
-- A task's touch time is its completion (or, for a logged call or email, its creation), never its
-- ActivityDate, which is a due date. Open tasks are plans, not touches.
with tasks as (
    select
        task_id as activity_id, who_id, owner_id, task_type, task_subtype, subject, status, is_closed,
        completed_at, created_at, is_deleted
    from {{ latest_versions(source('salesforce', 'task'), 'task_id', 'coalesce(system_modstamp_at, last_modified_at, created_at)') }} as latest
),

events as (
    select event_id as activity_id, who_id, owner_id, event_type, subject, start_at, created_at, is_deleted
    from {{ latest_versions(source('salesforce', 'event'), 'event_id', 'coalesce(system_modstamp_at, last_modified_at, created_at)') }} as latest
),

final as (
    select
        activity_id, who_id, owner_id, 'task' as activity_kind,
        case
            when lower(coalesce(task_subtype, task_type, subject, '')) like '%call%' then 'call'
            when lower(coalesce(task_subtype, task_type, subject, '')) like '%email%' then 'email'
            when lower(coalesce(task_subtype, task_type, subject, '')) like '%meeting%' then 'meeting'
            else 'other'
        end as touch_type,
        coalesce(completed_at, created_at) as touched_at
    from tasks
    where not coalesce(is_deleted, false)
        and (coalesce(is_closed, false) or lower(coalesce(status, '')) = 'completed')
    union all
    select activity_id, who_id, owner_id, 'event' as activity_kind, 'meeting' as touch_type, created_at as touched_at
    from events
    where not coalesce(is_deleted, false)
)

select * from final

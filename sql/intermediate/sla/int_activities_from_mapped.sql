-- int_activities_from_mapped: calls, emails and meetings of every mapped CSV source, with the record they were logged on, timed when done.
-- grain: one row per mapped source and activity
-- As for Salesforce tasks: the touch time is completion, else creation (never a due date), and
-- an activity marked open (closed flag false and status not completed or done) is a plan, not a touch.
with activities as (
    select * from {{ ref('stg_mapped__activities') }}
    where coalesce(is_closed, true) or lower(coalesce(status, '')) in ('completed', 'done')
),

user_keys as (
    select * from {{ ref('int_user_keys_from_mapped') }}
),

final as (
    select
        activities.mapped_source || ':' || activities.activity_id as activity_id,
        activities.mapped_source || ':' || activities.who_id as who_record_id,
        coalesce(user_keys.user_id, case when activities.owner_id is not null then activities.mapped_source || ':' || activities.owner_id end) as owner_id,
        case
            when lower(coalesce(activities.task_type, activities.subject, '')) like '%call%' then 'call'
            when lower(coalesce(activities.task_type, activities.subject, '')) like '%email%' then 'email'
            when lower(coalesce(activities.task_type, activities.subject, '')) like '%meeting%' then 'meeting'
            else 'other'
        end as touch_type,
        coalesce(activities.completed_at, activities.created_at) as touched_at,
        activities.mapped_source as source_system
    from activities
    left join user_keys on user_keys.mapped_source = activities.mapped_source and user_keys.lookup_key = lower(trim(activities.owner_id))
)

select * from final

-- int_sales_touches: calls, emails and meetings logged on a person by a sales user, up to the as-of time.
-- grain: one row per sales activity on a person
with activities as (
    select * from {{ ref('int_activities') }}
),

record_ids as (
    select * from {{ ref('int_person_record_ids') }}
),

users as (
    select * from {{ ref('int_users') }}
),

run_context as (
    select * from {{ ref('run_context') }}
),

final as (
    select
        record_ids.person_id, activities.activity_id, activities.touch_type, activities.touched_at,
        activities.owner_id as touched_by_id, users.role as touched_by_role, users.partner_name
    from activities
    inner join record_ids on record_ids.record_id = activities.who_record_id
    inner join users on users.user_id = activities.owner_id
    cross join run_context
    where users.is_sales_user
        and activities.touched_at <= run_context.as_of_at
)

select * from final

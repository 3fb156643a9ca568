-- int_activities: calls, emails and meetings from every source, with the record they were logged on.
-- grain: one row per activity
with unioned as (
    select activity_id, who_id as who_record_id, owner_id, touch_type, touched_at, 'salesforce' as source_system
    from {{ ref('stg_salesforce__activities') }}
),

final as (
    select * from unioned
)

select * from final

-- int_activities: calls, emails and meetings from every source, with the record they were logged on.
-- grain: one row per activity
-- materialized: view
with unioned as (
    select activity_id, who_id as who_record_id, owner_id, touch_type, touched_at, 'salesforce' as source_system
    from {{ ref('stg_salesforce__activities') }}
    union all
    select activity_id, who_record_id, owner_id, touch_type, touched_at, source_system
    from {{ ref('int_activities_from_hubspot') }}
    union all
    select activity_id, who_record_id, owner_id, touch_type, touched_at, source_system
    from {{ ref('int_activities_from_mapped') }}
),

final as (
    select * from unioned
)

select * from final

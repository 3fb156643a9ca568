-- stg_marketo__activities: Marketo activities (Bulk Activity Extract), each once however often it was exported.
-- grain: one row per activity
-- Activities never change, so a re-exported one is the same row: the newest export's copy is kept.
with versions as (
    select * from {{ latest_versions(source('marketo', 'activity'), 'activity_id', 'export_date') }} as latest
),

final as (
    select
        activity_id, lead_id, activity_at, activity_type_id, campaign_id as smart_campaign_id,
        primary_attribute_value_id, primary_attribute_value, success,
        -- Change Score (type 22) and other Change Data Value activities: the field's value before and after.
        old_value, new_value
    from versions
)

select * from final

-- stg_hubspot__engagements: the latest version of each HubSpot engagement (call, email, meeting, note, task), type in lower case.
-- grain: one row per engagement
with versions as (
    select * from {{ latest_versions(source('hubspot', 'engagement'), 'engagement_id', 'coalesce(last_modified_at, created_at, occurred_at)') }} as latest
),

final as (
    select
        engagement_id, lower(trim(engagement_type)) as engagement_type, occurred_at, created_at,
        owner_name, owner_id, email_direction, associated_contact_ids
    from versions
)

select * from final

-- stg_salesforce__campaign_members: people's membership in campaigns and whether (and when) they responded.
-- grain: one row per campaign member
-- materialized: view
-- The largest export (about 20 responses per lead) is read once, by int_marketing_touches_from_salesforce:
-- a view spares writing it as a table first.
with versions as (
    select * from {{ latest_versions(source('salesforce', 'campaign_member'), 'campaign_member_id', 'coalesce(system_modstamp_at, last_modified_at, created_at)') }} as latest
),

final as (
    select
        campaign_member_id, campaign_id, lead_id, contact_id, member_status,
        coalesce(has_responded, false) as has_responded, first_responded_date, created_at
    from versions
    where not coalesce(is_deleted, false)
)

select * from final

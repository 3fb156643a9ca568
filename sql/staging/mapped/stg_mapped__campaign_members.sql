-- stg_mapped__campaign_members: the latest version of each campaign membership of every mapped CSV source.
-- grain: one row per mapped source, campaign and member
with versions as (
    select * from {{ latest_versions(source('mapped', 'campaign_member'), 'mapped_source, campaign_id, lead_id', 'coalesce(last_modified_at, created_at)') }} as latest
),

final as (
    select
        mapped_source, campaign_id, lead_id, contact_id, campaign_member_id, member_status,
        has_responded, first_responded_date, created_at
    from versions
)

select * from final

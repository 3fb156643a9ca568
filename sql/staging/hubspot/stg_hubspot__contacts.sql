-- stg_hubspot__contacts: the latest version of each HubSpot contact (by Last Modified Date), times in UTC, lifecycle dates side by side.
-- grain: one row per contact
-- HubSpot exports carry no deleted flag: a contact deleted in HubSpot keeps its last exported version.
-- lifecycle_stage_entries holds every `Date entered "<Stage> (Lifecycle Stage Pipeline)"` as
-- `label<TAB>time` lines (see int_lifecycle_entries_from_hubspot).
with versions as (
    select * from {{ latest_versions(source('hubspot', 'contact'), 'contact_id', 'coalesce(last_modified_at, created_at)') }} as latest
),

final as (
    select
        contact_id, created_at, coalesce(last_modified_at, created_at) as modified_at,
        {{ person_name('first_name', 'last_name', 'cast(null as varchar)') }} as person_name, email, phone, company, country, lifecycle_stage, lead_status,
        owner_name, owner_id, owner_assigned_at,
        original_source, original_source_drill_down_1, latest_source, record_source, record_source_detail_1,
        became_subscriber_at, became_lead_at, became_mql_at, became_sql_at, became_opportunity_at, became_customer_at,
        lifecycle_stage_entries, primary_company_id,
        email_hard_bounce_reason, coalesce(marketing_emails_bounced, 0) > 0 as has_bounced_marketing_email,
        hubspot_score as score
    from versions
)

select * from final

-- int_lead_sources_from_hubspot: the lead source of each HubSpot contact and deal, as the export label HubSpot shows (Organic Search, Paid Social, …).
-- grain: one row per contact or deal (record_kind contact or deal)
-- The source is Original (Traffic) Source; an internal value (PAID_SEARCH, from an export with
-- internal values) becomes its label, so the lead-source mapping sees one spelling. Offline
-- Sources are told apart by their first drill-down (`Offline Sources (CRM UI)`: created by a
-- salesperson; `Offline Sources (IMPORT)`), and a contact without a traffic source is an offline
-- one with its Record source as the drill-down. Source categories come from source_category_map.
with contacts as (
    select 'contact' as record_kind, contact_id as record_id, original_source, original_source_drill_down_1, record_source
    from {{ ref('stg_hubspot__contacts') }}
),

deals as (
    select 'deal' as record_kind, deal_id as record_id, original_source, original_source_drill_down_1, cast(null as varchar) as record_source
    from {{ ref('stg_hubspot__deals') }}
),

source_labels as (
    select * from (
        values
            ('organic_search', 'Organic Search'), ('paid_search', 'Paid Search'), ('email_marketing', 'Email Marketing'),
            ('social_media', 'Organic Social'), ('referrals', 'Referrals'), ('other_campaigns', 'Other Campaigns'),
            ('direct_traffic', 'Direct Traffic'), ('offline', 'Offline Sources'), ('paid_social', 'Paid Social'),
            ('ai_referrals', 'AI Referrals')
    ) as labels(source_value, source_label)
),

records as (
    select * from contacts
    union all
    select * from deals
),

labelled as (
    select
        records.record_kind, records.record_id,
        coalesce(source_labels.source_label, trim(records.original_source)) as source_label,
        nullif(trim(coalesce(records.original_source_drill_down_1, records.record_source)), '') as offline_detail
    from records
    left join source_labels on source_labels.source_value = lower(trim(records.original_source))
),

final as (
    select
        record_kind, record_id,
        case
            when lower(source_label) = 'offline sources' and offline_detail is not null then 'Offline Sources (' || offline_detail || ')'
            when source_label is null and offline_detail is not null then 'Offline Sources (' || offline_detail || ')'
            else source_label
        end as lead_source
    from labelled
)

select * from final

-- int_people_from_hubspot: HubSpot contacts as people ('hubspot:' || Record ID), with their owner matched by name and Original Source as lead source.
-- grain: one row per HubSpot contact
-- A HubSpot contact is the funnel's lead record (lead_id holds the prefixed id, so stages can be
-- inferred as for Salesforce leads). Original Source is kept as its export label; an internal
-- value (PAID_SEARCH, from an export with internal values) is turned into its label, so the
-- lead-source mapping sees one spelling. Status is the Lead Status, else the lifecycle stage.
with contacts as (
    select * from {{ ref('stg_hubspot__contacts') }}
),

owner_keys as (
    select * from {{ ref('int_owner_keys_from_hubspot') }}
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

final as (
    select
        'hubspot:' || contacts.contact_id as person_id,
        'hubspot:' || contacts.contact_id as lead_id,
        cast(null as varchar) as contact_id,
        contacts.created_at,
        coalesce(source_labels.source_label, contacts.original_source) as lead_source,
        contacts.company, contacts.country,
        cast(null as varchar) as segment,
        coalesce(contacts.lead_status, contacts.lifecycle_stage) as status,
        coalesce(by_id.user_id, by_name.user_id) as owner_id,
        cast(null as varchar) as rejection_reason,
        contacts.email, contacts.phone,
        coalesce(
            contacts.email_hard_bounce_reason,
            case when contacts.has_bounced_marketing_email then 'marketing email bounced' end
        ) as email_bounced_reason,
        cast(null as varchar) as converted_opportunity_id,
        cast(null as date) as converted_date,
        'hubspot' as source_system
    from contacts
    left join source_labels on source_labels.source_value = lower(trim(contacts.original_source))
    left join owner_keys as by_id on by_id.lookup_key = lower(trim(contacts.owner_id))
    left join owner_keys as by_name on by_name.lookup_key = lower(trim(contacts.owner_name))
)

select * from final

-- int_people_from_marketo: Marketo leads that are not synced to a Salesforce person, as people ('marketo:' || id).
-- grain: one row per Marketo-only lead
-- Synced leads are already people from Salesforce; their Marketo activity is credited there.
with leads as (
    select * from {{ ref('stg_marketo__leads') }}
),

links as (
    select * from {{ ref('int_person_links_from_marketo') }}
    where is_marketo_only
),

final as (
    select
        links.person_id,
        links.person_id as lead_id,
        cast(null as varchar) as contact_id,
        leads.created_at, leads.lead_source, leads.company, leads.country,
        cast(null as varchar) as segment,
        leads.status,
        cast(null as varchar) as owner_id,
        cast(null as varchar) as rejection_reason,
        leads.email, leads.phone,
        case when leads.is_email_invalid then 'email invalid' end as email_bounced_reason,
        cast(null as varchar) as converted_opportunity_id,
        cast(null as date) as converted_date,
        'marketo' as source_system,
        cast(leads.score as double) as score,
        leads.person_name
    from leads
    inner join links on links.marketo_lead_id = leads.lead_id
)

select * from final

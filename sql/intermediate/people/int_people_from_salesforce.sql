-- int_people_from_salesforce: Salesforce leads, plus contacts that never were a lead; a converted lead and its contact are one person.
-- grain: one row per person (a lead, or a contact that never was a lead)
with leads as (
    select * from {{ ref('stg_salesforce__leads') }}
),

contacts as (
    select * from {{ ref('stg_salesforce__contacts') }}
),

lead_people as (
    select
        leads.lead_id as person_id, leads.lead_id, leads.converted_contact_id as contact_id,
        leads.created_at, leads.lead_source, leads.company, leads.country, leads.segment, leads.status,
        leads.owner_id, leads.disqualified_reason as rejection_reason, leads.email, leads.phone,
        leads.email_bounced_reason, leads.converted_opportunity_id, leads.converted_date,
        cast(leads.score as double) as score, leads.person_name
    from leads
),

contact_only_people as (
    select
        contacts.contact_id as person_id, cast(null as varchar) as lead_id, contacts.contact_id,
        contacts.created_at, contacts.lead_source, cast(null as varchar) as company, cast(null as varchar) as country,
        cast(null as varchar) as segment, cast(null as varchar) as status, contacts.owner_id,
        cast(null as varchar) as rejection_reason, contacts.email, contacts.phone,
        contacts.email_bounced_reason, cast(null as varchar) as converted_opportunity_id,
        cast(null as date) as converted_date, cast(null as double) as score, contacts.person_name
    from contacts
    left join leads on leads.converted_contact_id = contacts.contact_id
    where leads.lead_id is null
),

unioned as (
    select * from lead_people
    union all
    select * from contact_only_people
),

final as (
    select
        unioned.person_id, unioned.lead_id, unioned.contact_id, unioned.created_at, unioned.lead_source, unioned.company,
        unioned.country, unioned.segment, unioned.status, unioned.owner_id, unioned.rejection_reason, unioned.email,
        unioned.phone, unioned.email_bounced_reason, unioned.converted_opportunity_id, unioned.converted_date,
        'salesforce' as source_system, unioned.score, unioned.person_name
    from unioned
)

select * from final

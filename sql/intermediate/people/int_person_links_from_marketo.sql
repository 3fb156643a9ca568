-- int_person_links_from_marketo: the person each Marketo lead stands for: the Salesforce lead or contact it is synced to, else itself ('marketo:' || id).
-- grain: one row per Marketo lead
-- A Marketo lead synced to a Salesforce record that the Salesforce export holds is that person
-- (the contact first: a converted lead's contact and lead are one person). A lead synced to a
-- record Salesforce does not have (or not synced at all) is a Marketo-only person.
with leads as (
    select * from {{ ref('stg_marketo__leads') }}
),

salesforce_people as (
    select * from {{ ref('int_people_from_salesforce') }}
),

salesforce_records as (
    select lead_id as record_id, person_id from salesforce_people where lead_id is not null
    union
    select contact_id as record_id, person_id from salesforce_people where contact_id is not null
),

final as (
    select
        leads.lead_id as marketo_lead_id,
        coalesce(by_contact.person_id, by_lead.person_id, 'marketo:' || leads.lead_id) as person_id,
        by_contact.person_id is null and by_lead.person_id is null as is_marketo_only
    from leads
    left join salesforce_records as by_contact on by_contact.record_id = leads.sfdc_contact_id
    left join salesforce_records as by_lead on by_lead.record_id = leads.sfdc_lead_id
)

select * from final

-- int_people_from_mapped: leads of every mapped CSV source as people (mapped_source || ':' || lead id), owner matched to the source's users.
-- grain: one row per mapped source and lead
-- A converted lead's contact id (prefixed) is kept, so activities and campaign members logged on
-- the contact reach the same person. An owner the users file does not know keeps its own
-- prefixed value and counts as a queue, not a user.
with leads as (
    select * from {{ ref('stg_mapped__leads') }}
),

user_keys as (
    select * from {{ ref('int_user_keys_from_mapped') }}
),

final as (
    select
        leads.mapped_source || ':' || leads.lead_id as person_id,
        leads.mapped_source || ':' || leads.lead_id as lead_id,
        case when leads.converted_contact_id is not null then leads.mapped_source || ':' || leads.converted_contact_id end as contact_id,
        leads.created_at, leads.lead_source, leads.company, leads.country, leads.segment, leads.status,
        coalesce(user_keys.user_id, case when leads.owner_id is not null then leads.mapped_source || ':' || leads.owner_id end) as owner_id,
        leads.disqualified_reason as rejection_reason,
        leads.email, leads.phone, leads.email_bounced_reason,
        case when leads.converted_opportunity_id is not null then leads.mapped_source || ':' || leads.converted_opportunity_id end as converted_opportunity_id,
        leads.converted_date,
        leads.mapped_source as source_system,
        cast(leads.score as double) as score,
        leads.person_name
    from leads
    left join user_keys on user_keys.mapped_source = leads.mapped_source and user_keys.lookup_key = lower(trim(leads.owner_id))
)

select * from final

-- int_opportunity_people: the person each opportunity came from (lead conversion first, else its contact).
-- grain: one row per opportunity
with opportunities as (
    select * from {{ ref('stg_salesforce__opportunities') }}
),

people as (
    select * from {{ ref('int_people') }}
),

record_ids as (
    select * from {{ ref('int_person_record_ids') }}
),

final as (
    select
        opportunities.opportunity_id,
        coalesce(converted.person_id, by_contact.person_id) as person_id
    from opportunities
    left join people as converted on converted.converted_opportunity_id = opportunities.opportunity_id
    left join record_ids as by_contact on by_contact.record_id = opportunities.contact_id
)

select * from final

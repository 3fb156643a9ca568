-- int_person_record_ids: maps every CRM record that stands for a person (lead or contact) to the person.
-- grain: one row per lead id or contact id
with people as (
    select * from {{ ref('int_people') }}
),

final as (
    select people.lead_id as record_id, people.person_id from people where people.lead_id is not null
    union all
    select people.contact_id as record_id, people.person_id from people where people.contact_id is not null
)

select * from final

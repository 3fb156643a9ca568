-- contactability: can sales reach the leads marketing sends? Missing or invalid email and phone, bounces, duplicates, queue limbo.
-- grain: one row per month (of creation) and source category
-- column month: first day of the month the people were created
-- column source_category: marketing, sales, partner or unknown
-- column people: people created in the month
-- column no_valid_email: without an email address of the form name@domain.tld
-- column no_valid_phone: without a phone number of at least 7 digits
-- column no_contact_channel: with neither a valid email nor a valid phone
-- column bounced: whose email bounced
-- column duplicate_email: sharing their email address with another person
-- column queue_owned_too_long: leads that sat in a queue longer than the configured hours before a user owned them (or still do)
-- test accepted_range: people, no_valid_email, no_valid_phone, no_contact_channel, bounced, duplicate_email, queue_owned_too_long >= 0
with people as (
    select * from {{ ref('int_person_contact_checks') }}
),

final as (
    select
        {{ month_of('created_at') }} as month,
        source_category,
        count(*) as people,
        sum(case when has_valid_email then 0 else 1 end) as no_valid_email,
        sum(case when has_valid_phone then 0 else 1 end) as no_valid_phone,
        sum(case when has_valid_email or has_valid_phone then 0 else 1 end) as no_contact_channel,
        sum(case when is_bounced then 1 else 0 end) as bounced,
        sum(case when is_duplicate_email then 1 else 0 end) as duplicate_email,
        sum(case when is_queue_owned_too_long then 1 else 0 end) as queue_owned_too_long
    from people
    group by {{ month_of('created_at') }}, source_category
)

select * from final

-- int_lifecycle_entries_from_hubspot: every dated lifecycle stage of a HubSpot contact, from "Became a … Date" and `Date entered "<Stage> (Lifecycle Stage Pipeline)"` columns alike.
-- grain: one row per contact, lifecycle stage and date column
-- lifecycle_value is what the lifecycle stage map is keyed by: the internal value for "Became a"
-- columns (marketingqualifiedlead), the label for "Date entered" ones (marketing qualified lead),
-- lower case with spaces collapsed, so custom lifecycle stages map through config as well.
with contacts as (
    select * from {{ ref('stg_hubspot__contacts') }}
),

became_dates as (
    select contact_id, 'subscriber' as lifecycle_value, became_subscriber_at as entered_at from contacts
    union all select contact_id, 'lead', became_lead_at from contacts
    union all select contact_id, 'marketingqualifiedlead', became_mql_at from contacts
    union all select contact_id, 'salesqualifiedlead', became_sql_at from contacts
    union all select contact_id, 'opportunity', became_opportunity_at from contacts
    union all select contact_id, 'customer', became_customer_at from contacts
),

entry_lines as (
    select contacts.contact_id, {{ squish("split_part(t.entry, chr(9), 1)") }} as label, split_part(t.entry, chr(9), 2) as entered_text
    from contacts
    cross join unnest({{ split_list('contacts.lifecycle_stage_entries', 'chr(10)') }}) as t(entry)
    where contacts.lifecycle_stage_entries is not null
),

-- "Lead (Lifecycle Stage Pipeline)" → lead; an internal column name (hs_v2_date_entered_lead) has no pipeline part.
entries as (
    select
        contact_id,
        lower(trim(case when lower(label) like '% (lifecycle stage pipeline)' then substr(label, 1, length(label) - length(' (Lifecycle Stage Pipeline)')) else label end)) as lifecycle_value,
        cast(entered_text as timestamp) as entered_at
    from entry_lines
),

final as (
    select contact_id, lifecycle_value, entered_at, 'became' as date_column from became_dates where entered_at is not null
    union all
    select contact_id, lifecycle_value, entered_at, 'date entered' as date_column from entries where entered_at is not null
)

select * from final

-- int_owner_keys_from_hubspot: how a HubSpot record names its owner (owner ID, full name or email, any case) mapped to the owner's user id.
-- grain: one row per lookup key (lower-cased owner ID, name or email)
-- Exports name owners by full name, so contacts, deals and engagements are matched to the owners
-- file by name (or by ID when the export carries IDs). HubSpot owners are always users, never
-- queues: an owner the file does not know still becomes a user ('hubspot:' || lower(name)), with
-- no team and the company calendar, so their leads are still handed off.
with owners as (
    select * from {{ ref('stg_hubspot__owners') }}
),

file_keys as (
    select lower(owner_id) as lookup_key, 'hubspot:' || owner_key as user_id, owner_name as user_name, true as is_in_owners_file, 1 as key_priority
    from owners where owner_id is not null
    union all
    select lower(owner_name), 'hubspot:' || owner_key, owner_name, true, 2 from owners where owner_name is not null
    union all
    select email, 'hubspot:' || owner_key, owner_name, true, 3 from owners where email is not null
),

named_on_records as (
    select trim(owner_id) as owner_id, trim(owner_name) as owner_name from {{ ref('stg_hubspot__contacts') }}
    union
    select trim(owner_id), trim(owner_name) from {{ ref('stg_hubspot__deals') }}
    union
    select trim(owner_id), trim(owner_name) from {{ ref('stg_hubspot__engagements') }}
),

unknown_owners as (
    select
        lower(coalesce(named_on_records.owner_id, named_on_records.owner_name)) as owner_key,
        named_on_records.owner_id, named_on_records.owner_name
    from named_on_records
    left join file_keys as by_id on by_id.lookup_key = lower(named_on_records.owner_id)
    left join file_keys as by_name on by_name.lookup_key = lower(named_on_records.owner_name)
    where coalesce(named_on_records.owner_id, named_on_records.owner_name) is not null
        and by_id.user_id is null and by_name.user_id is null
),

all_keys as (
    select * from file_keys
    union all
    select lower(owner_id), 'hubspot:' || owner_key, owner_name, false, 4 from unknown_owners where owner_id is not null
    union all
    select lower(owner_name), 'hubspot:' || owner_key, owner_name, false, 5 from unknown_owners where owner_name is not null
),

ranked as (
    select
        all_keys.*,
        row_number() over (partition by all_keys.lookup_key order by all_keys.key_priority, all_keys.user_id) as key_rank
    from all_keys
),

final as (
    select lookup_key, user_id, user_name, is_in_owners_file
    from ranked
    where key_rank = 1
)

select * from final

-- stg_hubspot__owners: HubSpot owners from the owners file (owners.csv), the newest row of each owner; named by Name or First + Last Name.
-- grain: one row per owner
-- The file has no modified time: a newer export wins, then the later row of the file.
with source as (
    select
        owner_id, email, team, role, manager, time_zone, is_active, export_date, source_row_number,
        coalesce(trim(owner_name), nullif(trim(concat(coalesce(first_name, ''), ' ', coalesce(last_name, ''))), '')) as owner_name
    from {{ source('hubspot', 'owner') }}
),

keyed as (
    select source.*, lower(coalesce(trim(owner_id), owner_name, trim(email))) as owner_key
    from source
),

versions as (
    select keyed.*, {{ version_rank('owner_key', 'export_date') }} as version_rank
    from keyed
    where owner_key is not null
),

final as (
    select owner_key, trim(owner_id) as owner_id, owner_name, lower(trim(email)) as email, team, role, manager, time_zone, is_active
    from versions
    where version_rank = 1
)

select * from final

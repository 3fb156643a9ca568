-- int_users_from_hubspot: HubSpot owners as users, with the team, role and time zone the follow-up reports need.
-- grain: one row per HubSpot owner
-- Role comes from the owners file's Role column: 'sdr' unless it says otherwise (account
-- executive, partner, marketing, manager). An owner only named on records has no team, no time
-- zone (company calendar) and counts as an active SDR. A missing Active column means active.
with owners as (
    select * from {{ ref('stg_hubspot__owners') }}
),

keys as (
    select * from {{ ref('int_owner_keys_from_hubspot') }}
),

from_file as (
    select
        'hubspot:' || owner_key as user_id, owner_name as user_name, coalesce(team, 'No team') as team,
        case
            when lower(coalesce(role, '')) like '%partner%' then 'partner'
            when lower(coalesce(role, '')) like '%marketing%' then 'marketing'
            when lower(coalesce(role, '')) like '%account executive%' or lower(trim(coalesce(role, ''))) = 'ae' then 'ae'
            when lower(coalesce(role, '')) like '%manager%' or lower(coalesce(role, '')) like '%director%' then 'sales manager'
            else 'sdr'
        end as role,
        coalesce(is_active, true) as is_active, time_zone, manager
    from owners
),

from_records as (
    select keys.user_id, min(keys.user_name) as user_name
    from keys
    where not keys.is_in_owners_file
    group by keys.user_id
),

final as (
    select
        user_id, user_name, team, role, case when role = 'partner' then team end as partner_name,
        role <> 'marketing' as is_sales_user, is_active, time_zone,
        case when manager is not null then 'hubspot:' || lower(trim(manager)) end as manager_id
    from from_file
    union all
    select
        user_id, user_name, 'No team' as team, 'sdr' as role, cast(null as varchar) as partner_name,
        true as is_sales_user, true as is_active, cast(null as varchar) as time_zone, cast(null as varchar) as manager_id
    from from_records
)

select * from final

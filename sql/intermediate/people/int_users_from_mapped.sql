-- int_users_from_mapped: users of every mapped CSV source (mapped_source || ':' || id), with team, role and time zone.
-- grain: one row per mapped source and user
-- Role is the file's own when it is one of Handoff's (sdr, ae, partner, marketing, sales manager),
-- else read from the title as for Salesforce users. A missing active flag means active.
with users as (
    select * from {{ ref('stg_mapped__users') }}
),

roles as (
    select
        users.*,
        case
            when lower(trim(coalesce(role, ''))) in ('sdr', 'ae', 'partner', 'marketing', 'sales manager', 'sales') then lower(trim(role))
            when lower(coalesce(role, title, '')) like '%partner%' then 'partner'
            when lower(coalesce(role, title, '')) like '%marketing%' then 'marketing'
            when lower(coalesce(role, title, '')) like '%account executive%' then 'ae'
            when lower(coalesce(role, title, '')) like '%development%' or lower(coalesce(role, title, '')) like '%sdr%'
                or lower(coalesce(role, title, '')) like '%bdr%' then 'sdr'
            when lower(coalesce(role, title, '')) like '%manager%' or lower(coalesce(role, title, '')) like '%director%' then 'sales manager'
            else 'sales'
        end as handoff_role
    from users
),

final as (
    select
        mapped_source || ':' || user_id as user_id,
        user_name,
        coalesce(team, department, 'No team') as team,
        handoff_role as role,
        case when handoff_role = 'partner' then coalesce(team, department, 'Partner') end as partner_name,
        handoff_role <> 'marketing' as is_sales_user,
        coalesce(is_active, true) as is_active,
        time_zone,
        case when manager_id is not null then mapped_source || ':' || manager_id end as manager_id
    from roles
)

select * from final

-- stg_salesforce__users: CRM users with the team, role and partner the follow-up reports group by.
-- grain: one row per user
with versions as (
    select * from {{ latest_versions(source('salesforce', 'user'), 'user_id', 'coalesce(system_modstamp_at, last_modified_at, created_at)') }} as latest
),

roles as (
    select
        versions.*,
        case
            when lower(coalesce(user_type, '')) like '%partner%' then 'partner'
            when lower(coalesce(title, '')) like '%marketing%' then 'marketing'
            when lower(coalesce(title, '')) like '%account executive%' then 'ae'
            when lower(coalesce(title, '')) like '%development%' or lower(coalesce(title, '')) like '%sdr%'
                or lower(coalesce(title, '')) like '%bdr%' then 'sdr'
            when lower(coalesce(title, '')) like '%manager%' or lower(coalesce(title, '')) like '%director%' then 'sales manager'
            else 'sales'
        end as role
    from versions
),

final as (
    select
        user_id,
        trim(concat(coalesce(first_name, ''), ' ', coalesce(last_name, ''))) as user_name,
        coalesce(department, division, 'No team') as team,
        role,
        case when role = 'partner' then coalesce(company_name, 'Partner') end as partner_name,
        role <> 'marketing' as is_sales_user,
        coalesce(is_active, false) as is_active,
        time_zone,
        manager_id,
        email
    from roles
)

select * from final

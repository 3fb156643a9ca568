-- int_users: CRM users from every source, with the team, role and partner the follow-up reports group by.
-- grain: one row per user
-- materialized: view
with unioned as (
    select user_id, user_name, team, role, partner_name, is_sales_user, is_active, time_zone, manager_id
    from {{ ref('stg_salesforce__users') }}
    union all
    select user_id, user_name, team, role, partner_name, is_sales_user, is_active, time_zone, manager_id
    from {{ ref('int_users_unexported_from_salesforce') }}
    union all
    select user_id, user_name, team, role, partner_name, is_sales_user, is_active, time_zone, manager_id
    from {{ ref('int_users_from_hubspot') }}
    union all
    select user_id, user_name, team, role, partner_name, is_sales_user, is_active, time_zone, manager_id
    from {{ ref('int_users_from_mapped') }}
),

final as (
    select * from unioned
)

select * from final

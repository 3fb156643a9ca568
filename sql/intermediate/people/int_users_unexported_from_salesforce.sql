-- int_users_unexported_from_salesforce: Salesforce users who own leads, opportunities or activities but are missing from the User export.
-- grain: one row per Salesforce user id (005…) referenced but not exported
-- An export without User.csv (or with a partial one) still names its owners by id. They are kept
-- as sales users of an unknown team on the company calendar, so follow-up is still judged and
-- ownership still counts; data health says which numbers lack names, teams and time zones.
with users as (
    select * from {{ ref('stg_salesforce__users') }}
),

referenced as (
    select owner_id from {{ ref('stg_salesforce__leads') }}
    union
    select owner_id from {{ ref('stg_salesforce__opportunities') }}
    union
    select owner_id from {{ ref('stg_salesforce__activities') }}
    union
    select owner_id from {{ ref('int_owner_periods_from_salesforce') }}
),

final as (
    select
        referenced.owner_id as user_id,
        referenced.owner_id as user_name,
        'Unknown team' as team,
        'sales' as role,
        cast(null as varchar) as partner_name,
        true as is_sales_user,
        true as is_active,
        cast(null as varchar) as time_zone,
        cast(null as varchar) as manager_id
    from referenced
    left join users on users.user_id = referenced.owner_id
    where users.user_id is null and substr(referenced.owner_id, 1, 3) = '005'
)

select * from final

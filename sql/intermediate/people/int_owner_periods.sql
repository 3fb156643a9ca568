-- int_owner_periods: who owned each person when (a user or a queue), from every source.
-- grain: one row per person and owner period
-- materialized: view
with unioned as (
    select person_id, owner_id, valid_from, valid_to, is_user_owner from {{ ref('int_owner_periods_from_salesforce') }}
    union all
    select person_id, owner_id, valid_from, valid_to, is_user_owner from {{ ref('int_owner_periods_from_hubspot') }}
    union all
    select person_id, owner_id, valid_from, valid_to, is_user_owner from {{ ref('int_owner_periods_from_mapped') }}
),

final as (
    select * from unioned
)

select * from final

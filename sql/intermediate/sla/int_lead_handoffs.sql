-- int_lead_handoffs: when each MQL was handed to sales: the first moment it was both MQL and owned by a user.
-- grain: one row per person who reached MQL
with mqls as (
    select person_id, reached_at as mql_at
    from {{ ref('int_stage_events') }}
    where stage = 'mql'
),

owner_periods as (
    select * from {{ ref('int_owner_periods') }}
),

candidates as (
    select
        mqls.person_id,
        owner_periods.owner_id,
        case when owner_periods.valid_from > mqls.mql_at then owner_periods.valid_from else mqls.mql_at end as handoff_at
    from mqls
    inner join owner_periods
        on owner_periods.person_id = mqls.person_id
        and owner_periods.is_user_owner
        and (owner_periods.valid_to is null or owner_periods.valid_to > mqls.mql_at)
),

ranked as (
    select candidates.*, row_number() over (partition by candidates.person_id order by candidates.handoff_at) as candidate_rank
    from candidates
),

final as (
    select mqls.person_id, mqls.mql_at, ranked.handoff_at, ranked.owner_id as handoff_owner_id
    from mqls
    left join ranked on ranked.person_id = mqls.person_id and ranked.candidate_rank = 1
)

select * from final

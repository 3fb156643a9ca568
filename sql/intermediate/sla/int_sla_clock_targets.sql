-- int_sla_clock_targets: the target of each SLA clock: the most specific configured override (segment, source category, partner) or the SLA's default.
-- grain: one row per person and SLA
with clocks as (
    select * from {{ ref('int_sla_clocks') }}
),

people as (
    select * from {{ ref('int_people') }}
),

owners as (
    select handoffs.person_id, users.partner_name
    from {{ ref('int_lead_handoffs') }} as handoffs
    inner join {{ ref('int_users') }} as users on users.user_id = handoffs.handoff_owner_id
),

overrides as (
    select * from {{ ref('sla_target_overrides') }}
),

matches as (
    select
        clocks.person_id, clocks.sla, overrides.target_minutes,
        row_number() over (partition by clocks.person_id, clocks.sla order by overrides.specificity desc, overrides.override_order) as match_rank
    from clocks
    inner join people on people.person_id = clocks.person_id
    left join owners on owners.person_id = clocks.person_id
    inner join overrides
        on overrides.sla = clocks.sla
        and (overrides.segment is null or overrides.segment = people.segment)
        and (overrides.source_category is null or overrides.source_category = people.source_category)
        and (overrides.partner_name is null or overrides.partner_name = owners.partner_name)
),

final as (
    select clocks.person_id, clocks.sla, coalesce(matches.target_minutes, defaults.target_minutes) as target_minutes
    from clocks
    inner join {{ ref('sla_targets') }} as defaults on defaults.sla = clocks.sla
    left join matches on matches.person_id = clocks.person_id and matches.sla = clocks.sla and matches.match_rank = 1
)

select * from final

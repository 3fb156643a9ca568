-- int_stage_events: the first time each person reached each funnel stage, in funnel order, and whether it was observed or inferred.
-- grain: one row per person and stage
-- Stage times never run backwards (inquiry ≤ MQL ≤ SAL ≤ SQL ≤ won or lost). A date-only stage on
-- the day an earlier stage was timestamped happened after it that day (a same-day close). An
-- earlier stage dated after a later one (history out of order, backdated records) is moved back
-- to the later stage, which implies it: it becomes inferred and is_reordered says so, and data
-- health counts these people.
-- test unique: person_id || ':' || stage
-- test accepted_values: evidence in observed, inferred
with resolved as (
    select * from {{ ref('int_stage_events_resolved') }}
),

ranked as (
    select
        resolved.*,
        case stage when 'inquiry' then 1 when 'mql' then 2 when 'sal' then 3 when 'sql' then 4 when 'won' then 5 when 'lost' then 5 end as funnel_rank
    from resolved
),

same_day as (
    select later.person_id, later.stage, max(earlier.reached_at) as earlier_same_day_at
    from ranked as later
    inner join ranked as earlier
        on earlier.person_id = later.person_id
        and earlier.funnel_rank < later.funnel_rank
        and cast(earlier.reached_at as date) = cast(later.reached_at as date)
        and earlier.reached_at > later.reached_at
    where later.is_date_only
    group by later.person_id, later.stage
),

day_adjusted as (
    select
        ranked.person_id, ranked.stage, ranked.evidence, ranked.funnel_rank,
        coalesce(same_day.earlier_same_day_at, ranked.reached_at) as reached_at
    from ranked
    left join same_day on same_day.person_id = ranked.person_id and same_day.stage = ranked.stage
),

later_bounds as (
    select earlier.person_id, earlier.stage, min(later.reached_at) as latest_possible_at
    from day_adjusted as earlier
    inner join day_adjusted as later
        on later.person_id = earlier.person_id and later.funnel_rank > earlier.funnel_rank
    group by earlier.person_id, earlier.stage
),

final as (
    select
        day_adjusted.person_id,
        day_adjusted.stage,
        case when later_bounds.latest_possible_at < day_adjusted.reached_at then later_bounds.latest_possible_at else day_adjusted.reached_at end as reached_at,
        case when later_bounds.latest_possible_at < day_adjusted.reached_at then 'inferred' else day_adjusted.evidence end as evidence,
        coalesce(later_bounds.latest_possible_at < day_adjusted.reached_at, false) as is_reordered
    from day_adjusted
    left join later_bounds on later_bounds.person_id = day_adjusted.person_id and later_bounds.stage = day_adjusted.stage
)

select * from final

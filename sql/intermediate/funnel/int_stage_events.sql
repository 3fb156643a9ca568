-- int_stage_events: the first time each person reached each funnel stage, and whether it was observed or inferred.
-- grain: one row per person and stage
-- Skipped stages are filled from the stages they are implied by (a converted lead that never
-- showed SAL), marked inferred, never silently; MQL and SAL are only inferred for leads, so
-- sales-created contacts never count as marketing-qualified. Observed evidence wins over
-- inferred: a lead without history whose status says converted is dated SQL at its conversion.
with observed as (
    select * from {{ ref('int_stage_events_observed') }}
),

implications as (
    select * from {{ ref('stage_implications') }}
),

people as (
    select * from {{ ref('int_people') }}
),

implied as (
    select observed.person_id, implications.implied_stage as stage, min(observed.reached_at) as reached_at, 'inferred' as evidence
    from observed
    inner join implications on implications.stage = observed.stage
    inner join people on people.person_id = observed.person_id
    where people.lead_id is not null or implications.implied_stage not in ('mql', 'sal')
    group by observed.person_id, implications.implied_stage
),

all_events as (
    select person_id, stage, reached_at, evidence from observed
    union all
    select person_id, stage, reached_at, evidence from implied
),

final as (
    select
        person_id,
        stage,
        coalesce(min(case when evidence = 'observed' then reached_at end), min(reached_at)) as reached_at,
        case when min(case when evidence = 'observed' then reached_at end) is null then 'inferred' else 'observed' end as evidence
    from all_events
    group by person_id, stage
)

select * from final

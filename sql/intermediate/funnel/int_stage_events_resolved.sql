-- int_stage_events_resolved: the first time each person reached each stage, from the most precise evidence, before stage order is checked.
-- grain: one row per person and stage
-- Skipped stages are filled from the stages they are implied by (a converted lead that never
-- showed SAL), marked inferred, never silently; MQL and SAL are only inferred for leads, so
-- sales-created contacts never count as marketing-qualified. Observed evidence wins over
-- inferred. A date-only sign (a ConvertedDate, 00:00 that day) yields to a timestamped sign of
-- the same stage on the same day: the conversion happened when the status changed or the
-- opportunity was created, not at midnight.
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
    select observed.person_id, implications.implied_stage as stage, observed.reached_at, 'inferred' as evidence, observed.is_date_only
    from observed
    inner join implications on implications.stage = observed.stage
    inner join people on people.person_id = observed.person_id
    where people.lead_id is not null or implications.implied_stage not in ('mql', 'sal')
),

all_events as (
    select person_id, stage, reached_at, evidence, is_date_only from observed
    union all
    select person_id, stage, reached_at, evidence, is_date_only from implied
),

by_precision as (
    select
        person_id, stage, evidence,
        min(case when not is_date_only then reached_at end) as timestamped_at,
        min(case when is_date_only then reached_at end) as dated_at
    from all_events
    group by person_id, stage, evidence
),

resolved as (
    select
        person_id, stage, evidence,
        case
            when dated_at is null then timestamped_at
            when timestamped_at is not null and cast(timestamped_at as date) <= cast(dated_at as date) then timestamped_at
            else dated_at
        end as reached_at,
        dated_at is not null and (timestamped_at is null or cast(timestamped_at as date) > cast(dated_at as date)) as is_date_only
    from by_precision
),

final as (
    select
        resolved.person_id, resolved.stage, resolved.reached_at, resolved.evidence, resolved.is_date_only
    from resolved
    left join resolved as observed_too
        on observed_too.person_id = resolved.person_id and observed_too.stage = resolved.stage and observed_too.evidence = 'observed'
    where resolved.evidence = 'observed' or observed_too.person_id is null
)

select * from final

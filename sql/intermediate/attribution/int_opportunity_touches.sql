-- int_opportunity_touches: the marketing touches in each opportunity's journey, numbered in time order.
-- grain: one row per opportunity and marketing touch of the person it came from
-- A journey ends at the close date (the whole close day counts) for closed opportunities and at
-- the as-of time for open ones; later touches cannot have influenced the outcome. Equal times are
-- ordered by touch_id so the numbering is the same on every engine and every night.
with opportunities as (
    select * from {{ ref('int_opportunities') }}
    where person_id is not null
),

touches as (
    select * from {{ ref('int_marketing_touches') }}
),

run_context as (
    select * from {{ ref('run_context') }}
),

in_journey as (
    select
        opportunities.opportunity_id,
        touches.person_id,
        touches.campaign_id,
        touches.touch_id,
        touches.touch_kind,
        touches.touched_at
    from opportunities
    inner join touches on touches.person_id = opportunities.person_id
    cross join run_context
    where touches.touched_at <= run_context.as_of_at
        and (
            not opportunities.is_closed
            or opportunities.close_date is null
            or cast(touches.touched_at as date) <= opportunities.close_date
        )
),

final as (
    select
        in_journey.*,
        row_number() over (
            partition by in_journey.opportunity_id
            order by in_journey.touched_at, in_journey.touch_id
        ) as touch_number
    from in_journey
)

select * from final

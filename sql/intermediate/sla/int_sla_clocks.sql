-- int_sla_clocks: each follow-up SLA's clock for each handed-off lead: when it started, when it was met, on whose calendar.
-- grain: one row per person and SLA (routing, response, disposition, partner_response)
with handoffs as (
    select * from {{ ref('int_lead_handoffs') }}
),

stage_events as (
    select * from {{ ref('int_stage_events') }}
),

touches as (
    select * from {{ ref('int_sales_touches') }}
),

owners as (
    select users.user_id, users.role, coalesce(calendars.calendar_id, 'company') as calendar_id
    from {{ ref('int_users') }} as users
    left join {{ ref('calendars') }} as calendars on calendars.calendar_id = users.time_zone
),

first_touches as (
    select
        handoffs.person_id,
        min(touches.touched_at) as first_touch_at,
        min(case when touches.touched_by_role = 'partner' then touches.touched_at end) as first_partner_touch_at
    from handoffs
    inner join touches on touches.person_id = handoffs.person_id and touches.touched_at >= handoffs.handoff_at
    group by handoffs.person_id
),

dispositions as (
    select
        handoffs.person_id,
        min(stage_events.reached_at) as disposed_at,
        min(case when stage_events.stage in ('rejected', 'recycled') then stage_events.reached_at end) as withdrawn_at
    from handoffs
    inner join stage_events on stage_events.person_id = handoffs.person_id
    where stage_events.stage in ('sal', 'rejected', 'recycled')
    group by handoffs.person_id
),

handed_off as (
    select
        handoffs.*, first_touches.first_touch_at, first_touches.first_partner_touch_at, dispositions.disposed_at, dispositions.withdrawn_at,
        coalesce(owners.calendar_id, 'company') as owner_calendar_id, owners.role as owner_role
    from handoffs
    left join first_touches on first_touches.person_id = handoffs.person_id
    left join dispositions on dispositions.person_id = handoffs.person_id
    left join owners on owners.user_id = handoffs.handoff_owner_id
),

final as (
    -- Routing is the company's job, so it runs on the company calendar, apart from the rep's clock.
    select person_id, 'routing' as sla, mql_at as started_at, handoff_at as done_at, 'company' as calendar_id, cast(null as timestamp) as withdrawn_at
    from handed_off
    union all
    -- A lead handed to a partner is judged by the partner response SLA only, never also by the internal one.
    -- withdrawn_at: rejected or recycled before any contact attempt, which ends the wait for a touch.
    select person_id, 'response' as sla, handoff_at as started_at, first_touch_at as done_at, owner_calendar_id as calendar_id,
        case when withdrawn_at is not null and (first_touch_at is null or first_touch_at > withdrawn_at) then withdrawn_at end as withdrawn_at
    from handed_off where handoff_at is not null and coalesce(owner_role, '') <> 'partner'
    union all
    select person_id, 'disposition' as sla, handoff_at as started_at,
        case when disposed_at < handoff_at then handoff_at else disposed_at end as done_at, owner_calendar_id as calendar_id,
        cast(null as timestamp) as withdrawn_at
    from handed_off where handoff_at is not null
    union all
    select person_id, 'partner_response' as sla, handoff_at as started_at, first_partner_touch_at as done_at, owner_calendar_id as calendar_id,
        cast(null as timestamp) as withdrawn_at
    from handed_off where handoff_at is not null and owner_role = 'partner'
)

select * from final

-- int_sla_clocks_measured: business minutes, due time and status of every SLA clock as of the export time.
-- grain: one row per person and SLA
-- Each instant maps to a business-second ordinal on its calendar (business seconds since the
-- calendar began); elapsed business time is a difference of ordinals and the due time is the
-- instant whose ordinal is start + target. Range joins, no per-day loops; the export time's
-- ordinal is the same for every clock on a calendar, so it is found once per calendar. The other
-- windows are looked up by week (start and end) and by ordinal bucket (due time), so each clock is
-- tested against a handful of windows rather than every window of its calendar.
with clocks as (
    select clocks.*, targets.target_minutes, targets.target_minutes * 60 as target_seconds
    from {{ ref('int_sla_clocks') }} as clocks
    inner join {{ ref('int_sla_clock_targets') }} as targets on targets.person_id = clocks.person_id and targets.sla = clocks.sla
),

windows as (
    select * from {{ ref('calendar_windows') }}
),

as_of_ordinals as (
    select
        windows.calendar_id,
        windows.seconds_before + least({{ seconds_between('windows.window_start_at', 'run_context.as_of_at') }}, windows.window_seconds) as as_of_ordinal
    from windows
    cross join {{ ref('run_context') }} as run_context
    where run_context.as_of_at >= windows.window_start_at and run_context.as_of_at < windows.next_window_start_at
),

weeks as (
    select * from {{ ref('int_calendar_windows_by_week') }}
),

clock_weeks as (
    select
        clocks.*,
        cast(floor({{ epoch_seconds('clocks.started_at') }} / 604800) as bigint) as started_week,
        cast(floor({{ epoch_seconds('clocks.done_at') }} / 604800) as bigint) as done_week
    from clocks
),

ordinals as (
    select
        clock_weeks.*,
        w_start.seconds_before + least({{ seconds_between('w_start.window_start_at', 'clock_weeks.started_at') }}, w_start.window_seconds) as start_ordinal,
        w_done.seconds_before + least({{ seconds_between('w_done.window_start_at', 'clock_weeks.done_at') }}, w_done.window_seconds) as done_ordinal,
        as_of_ordinals.as_of_ordinal
    from clock_weeks
    left join weeks as w_start
        on w_start.calendar_id = clock_weeks.calendar_id and w_start.week_number = clock_weeks.started_week
        and clock_weeks.started_at >= w_start.window_start_at and clock_weeks.started_at < w_start.next_window_start_at
    left join weeks as w_done
        on w_done.calendar_id = clock_weeks.calendar_id and w_done.week_number = clock_weeks.done_week
        and clock_weeks.done_at >= w_done.window_start_at and clock_weeks.done_at < w_done.next_window_start_at
    left join as_of_ordinals on as_of_ordinals.calendar_id = clock_weeks.calendar_id
),

due_ordinals as (
    select ordinals.*, ordinals.start_ordinal + ordinals.target_seconds as due_ordinal, buckets.bucket_seconds
    from ordinals
    cross join (select max(bucket_seconds) as bucket_seconds from {{ ref('int_calendar_windows_by_ordinal') }}) as buckets
),

due as (
    select
        due_ordinals.*,
        {{ add_seconds('w_due.window_start_at', 'due_ordinals.due_ordinal - w_due.seconds_before') }} as due_at
    from due_ordinals
    left join {{ ref('int_calendar_windows_by_ordinal') }} as w_due
        on w_due.calendar_id = due_ordinals.calendar_id
        and w_due.ordinal_bucket = floor(due_ordinals.due_ordinal / due_ordinals.bucket_seconds)
        and due_ordinals.due_ordinal > w_due.seconds_before
        and due_ordinals.due_ordinal <= w_due.seconds_before + w_due.window_seconds
),

final as (
    select
        person_id, sla, calendar_id, target_minutes, started_at, done_at, due_at, withdrawn_at,
        coalesce(done_ordinal, as_of_ordinal) - start_ordinal as business_seconds,
        round((coalesce(done_ordinal, as_of_ordinal) - start_ordinal) / 60.0, 1) as business_minutes,
        case
            when started_at is null then 'not_started'
            -- Rejected or recycled without a contact attempt before the deadline: not judged, counted apart.
            -- Withdrawn after the deadline, the lead had already breached it.
            when withdrawn_at is not null and withdrawn_at <= due_at then 'rejected_untouched'
            when withdrawn_at is not null then 'breached'
            when done_at is not null and done_ordinal - start_ordinal <= target_seconds then 'met'
            when done_at is not null then 'late'
            when as_of_ordinal - start_ordinal > target_seconds then 'breached'
            else 'pending'
        end as status
    from due
)

select * from final

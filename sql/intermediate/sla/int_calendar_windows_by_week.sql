-- int_calendar_windows_by_week: each calendar's windows keyed by the weeks they overlap (weeks counted from 1970-01-01 UTC), so the window holding an instant (an SLA clock's start or end) is found by an equality join, not by testing every window of the calendar.
-- grain: one row per calendar window and week it overlaps
-- Most windows run a day or a weekend and overlap one or two weeks; the window before the first
-- business day (from 1970) and the one after the last overlap a few thousand at most.
with windows as (
    select * from {{ ref('calendar_windows') }}
),

spans as (
    select
        windows.*,
        floor({{ epoch_seconds('windows.window_start_at') }} / 604800) as first_week,
        floor({{ epoch_seconds('windows.next_window_start_at') }} / 604800) as last_week
    from windows
),

final as (
    select
        spans.calendar_id, spans.window_start_at, spans.next_window_start_at, spans.window_seconds, spans.seconds_before,
        weeks.week_number
    from spans
    cross join unnest({{ integer_series('spans.first_week', 'spans.last_week') }}) as weeks(week_number)
)

select * from final

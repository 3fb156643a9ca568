-- int_calendar_windows_by_ordinal: each calendar's business windows keyed by the bucket of business-second ordinals they hold, so the window holding an ordinal (an SLA's due time) is found by an equality join, not by testing every window of the calendar.
-- grain: one row per calendar window and ordinal bucket it overlaps
-- A bucket is one second longer than the longest window, so a window overlaps at most two buckets.
-- A window without business time holds no ordinal and is left out.
with windows as (
    select * from {{ ref('calendar_windows') }}
    where window_seconds > 0
),

buckets as (
    select cast(max(window_seconds) + 1 as double) as bucket_seconds from windows
),

keyed as (
    select
        windows.calendar_id, windows.window_start_at, windows.window_seconds, windows.seconds_before, buckets.bucket_seconds,
        floor(windows.seconds_before / buckets.bucket_seconds) as first_bucket,
        floor((windows.seconds_before + windows.window_seconds) / buckets.bucket_seconds) as last_bucket
    from windows
    cross join buckets
),

final as (
    select calendar_id, window_start_at, window_seconds, seconds_before, bucket_seconds, first_bucket as ordinal_bucket from keyed
    union all
    select calendar_id, window_start_at, window_seconds, seconds_before, bucket_seconds, last_bucket as ordinal_bucket from keyed
    where last_bucket <> first_bucket
)

select * from final

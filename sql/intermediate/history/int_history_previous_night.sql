-- int_history_previous_night: the latest night before tonight whose snapshot the history holds, which tonight's figures are compared with.
-- grain: one row (no row before the first snapshot)
-- A re-run of tonight (same as-of day) never compares with its own snapshot: only earlier days count.
with snapshots as (
    select as_of_date from {{ source('history', 'figures') }}
    union
    select as_of_date from {{ source('history', 'records') }}
),

tonight as (
    select cast(as_of_at as date) as as_of_date from {{ ref('run_context') }}
),

final as (
    select max(snapshots.as_of_date) as as_of_date, min(tonight.as_of_date) as tonight_date
    from snapshots
    cross join tonight
    where snapshots.as_of_date < tonight.as_of_date
    having max(snapshots.as_of_date) is not null
)

select * from final

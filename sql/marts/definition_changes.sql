-- definition_changes: the dated change log of the effective definitions (stage maps, SLA targets and calendars, source categories, currency).
-- grain: one row per setting and night it changed (added, removed or given a new value)
-- column changed_on: the first night (as-of day) with the new value
-- column definition_key: the setting, e.g. sla.response_minutes or sla.response_minutes[segment=Enterprise]
-- column area: the figures it can move: funnel, sla, revenue, or all (source categories)
-- column old_value: the value before (empty when the setting was added)
-- column new_value: the value from changed_on (empty when the setting was removed)
-- test not_null: changed_on, definition_key
with nights_definitions as (
    select history.as_of_date, history.definition_key, history.area, history.definition_value
    from {{ source('history', 'definitions') }} as history
    cross join {{ ref('run_context') }} as run_context
    where history.as_of_date < cast(run_context.as_of_at as date)
    union all
    select cast(run_context.as_of_at as date), definitions.definition_key, definitions.area, definitions.definition_value
    from {{ ref('definitions') }} as definitions
    cross join {{ ref('run_context') }} as run_context
),

nights as (
    select distinct as_of_date from nights_definitions
),

settings as (
    select definition_key, max(area) as area from nights_definitions group by definition_key
),

grid as (
    select nights.as_of_date, settings.definition_key, settings.area, nights_definitions.definition_value
    from nights
    cross join settings
    left join nights_definitions on nights_definitions.as_of_date = nights.as_of_date and nights_definitions.definition_key = settings.definition_key
),

sequenced as (
    select
        grid.*,
        lag(grid.definition_value) over (partition by grid.definition_key order by grid.as_of_date) as old_value,
        row_number() over (partition by grid.definition_key order by grid.as_of_date) as night_number
    from grid
),

final as (
    select as_of_date as changed_on, definition_key, area, old_value, definition_value as new_value
    from sequenced
    where night_number > 1 and coalesce(old_value, '') <> coalesce(definition_value, '')
        or night_number > 1 and (old_value is null) <> (definition_value is null)
)

select * from final

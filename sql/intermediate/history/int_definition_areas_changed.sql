-- int_definition_areas_changed: which kinds of definitions (funnel, sla, revenue, all) differ between the previous night and tonight.
-- grain: one row per area with at least one setting added, removed or changed
-- Definitions are kept only for nights they changed: the previous night's are the latest kept at or before it.
with previous_definitions_night as (
    select max(history.as_of_date) as as_of_date
    from {{ source('history', 'definitions') }} as history
    inner join {{ ref('int_history_previous_night') }} as previous_night on history.as_of_date <= previous_night.as_of_date
),

previous_definitions as (
    select history.definition_key, history.area, history.definition_value
    from {{ source('history', 'definitions') }} as history
    inner join previous_definitions_night on previous_definitions_night.as_of_date = history.as_of_date
),

compared as (
    select coalesce(previous_definitions.area, definitions.area) as area
    from previous_definitions
    full outer join {{ ref('definitions') }} as definitions on definitions.definition_key = previous_definitions.definition_key
    where previous_definitions.definition_key is null
        or definitions.definition_key is null
        or previous_definitions.definition_value <> definitions.definition_value
),

final as (
    select distinct area from compared
)

select * from final

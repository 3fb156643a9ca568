-- int_person_scores: each MQL's lead score as of the moment it became an MQL, from score history where the export has it, else the current score (flagged).
-- grain: one row per person who reached MQL and has a score
-- The score at MQL is the new value of the last recorded change at or before mql_at; when every
-- change came later, the old value of the first one. A person without score history gets the
-- current score, and is_score_current_not_historic says so: the score may have moved since.
-- test unique: person_id
-- test not_null: score_at_mql, mql_at
with people as (
    select * from {{ ref('int_people') }}
),

stage_times as (
    select * from {{ ref('int_person_stage_times') }}
    where mql_at is not null
),

changes as (
    select
        changes.*, stage_times.mql_at,
        row_number() over (partition by changes.person_id order by case when changes.changed_at <= stage_times.mql_at then 0 else 1 end,
            case when changes.changed_at <= stage_times.mql_at then changes.changed_at end desc, changes.changed_at, changes.new_score) as change_rank
    from {{ ref('int_score_changes') }} as changes
    inner join stage_times on stage_times.person_id = changes.person_id
),

historic as (
    select
        person_id,
        case when changed_at <= mql_at then new_score else old_score end as score_at_mql
    from changes
    where change_rank = 1
),

final as (
    select
        stage_times.person_id, stage_times.mql_at,
        coalesce(historic.score_at_mql, people.score) as score_at_mql,
        people.score as current_score,
        historic.score_at_mql is null as is_score_current_not_historic
    from stage_times
    inner join people on people.person_id = stage_times.person_id
    left join historic on historic.person_id = stage_times.person_id
    where coalesce(historic.score_at_mql, people.score) is not null
)

select * from final

-- stg_marketo__program_members: the latest membership of each Marketo lead in each program (by updatedAt), with success and its date.
-- grain: one row per lead and program
with source as (
    select * from {{ source('marketo', 'program_member') }}
),

versions as (
    select
        source.*,
        {{ version_rank('lead_id, program_id', 'coalesce(last_modified_at, created_at, membership_at)') }} as version_rank
    from source
),

final as (
    select
        lead_id, program_id, status_name, coalesce(reached_success, false) as has_reached_success,
        reached_success_at, membership_at, created_at
    from versions
    where version_rank = 1
)

select * from final

-- stg_marketo__program_members: the latest membership of each Marketo lead in each program (by updatedAt), with success and its date.
-- grain: one row per lead and program
with versions as (
    select * from {{ latest_versions(source('marketo', 'program_member'), 'lead_id, program_id', 'coalesce(last_modified_at, created_at, membership_at)') }} as latest
),

final as (
    select
        lead_id, program_id, status_name, coalesce(reached_success, false) as has_reached_success,
        reached_success_at, membership_at, created_at
    from versions
)

select * from final

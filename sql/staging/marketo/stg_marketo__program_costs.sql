-- stg_marketo__program_costs: Marketo period costs, each program and month as its newest export states them.
-- grain: one row per program, month and period cost entry
-- Period costs have no id: the newest export holding a program's month replaces what older
-- exports said about that month, and entries within it (several costs in one month) all count.
with source as (
    select * from {{ source('marketo', 'program_cost') }}
),

exports as (
    select
        source.*,
        dense_rank() over (partition by program_id, month order by export_date desc) as export_rank
    from source
),

final as (
    select program_id, month, cost, note
    from exports
    where export_rank = 1
)

select * from final

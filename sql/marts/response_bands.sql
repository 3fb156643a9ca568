-- response_bands: how fast handed-off leads got their first sales touch, and how many of each band became SQL.
-- grain: one row per month (of handoff) and response band
-- column month: first day of the handoff month
-- column band: under 5 min, 5 to 15 min, 15 to 60 min, 1 to 4 h, 4 to 24 h, over 24 h (business time) or never
-- column band_order: sort order of the band, fastest first
-- column leads: handed-off leads whose response fell in the band (pending leads, still inside the SLA, are left out)
-- column sqls: of those, leads that reached SQL
-- column conversion_rate: sqls / leads (cohort view: of the leads handed off that month)
-- test accepted_range: leads, sqls >= 0
-- test accepted_range: conversion_rate between 0 and 1
-- test expression_is_true: sqls <= leads
with leads as (
    select * from {{ ref('leads') }}
    where handoff_at is not null and response_sla_status <> 'pending'
),

banded as (
    select leads.*, leads.response_band as band
    from leads
),

final as (
    select
        {{ month_of('banded.handoff_at') }} as month,
        banded.band,
        case banded.band
            when 'under 5 min' then 1 when '5 to 15 min' then 2 when '15 to 60 min' then 3
            when '1 to 4 h' then 4 when '4 to 24 h' then 5 when 'over 24 h' then 6 else 7
        end as band_order,
        count(*) as leads,
        sum(case when banded.sql_at is not null then 1 else 0 end) as sqls,
        cast(sum(case when banded.sql_at is not null then 1 else 0 end) as double) / count(*) as conversion_rate
    from banded
    group by {{ month_of('banded.handoff_at') }}, banded.band
)

select * from final

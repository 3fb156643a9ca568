-- response_bands: how fast handed-off leads got their first sales touch, and how many of each band became SQL.
-- grain: one row per month (of handoff) and response band
-- column month: first day of the handoff month
-- column band: under 5 min, 5 to 15 min, 15 to 60 min, 1 to 4 h, 4 to 24 h, over 24 h (business time) or never
-- column band_order: sort order of the band, fastest first
-- column leads: handed-off leads whose response fell in the band (pending leads, still inside the SLA, are left out)
-- column sqls: of those, leads that reached SQL
-- column conversion_rate: sqls / leads (cohort view: of the leads handed off that month)
with leads as (
    select * from {{ ref('leads') }}
    where handoff_at is not null and response_sla_status <> 'pending'
),

banded as (
    select
        leads.*,
        case
            when leads.first_sales_touch_at is null then 'never'
            when leads.response_sla_business_minutes < 5 then 'under 5 min'
            when leads.response_sla_business_minutes < 15 then '5 to 15 min'
            when leads.response_sla_business_minutes < 60 then '15 to 60 min'
            when leads.response_sla_business_minutes < 240 then '1 to 4 h'
            when leads.response_sla_business_minutes < 1440 then '4 to 24 h'
            else 'over 24 h'
        end as band
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

-- int_person_sla_results: each person's four SLA results side by side.
-- grain: one row per handed-off or MQL person
with measured as (
    select * from {{ ref('int_sla_clocks_measured') }}
),

final as (
    select
        person_id,
        max(case when sla = 'routing' then business_minutes end) as routing_sla_business_minutes,
        max(case when sla = 'routing' then due_at end) as routing_sla_due_at,
        max(case when sla = 'routing' then target_minutes end) as routing_sla_target_minutes,
        max(case when sla = 'routing' then status end) as routing_sla_status,
        max(case when sla = 'response' then done_at end) as first_sales_touch_at,
        max(case when sla = 'response' then business_minutes end) as response_sla_business_minutes,
        max(case when sla = 'response' then due_at end) as response_sla_due_at,
        max(case when sla = 'response' then target_minutes end) as response_sla_target_minutes,
        max(case when sla = 'response' then status end) as response_sla_status,
        -- Banded from exact business seconds: 4.98 minutes rounded to 5.0 is still under 5 minutes.
        max(case when sla = 'response' then
            case
                when done_at is null then 'never'
                when business_seconds < 5 * 60 then 'under 5 min'
                when business_seconds < 15 * 60 then '5 to 15 min'
                when business_seconds < 60 * 60 then '15 to 60 min'
                when business_seconds < 240 * 60 then '1 to 4 h'
                when business_seconds < 1440 * 60 then '4 to 24 h'
                else 'over 24 h'
            end
        end) as response_band,
        max(case when sla = 'disposition' then business_minutes end) as disposition_sla_business_minutes,
        max(case when sla = 'disposition' then due_at end) as disposition_sla_due_at,
        max(case when sla = 'disposition' then target_minutes end) as disposition_sla_target_minutes,
        max(case when sla = 'disposition' then status end) as disposition_sla_status,
        max(case when sla = 'partner_response' then business_minutes end) as partner_response_sla_business_minutes,
        max(case when sla = 'partner_response' then due_at end) as partner_response_sla_due_at,
        max(case when sla = 'partner_response' then target_minutes end) as partner_response_sla_target_minutes,
        max(case when sla = 'partner_response' then status end) as partner_response_sla_status
    from measured
    group by person_id
)

select * from final

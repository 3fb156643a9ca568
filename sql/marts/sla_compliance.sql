-- sla_compliance: follow-up SLA compliance by month, SLA and owner (with team and partner).
-- grain: one row per month (of the clock's start), SLA and owner
-- column month: first day of the month the SLA clock started (MQL for routing, handoff for the rest)
-- column sla: routing, response, disposition or partner_response
-- column owner_id: the handoff owner
-- column owner_name: the handoff owner's name
-- column team: the owner's team
-- column partner_name: the owner's partner company, for partner reps
-- column handed_off: clocks started (leads handed off; MQLs for routing)
-- column met: done within the target
-- column late: done after the target
-- column breached: not done and past the target at the export time
-- column pending: not done, still within the target
-- column rejected_untouched: response clocks of leads rejected or recycled without a contact attempt before the deadline: not judged, counted apart
-- column compliance: met / (met + late + breached); pending leads are not judged yet, nor leads rejected without a contact attempt
-- column median_business_minutes: median business minutes of the clocks that were done
-- column p90_business_minutes: 90th percentile business minutes of the clocks that were done
-- column never_done: clocks not done at the export time (for response: leads never touched)
-- test not_null: month, sla
-- test accepted_values: sla in routing, response, disposition, partner_response
-- test accepted_range: handed_off, met, late, breached, pending, rejected_untouched, never_done >= 0
-- test expression_is_true: met + late + breached + pending + rejected_untouched = handed_off
-- test accepted_range: compliance between 0 and 1
-- test accepted_range: median_business_minutes, p90_business_minutes >= 0
with measured as (
    select * from {{ ref('int_sla_clocks_measured') }}
),

leads as (
    select person_id, handoff_owner_id, handoff_owner_name, team, partner_name from {{ ref('leads') }}
),

final as (
    select
        {{ month_of('measured.started_at') }} as month,
        measured.sla,
        leads.handoff_owner_id as owner_id,
        leads.handoff_owner_name as owner_name,
        leads.team,
        leads.partner_name,
        count(*) as handed_off,
        sum(case when measured.status = 'met' then 1 else 0 end) as met,
        sum(case when measured.status = 'late' then 1 else 0 end) as late,
        sum(case when measured.status = 'breached' then 1 else 0 end) as breached,
        sum(case when measured.status = 'pending' then 1 else 0 end) as pending,
        sum(case when measured.status = 'rejected_untouched' then 1 else 0 end) as rejected_untouched,
        cast(sum(case when measured.status = 'met' then 1 else 0 end) as double)
            / nullif(sum(case when measured.status in ('met', 'late', 'breached') then 1 else 0 end), 0) as compliance,
        {{ percentile("case when measured.done_at is not null then measured.business_minutes end", 0.5) }} as median_business_minutes,
        {{ percentile("case when measured.done_at is not null then measured.business_minutes end", 0.9) }} as p90_business_minutes,
        sum(case when measured.done_at is null then 1 else 0 end) as never_done
    from measured
    inner join leads on leads.person_id = measured.person_id
    where measured.started_at is not null
    group by {{ month_of('measured.started_at') }}, measured.sla, leads.handoff_owner_id, leads.handoff_owner_name, leads.team, leads.partner_name
)

select * from final

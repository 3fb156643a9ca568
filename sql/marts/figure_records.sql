-- figure_records: the leads and opportunities behind each monthly figure, so a changed figure can name who entered or left it.
-- grain: one row per metric, month, breakdown and record
-- column as_of_date: the night's as-of day, which the history files these records under
-- column metric: the figure's metric, as in monthly_figures
-- column month: first day of the month the record counts in
-- column breakdown: the figure's source category, team or campaign id, as in monthly_figures
-- column record_kind: lead (a person) or opportunity
-- column record_id: the person's id (as leads.person_id) or the opportunity's id
-- column dated_at: the time that puts the record in the month (stage time, handoff time or close date)
-- column amount: what the record adds to the figure (1 for a count; for revenue_won the amount in the reporting currency; for a campaign's money its credited share under the default model; for a rate 1 when the record counts as a success, else 0; for response_median_minutes its business minutes)
-- column business_minutes: for SLA figures, the business minutes the clock ran, so a changed target can be told from a changed lead
-- test not_null: as_of_date, metric, month, breakdown, record_kind, record_id, amount
-- test accepted_values: record_kind in lead, opportunity
with run_context as (
    select cast(as_of_at as date) as as_of_date from {{ ref('run_context') }}
),

stage_events as (
    select * from {{ ref('int_stage_events') }}
),

people as (
    select * from {{ ref('int_people') }}
),

won as (
    select * from {{ ref('int_opportunities') }}
    where is_closed and is_won and close_date is not null
),

response_clocks as (
    select measured.person_id, measured.started_at, measured.status, measured.business_minutes, coalesce(leads.team, 'No team') as team
    from {{ ref('int_sla_clocks_measured') }} as measured
    inner join {{ ref('leads') }} as leads on leads.person_id = measured.person_id
    where measured.sla = 'response' and measured.started_at is not null
),

funnel as (
    select
        concat(stage_events.stage, 's') as metric, {{ month_of('stage_events.reached_at') }} as month, people.source_category as breakdown,
        'lead' as record_kind, stage_events.person_id as record_id, stage_events.reached_at as dated_at,
        cast(1 as double) as amount, cast(null as double) as business_minutes
    from stage_events
    inner join people on people.person_id = stage_events.person_id
    where stage_events.stage in ('mql', 'sal', 'sql')
    union all
    select 'inquiries', {{ month_of('stage_events.reached_at') }}, people.source_category, 'lead', stage_events.person_id, stage_events.reached_at, cast(1 as double), cast(null as double)
    from stage_events
    inner join people on people.person_id = stage_events.person_id
    where stage_events.stage = 'inquiry'
),

revenue as (
    select 'opportunities_won' as metric, {{ month_of('cast(close_date as timestamp)') }} as month, source_category as breakdown,
        'opportunity' as record_kind, opportunity_id as record_id, cast(close_date as timestamp) as dated_at, cast(1 as double) as amount, cast(null as double) as business_minutes
    from won
    union all
    select 'revenue_won', {{ month_of('cast(close_date as timestamp)') }}, source_category,
        'opportunity', opportunity_id, cast(close_date as timestamp), cast(coalesce(amount, 0) as double), cast(null as double)
    from won
),

response as (
    select 'response_handed_off' as metric, {{ month_of('started_at') }} as month, team as breakdown,
        'lead' as record_kind, person_id as record_id, started_at as dated_at, cast(1 as double) as amount, cast(business_minutes as double) as business_minutes
    from response_clocks
    union all
    select concat('response_', status), {{ month_of('started_at') }}, team, 'lead', person_id, started_at, cast(1 as double), cast(business_minutes as double)
    from response_clocks
    where status in ('met', 'late', 'breached')
),

-- Rates and medians: each judged record once, adding 1 or 0 to the rate (or its minutes to the median).
rates as (
    select 'response_compliance' as metric, {{ month_of('started_at') }} as month, team as breakdown, 'lead' as record_kind, person_id as record_id,
        started_at as dated_at, cast(case when status = 'met' then 1 else 0 end as double) as amount, cast(business_minutes as double) as business_minutes
    from response_clocks
    where status in ('met', 'late', 'breached')
    union all
    select 'response_median_minutes', {{ month_of('started_at') }}, team, 'lead', person_id, started_at, cast(business_minutes as double), cast(business_minutes as double)
    from response_clocks
    where status in ('met', 'late')
    union all
    select 'mql_to_sql_rate', {{ month_of('stage_times.mql_at') }}, people.source_category, 'lead', stage_times.person_id, stage_times.mql_at,
        cast(case when stage_times.sql_at is not null then 1 else 0 end as double), cast(null as double)
    from {{ ref('int_person_stage_times') }} as stage_times
    inner join people on people.person_id = stage_times.person_id
    where stage_times.mql_at is not null
),

final as (
    select * from funnel
    union all
    select * from revenue
    union all
    select * from response
    union all
    select * from rates
    union all
    select * from {{ ref('int_campaign_figure_records') }}
)

select run_context.as_of_date, final.* from final
cross join run_context

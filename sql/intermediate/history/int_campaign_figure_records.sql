-- int_campaign_figure_records: the leads and opportunities behind each campaign's monthly figures under the default attribution model, so a restated campaign figure can name them.
-- grain: one row per campaign metric, month, campaign and record
-- The default model is the one the site judges campaigns by (linear). A person counts in a campaign's leads in the
-- month of their first response to it, and in its MQLs and SQLs in the month they reached the stage; an opportunity
-- adds its credited pipeline in the month it was created and its credited revenue in the month it closed won. The
-- records of a month's ROI are those of its revenue, where the month has a cost to divide by.
with first_responses as (
    select campaign_id, person_id, min(touched_at) as first_touched_at
    from {{ ref('int_marketing_touches') }}
    where campaign_id is not null
    group by campaign_id, person_id
),

stage_times as (
    select * from {{ ref('int_person_stage_times') }}
),

credited as (
    select attribution.campaign_id, attribution.opportunity_id, attribution.attributed_pipeline, attribution.attributed_revenue,
        attribution.is_won, opportunities.created_at, cast(opportunities.close_date as timestamp) as closed_at
    from {{ ref('attribution') }} as attribution
    inner join {{ ref('int_opportunities') }} as opportunities on opportunities.opportunity_id = attribution.opportunity_id
    where attribution.model = 'linear' and attribution.campaign_id is not null and attribution.weight > 0
),

costed_months as (
    select campaign_id, month from {{ ref('campaign_costs_monthly') }} where cost > 0
),

people as (
    select 'campaign_leads' as metric, {{ month_of('first_touched_at') }} as month, campaign_id as breakdown,
        'lead' as record_kind, person_id as record_id, first_touched_at as dated_at, cast(1 as double) as amount
    from first_responses
    union all
    select 'campaign_mqls', {{ month_of('stage_times.mql_at') }}, first_responses.campaign_id, 'lead', first_responses.person_id, stage_times.mql_at, cast(1 as double)
    from first_responses
    inner join stage_times on stage_times.person_id = first_responses.person_id
    where stage_times.mql_at is not null
    union all
    select 'campaign_sqls', {{ month_of('stage_times.sql_at') }}, first_responses.campaign_id, 'lead', first_responses.person_id, stage_times.sql_at, cast(1 as double)
    from first_responses
    inner join stage_times on stage_times.person_id = first_responses.person_id
    where stage_times.sql_at is not null
),

money as (
    select 'campaign_pipeline' as metric, {{ month_of('created_at') }} as month, campaign_id as breakdown,
        'opportunity' as record_kind, opportunity_id as record_id, created_at as dated_at, cast(attributed_pipeline as double) as amount
    from credited
    union all
    select 'campaign_revenue_won', {{ month_of('closed_at') }}, campaign_id, 'opportunity', opportunity_id, closed_at, cast(attributed_revenue as double)
    from credited
    where is_won and closed_at is not null
),

roi as (
    select 'campaign_roi' as metric, money.month, money.breakdown, money.record_kind, money.record_id, money.dated_at, money.amount
    from money
    inner join costed_months on costed_months.campaign_id = money.breakdown and costed_months.month = money.month
    where money.metric = 'campaign_revenue_won'
),

final as (
    select people.*, cast(null as double) as business_minutes from people
    union all
    select money.*, cast(null as double) from money
    union all
    select roi.*, cast(null as double) from roi
)

select * from final

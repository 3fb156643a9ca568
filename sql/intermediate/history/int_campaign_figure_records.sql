-- int_campaign_figure_records: the leads and opportunities behind each campaign's monthly figures under the default attribution model, so a restated campaign figure can name them.
-- grain: one row per campaign metric, month, campaign and record
-- materialized: view
-- The default model is the one the site judges campaigns by (linear). A person counts in a campaign's leads in the
-- month of their first response to it, and in its MQLs and SQLs in the month they reached the stage; an opportunity
-- adds its credited pipeline in the month it was created and its credited revenue in the month it closed won. The
-- records of a month's ROI are those of its revenue, where the month has a cost to divide by. The people and their
-- first responses come from campaign_people, which holds them already.
with responded as (
    select * from {{ ref('campaign_people') }}
    where campaign_id is not null
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
    select 'campaign_leads' as metric, {{ month_of('first_response_at') }} as month, campaign_id as breakdown,
        'lead' as record_kind, person_id as record_id, first_response_at as dated_at, cast(1 as double) as amount
    from responded
    union all
    select 'campaign_mqls', {{ month_of('mql_at') }}, campaign_id, 'lead', person_id, mql_at, cast(1 as double)
    from responded
    where mql_at is not null
    union all
    select 'campaign_sqls', {{ month_of('sql_at') }}, campaign_id, 'lead', person_id, sql_at, cast(1 as double)
    from responded
    where sql_at is not null
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

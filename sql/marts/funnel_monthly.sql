-- funnel_monthly: period view of the funnel: how many people reached each stage in each month.
-- grain: one row per month and source category
-- column month: first day of the month (UTC)
-- column source_category: marketing, sales, partner or unknown
-- column inquiries: people whose inquiry (first marketing response) fell in the month
-- column mqls: people who became MQL in the month
-- column sals: people sales accepted in the month
-- column sqls: people sales qualified in the month
-- column won: people whose first won opportunity closed in the month
-- column rejected: people sales rejected in the month
-- column recycled: people sent back to nurture in the month
-- column lost: people whose first lost opportunity closed in the month
-- column inferred_stages: stage times in these counts that were inferred rather than observed
-- column activity_only: people whose inquiry fell in the month and who never became MQL (activity, not leads)
-- column first_conversations: people whose first sales touch fell in the month
-- column mql_target: marketing's MQL target for the month (all source categories; from config)
-- test not_null: month, source_category
-- test accepted_range: inquiries, mqls, sals, sqls, won, rejected, recycled, lost, inferred_stages, activity_only, first_conversations, mql_target >= 0
with stage_events as (
    select * from {{ ref('int_stage_events') }}
),

people as (
    select * from {{ ref('int_people') }}
),

mql_targets as (
    select * from {{ ref('mql_targets') }}
),

activity as (
    select
        {{ month_of('stage_times.inquiry_at') }} as month, people.source_category,
        sum(case when stage_times.mql_at is null then 1 else 0 end) as activity_only
    from {{ ref('int_person_stage_times') }} as stage_times
    inner join people on people.person_id = stage_times.person_id
    where stage_times.inquiry_at is not null
    group by {{ month_of('stage_times.inquiry_at') }}, people.source_category
),

conversations as (
    select {{ month_of('first_touches.first_touch_at') }} as month, people.source_category, count(*) as first_conversations
    from (select person_id, min(touched_at) as first_touch_at from {{ ref('int_sales_touches') }} group by person_id) as first_touches
    inner join people on people.person_id = first_touches.person_id
    group by {{ month_of('first_touches.first_touch_at') }}, people.source_category
),

stages as (
    select
        {{ month_of('stage_events.reached_at') }} as month,
        people.source_category,
        sum(case when stage_events.stage = 'inquiry' then 1 else 0 end) as inquiries,
        sum(case when stage_events.stage = 'mql' then 1 else 0 end) as mqls,
        sum(case when stage_events.stage = 'sal' then 1 else 0 end) as sals,
        sum(case when stage_events.stage = 'sql' then 1 else 0 end) as sqls,
        sum(case when stage_events.stage = 'won' then 1 else 0 end) as won,
        sum(case when stage_events.stage = 'rejected' then 1 else 0 end) as rejected,
        sum(case when stage_events.stage = 'recycled' then 1 else 0 end) as recycled,
        sum(case when stage_events.stage = 'lost' then 1 else 0 end) as lost,
        sum(case when stage_events.evidence = 'inferred' then 1 else 0 end) as inferred_stages
    from stage_events
    inner join people on people.person_id = stage_events.person_id
    group by {{ month_of('stage_events.reached_at') }}, people.source_category
),

final as (
    select
        stages.*,
        coalesce(activity.activity_only, 0) as activity_only,
        coalesce(conversations.first_conversations, 0) as first_conversations,
        mql_targets.mql_target
    from stages
    left join activity on activity.month = stages.month and activity.source_category = stages.source_category
    left join conversations on conversations.month = stages.month and conversations.source_category = stages.source_category
    left join mql_targets on mql_targets.month = stages.month
)

select * from final

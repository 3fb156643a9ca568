-- revenue_monthly: pipeline created and revenue won by month and by who sourced it, with win rates and cycle time.
-- grain: one row per month and source category
-- column month: first day of the month (opportunities created in it, or closed in it)
-- column source_category: marketing, sales, partner or unknown (who sourced the opportunity)
-- column opportunities_created: opportunities created in the month
-- column pipeline_created: amount of the opportunities created in the month, in the reporting currency
-- column opportunities_won: opportunities closed won with their close date in the month
-- column opportunities_lost: opportunities closed lost with their close date in the month
-- column revenue_won: amount of the opportunities won in the month, in the reporting currency
-- column win_rate_count: won / (won + lost) among opportunities closed in the month
-- column win_rate_amount: won amount / closed amount among opportunities closed in the month
-- column median_cycle_days: median days from the creation date to the close date of the opportunities won in the month (a same-day close is 0; a close dated before creation is a data anomaly, left out)
-- test not_null: month, source_category
-- test accepted_range: opportunities_created, opportunities_won, opportunities_lost >= 0
-- test accepted_range: win_rate_count, win_rate_amount between 0 and 1
-- test accepted_range: median_cycle_days >= 0
with opportunities as (
    select
        int_opportunities.*,
        -- Dates against dates: the close date has no time, so the creation instant is cut to its day.
        case when int_opportunities.close_date >= cast(int_opportunities.created_at as date) then
            {{ seconds_between('cast(cast(int_opportunities.created_at as date) as timestamp)', 'cast(int_opportunities.close_date as timestamp)') }} / 86400
        end as cycle_days
    from {{ ref('int_opportunities') }} as int_opportunities
),

created as (
    select
        {{ month_of('opportunities.created_at') }} as month, opportunities.source_category,
        count(*) as opportunities_created, sum(opportunities.amount) as pipeline_created
    from opportunities
    -- An export without a creation date for a deal (a HubSpot view without Create Date) leaves it out; data health says so.
    where opportunities.created_at is not null
    group by {{ month_of('opportunities.created_at') }}, opportunities.source_category
),

closed as (
    select
        {{ month_of('cast(opportunities.close_date as timestamp)') }} as month, opportunities.source_category,
        sum(case when opportunities.is_won then 1 else 0 end) as opportunities_won,
        sum(case when opportunities.is_won then 0 else 1 end) as opportunities_lost,
        sum(case when opportunities.is_won then opportunities.amount else 0 end) as revenue_won,
        sum(opportunities.amount) as closed_amount,
        {{ percentile('case when opportunities.is_won then opportunities.cycle_days end', 0.5) }} as median_cycle_days
    from opportunities
    where opportunities.is_closed and opportunities.close_date is not null
    group by {{ month_of('cast(opportunities.close_date as timestamp)') }}, opportunities.source_category
),

months as (
    select month, source_category from created
    union
    select month, source_category from closed
),

final as (
    select
        months.month, months.source_category,
        coalesce(created.opportunities_created, 0) as opportunities_created,
        coalesce(created.pipeline_created, 0) as pipeline_created,
        coalesce(closed.opportunities_won, 0) as opportunities_won,
        coalesce(closed.opportunities_lost, 0) as opportunities_lost,
        coalesce(closed.revenue_won, 0) as revenue_won,
        cast(closed.opportunities_won as double) / nullif(closed.opportunities_won + closed.opportunities_lost, 0) as win_rate_count,
        cast(closed.revenue_won as double) / nullif(closed.closed_amount, 0) as win_rate_amount,
        closed.median_cycle_days
    from months
    left join created on created.month = months.month and created.source_category = months.source_category
    left join closed on closed.month = months.month and closed.source_category = months.source_category
)

select * from final

-- loss_reasons: why deals are lost, by the month they closed and who sourced them: the other half of "why sales says no".
-- grain: one row per close month, source category and reason
-- column month: first day of the month the opportunities closed lost
-- column source_category: marketing, sales, partner or unknown (who sourced the opportunities)
-- column reason: the loss reason recorded (HubSpot's Closed Lost Reason, a Salesforce loss-reason field, a mapped loss_reason), or "No reason given"
-- column lost: opportunities closed lost
-- column lost_amount: their amount in the reporting currency
-- column example_opportunity_ids: up to three example opportunities
-- test not_null: month, source_category, reason
-- test accepted_range: lost, lost_amount >= 0
with lost as (
    select
        int_opportunities.*,
        {{ month_of('cast(int_opportunities.close_date as timestamp)') }} as month,
        coalesce(nullif(trim(int_opportunities.loss_reason), ''), 'No reason given') as reason
    from {{ ref('int_opportunities') }} as int_opportunities
    where int_opportunities.is_closed and not int_opportunities.is_won and int_opportunities.close_date is not null
),

ranked as (
    select
        lost.*,
        row_number() over (partition by lost.month, lost.source_category, lost.reason order by lost.close_date desc, lost.opportunity_id) as example_rank
    from lost
),

final as (
    select
        month, source_category, reason,
        count(*) as lost,
        coalesce(sum(amount), 0) as lost_amount,
        {{ string_agg_sorted('case when example_rank <= 3 then opportunity_id end') }} as example_opportunity_ids
    from ranked
    group by month, source_category, reason
)

select * from final

-- attribution: how much of each opportunity's pipeline and revenue each campaign earns under each attribution model.
-- grain: one row per opportunity, campaign and attribution model (one Unattributed row, campaign_id null, for an opportunity the model cannot credit)
-- Each row is rounded to the cent and each opportunity's rounding remainder goes to its
-- largest-weight row (earliest touch on a tie), so for every model the rows sum exactly to the
-- opportunities' amounts and won amounts.
-- column opportunity_id: the Salesforce opportunity
-- column opportunity_name: the opportunity's name in the export (null when it has none)
-- column amount: the opportunity's whole amount in the reporting currency (the campaign's share is attributed_pipeline)
-- column model: first_touch, last_touch, linear, u_shaped, w_shaped or full_path
-- column campaign_id: the campaign credited; null on the Unattributed row
-- column campaign_name: the campaign's name, or 'Unattributed' for an opportunity without a touch this model can credit
-- column campaign_type: the campaign's type (channel), null on the Unattributed row
-- column touches: how many of the campaign's touches in the opportunity's journey this model credits (0 when unattributed)
-- column weight: the campaign's share of the opportunity under this model, between 0 and 1; an opportunity's weights sum to 1
-- column attributed_pipeline: amount × weight in the reporting currency, rounded to the cent with the remainder on the largest row
-- column attributed_revenue: the same for closed-won opportunities; 0 for open and lost ones
-- column is_closed: whether the opportunity is closed (won or lost)
-- column is_won: whether the opportunity is closed won
-- column opportunity_month: first day of the month the opportunity was created
-- column close_month: first day of the month of the close date (the expected close for open opportunities)
-- column source_category: who sourced the opportunity: marketing, sales, partner or unknown
-- test accepted_range: weight between 0 and 1.000001
-- test accepted_range: touches >= 0
with campaign_weights as (
    select * from {{ ref('int_attribution_campaign_weights') }}
),

opportunities as (
    select * from {{ ref('int_opportunities') }}
),

campaigns as (
    select * from {{ ref('int_campaigns') }}
),

amounts as (
    select
        campaign_weights.*,
        opportunities.opportunity_name, opportunities.amount, opportunities.is_closed, opportunities.is_won, opportunities.created_at,
        opportunities.close_date, opportunities.source_category,
        case when opportunities.is_won then opportunities.amount else cast(0 as decimal(20, 2)) end as won_amount
    from campaign_weights
    inner join opportunities on opportunities.opportunity_id = campaign_weights.opportunity_id
),

rounded as (
    select
        amounts.*,
        cast(round(amounts.amount * amounts.weight, 2) as decimal(20, 2)) as rounded_pipeline,
        cast(round(amounts.won_amount * amounts.weight, 2) as decimal(20, 2)) as rounded_revenue,
        row_number() over (
            partition by amounts.opportunity_id, amounts.model
            order by round(amounts.weight, 9) desc, amounts.first_touch_number
        ) as weight_rank
    from amounts
),

balanced as (
    select
        rounded.*,
        rounded.rounded_pipeline + case when rounded.weight_rank = 1
            then rounded.amount - sum(rounded.rounded_pipeline) over (partition by rounded.opportunity_id, rounded.model)
            else 0 end as attributed_pipeline,
        rounded.rounded_revenue + case when rounded.weight_rank = 1
            then rounded.won_amount - sum(rounded.rounded_revenue) over (partition by rounded.opportunity_id, rounded.model)
            else 0 end as attributed_revenue
    from rounded
),

final as (
    select
        balanced.opportunity_id,
        balanced.opportunity_name,
        cast(balanced.amount as decimal(20, 2)) as amount,
        balanced.model,
        balanced.campaign_id,
        case when balanced.campaign_id is null then 'Unattributed' else campaigns.campaign_name end as campaign_name,
        campaigns.campaign_type,
        balanced.touches,
        balanced.weight,
        cast(balanced.attributed_pipeline as decimal(20, 2)) as attributed_pipeline,
        cast(balanced.attributed_revenue as decimal(20, 2)) as attributed_revenue,
        balanced.is_closed,
        balanced.is_won,
        {{ month_of('balanced.created_at') }} as opportunity_month,
        {{ month_of('cast(balanced.close_date as timestamp)') }} as close_month,
        balanced.source_category
    from balanced
    left join campaigns on campaigns.campaign_id = balanced.campaign_id
)

select * from final

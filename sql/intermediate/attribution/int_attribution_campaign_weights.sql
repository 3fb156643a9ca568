-- int_attribution_campaign_weights: each opportunity's credit per campaign and model, with its unattributed remainder.
-- grain: one row per opportunity, campaign and attribution model; campaign_id null for an opportunity the model cannot credit
-- Touches of the same campaign are merged. An opportunity with no touch the model can credit gets
-- one row with a null campaign and weight 1, so every opportunity's weights sum to 1 in every model.
-- Weights are summed in decimal (exact, so independent of the order the rows are added in).
with touch_weights as (
    select * from {{ ref('int_attribution_touch_weights') }}
),

opportunities as (
    select * from {{ ref('int_opportunities') }}
),

models as (
    select * from {{ ref('int_attribution_models') }}
),

by_campaign as (
    select
        touch_weights.opportunity_id,
        touch_weights.model,
        touch_weights.campaign_id,
        count(*) as touches,
        min(touch_weights.touch_number) as first_touch_number,
        cast(sum(cast(touch_weights.weight as decimal(38, 18))) as double) as weight
    from touch_weights
    group by touch_weights.opportunity_id, touch_weights.model, touch_weights.campaign_id
),

credited as (
    select distinct by_campaign.opportunity_id, by_campaign.model
    from by_campaign
),

unattributed as (
    select
        opportunities.opportunity_id,
        models.model,
        cast(null as varchar) as campaign_id,
        cast(0 as bigint) as touches,
        cast(null as bigint) as first_touch_number,
        cast(1.0 as double) as weight
    from opportunities
    cross join models
    left join credited on credited.opportunity_id = opportunities.opportunity_id and credited.model = models.model
    where credited.opportunity_id is null
),

final as (
    select * from by_campaign
    union all
    select * from unattributed
)

select * from final

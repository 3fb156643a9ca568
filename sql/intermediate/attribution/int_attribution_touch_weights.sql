-- int_attribution_touch_weights: the share of each opportunity's credit each touch earns under each attribution model.
-- grain: one row per opportunity, touch and attribution model, for touches the model credits
-- Milestone shares on the same touch add up; shares with no touch to go to (a missing milestone,
-- no touches to spread over) are dropped and the rest scaled so each opportunity's weights sum to 1.
-- An opportunity with no touch a model can credit has no rows here for that model (unattributed).
-- Sums run in decimal, which is exact, so the weights do not depend on the order the engine adds
-- the rows in (a double sum did: two nights differed in the last digit).
with touches as (
    select * from {{ ref('int_opportunity_touches') }}
),

milestones as (
    select * from {{ ref('int_opportunity_milestones') }}
),

models as (
    select * from {{ ref('int_attribution_models') }}
),

flagged as (
    select
        touches.opportunity_id, touches.touch_id, touches.campaign_id, touches.touch_number, touches.touched_at,
        touches.touch_number = milestones.ft_touch_number as is_first_touch,
        coalesce(touches.touch_number = milestones.lc_touch_number, false) as is_lead_creation_touch,
        coalesce(touches.touch_number = milestones.oc_touch_number, false) as is_opportunity_creation_touch,
        coalesce(touches.touch_number = milestones.cw_touch_number, false) as is_closed_won_touch,
        milestones.ft_touch_number, milestones.lc_touch_number, milestones.oc_touch_number
    from touches
    inner join milestones on milestones.opportunity_id = touches.opportunity_id
),

spread as (
    select
        flagged.*,
        models.model, models.ft_share, models.lc_share, models.oc_share, models.cw_share, models.spread_share,
        case models.spread_over
            when 'all' then true
            when 'between_ft_and_lc' then coalesce(flagged.touch_number > flagged.ft_touch_number and flagged.touch_number < flagged.lc_touch_number, false)
            when 'others_up_to_oc' then (
                coalesce(flagged.touch_number <= flagged.oc_touch_number, false)
                and not (flagged.is_first_touch or flagged.is_lead_creation_touch or flagged.is_opportunity_creation_touch)
            )
            when 'others' then not (
                flagged.is_first_touch or flagged.is_lead_creation_touch
                or flagged.is_opportunity_creation_touch or flagged.is_closed_won_touch
            )
            else false
        end as is_spread_touch
    from flagged
    cross join models
),

-- How many touches share each opportunity's spread under each model: a grouped count joined back, which the engines
-- run as hash aggregates where a window over (opportunity, model) partitioned all 7.6 million rows of a
-- 1,000,000-lead company.
spread_counts as (
    select opportunity_id, model, sum(case when is_spread_touch then 1 else 0 end) as spread_touches
    from spread
    group by opportunity_id, model
),

raw_weights as (
    select
        spread.*,
        (case when spread.is_first_touch then spread.ft_share else 0.0 end)
        + (case when spread.is_lead_creation_touch then spread.lc_share else 0.0 end)
        + (case when spread.is_opportunity_creation_touch then spread.oc_share else 0.0 end)
        + (case when spread.is_closed_won_touch then spread.cw_share else 0.0 end)
        + (case when spread.is_spread_touch
            then spread.spread_share / spread_counts.spread_touches
            else 0.0 end) as raw_weight
    from spread
    inner join spread_counts on spread_counts.opportunity_id = spread.opportunity_id and spread_counts.model = spread.model
),

credited as (
    select * from raw_weights where raw_weight > 0
),

totals as (
    select opportunity_id, model, sum(cast(raw_weight as decimal(38, 18))) as total_weight
    from credited
    group by opportunity_id, model
),

final as (
    select
        credited.opportunity_id, credited.model, credited.touch_id, credited.campaign_id,
        credited.touch_number, credited.touched_at,
        credited.is_first_touch, credited.is_lead_creation_touch,
        credited.is_opportunity_creation_touch, credited.is_closed_won_touch,
        credited.raw_weight / cast(totals.total_weight as double) as weight
    from credited
    inner join totals on totals.opportunity_id = credited.opportunity_id and totals.model = credited.model
)

select * from final

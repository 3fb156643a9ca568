-- int_deal_outcomes_from_hubspot: whether each HubSpot deal is won, lost or open, and when it entered its current stage.
-- grain: one row per HubSpot deal
-- HubSpot's own outcome columns decide first (Is Closed Won, Is closed lost, Is Closed, or their
-- "(numeric)" forms: a closed deal that is not won is lost). A view export may carry none of
-- them: then the deal stage map decides (stage_map, source hubspot_deal_stage: Closed Won / Lost
-- by default, custom stages such as Paid from config), matched on `<stage> (<pipeline>)` first,
-- then on the stage alone, after trimming and collapsing spaces (`Closed Lost ` is Closed Lost).
-- Last, a closed deal with probability 1 is won. Anything else is open.
with deals as (
    select
        stg_hubspot__deals.*,
        lower({{ squish('stage_name') }}) as stage_key,
        lower({{ squish('pipeline') }}) as pipeline_key,
        coalesce(is_won, is_won_numeric = 1) as won_flag,
        coalesce(is_closed, is_closed_numeric = 1) as closed_flag
    from {{ ref('stg_hubspot__deals') }} as stg_hubspot__deals
),

deal_stage_map as (
    select status_value, stage as outcome from {{ ref('stage_map') }}
    where source = 'hubspot_deal_stage'
),

entries as (
    select * from {{ ref('int_deal_stage_entries_from_hubspot') }}
),

current_stage_entries as (
    select deals.deal_id, max(entries.entered_at) as entered_current_stage_at
    from deals
    inner join entries on entries.deal_id = deals.deal_id and entries.stage_key = deals.stage_key
        and (entries.pipeline_key is null or deals.pipeline_key is null or entries.pipeline_key = deals.pipeline_key)
    group by deals.deal_id
),

flagged as (
    select
        deals.*,
        case
            when deals.won_flag then 'won'
            when deals.is_lost then 'lost'
            when deals.closed_flag and deals.won_flag is not null then 'lost'
            when deals.closed_flag = false then 'open'
            when deals.won_flag = false and deals.is_lost = false then 'open'
        end as outcome_from_flags,
        coalesce(by_pipeline.outcome, by_label.outcome) as outcome_from_stage
    from deals
    left join deal_stage_map as by_pipeline on by_pipeline.status_value = deals.stage_key || ' (' || deals.pipeline_key || ')'
    left join deal_stage_map as by_label on by_label.status_value = deals.stage_key
),

final as (
    select
        flagged.deal_id,
        coalesce(
            flagged.outcome_from_flags,
            flagged.outcome_from_stage,
            case when flagged.closed_flag and flagged.deal_probability = 1 then 'won' when flagged.closed_flag then 'lost' end,
            'open'
        ) as outcome,
        current_stage_entries.entered_current_stage_at
    from flagged
    left join current_stage_entries on current_stage_entries.deal_id = flagged.deal_id
)

select * from final

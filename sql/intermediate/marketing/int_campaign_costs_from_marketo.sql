-- int_campaign_costs_from_marketo: Marketo programs' period costs, each in its own month (the program's total is their sum).
-- grain: one row per program, month and period cost entry
-- A program with lines in the spend file takes its cost from there instead (int_campaign_costs_from_spend).
with costs as (
    select * from {{ ref('stg_marketo__program_costs') }}
),

spent_campaigns as (
    select distinct campaign_id from {{ ref('int_spend_matches_from_spend') }}
),

final as (
    select 'marketo:' || costs.program_id as campaign_id, costs.month, costs.cost, cast(null as varchar) as currency_code
    from costs
    left join spent_campaigns on spent_campaigns.campaign_id = 'marketo:' || costs.program_id
    where spent_campaigns.campaign_id is null
)

select * from final

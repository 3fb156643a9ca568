-- campaign_roi: what each campaign cost and what it returned under each attribution model.
-- grain: one row per campaign and attribution model, plus one Unattributed row (campaign_id null) per model
-- column campaign_id: the campaign (Salesforce id, or prefixed with its source: marketo:…, spend:…); null on the Unattributed row
-- column campaign_name: the campaign's name, or 'Unattributed' for the pipeline no campaign can be credited with under the model
-- column campaign_type: the campaign's type (channel); null on the Unattributed row
-- column model: first_touch, last_touch, linear, u_shaped, w_shaped or full_path
-- column cost: the campaign's recorded cost in the reporting currency; null when unknown (never recorded), which is not zero
-- column touched_people: distinct people who responded to the campaign (null on the Unattributed row)
-- column mqls: of those, people who reached MQL
-- column sqls: of those, people who reached SQL
-- column opportunities: opportunities credited to the campaign, fractional: the sum of its weights
-- column won_deals: closed-won opportunities credited to the campaign, fractional
-- column attributed_pipeline: pipeline credited to the campaign, in the reporting currency
-- column attributed_revenue: closed-won revenue credited to the campaign, in the reporting currency
-- column roi: (attributed_revenue - cost) / cost; null when the cost is unknown or zero
-- column cost_per_lead: cost / touched_people; null when the cost is unknown or nobody was touched
-- column cost_per_mql: cost / mqls; null when the cost is unknown or there are no MQLs
-- column cost_per_opportunity: cost / opportunities; null when the cost is unknown or no opportunity is credited
-- column cost_per_won_deal: cost / won_deals; null when the cost is unknown or no won deal is credited
-- test accepted_range: cost, touched_people, mqls, sqls, opportunities, won_deals >= 0
with campaigns as (
    select * from {{ ref('int_campaigns') }}
),

costs as (
    select * from {{ ref('int_campaign_total_costs') }}
),

touched_people as (
    select * from {{ ref('int_campaign_touched_people') }}
),

attribution as (
    select * from {{ ref('attribution') }}
),

models as (
    select * from {{ ref('int_attribution_models') }}
),

credits as (
    select
        attribution.campaign_id,
        attribution.model,
        -- Summed in decimal (exact): a double sum depends on the order the engine adds the rows in.
        cast(sum(cast(attribution.weight as decimal(38, 18))) as double) as opportunities,
        cast(sum(case when attribution.is_won then cast(attribution.weight as decimal(38, 18)) else 0 end) as double) as won_deals,
        sum(attribution.attributed_pipeline) as attributed_pipeline,
        sum(attribution.attributed_revenue) as attributed_revenue
    from attribution
    group by attribution.campaign_id, attribution.model
),

spine as (
    select campaign_ids.campaign_id, models.model
    from (
        select campaigns.campaign_id from campaigns
        union
        select credits.campaign_id from credits
        union
        select cast(null as varchar) as campaign_id
    ) as campaign_ids
    cross join models
),

measured as (
    select
        spine.campaign_id,
        case when spine.campaign_id is null then 'Unattributed' else campaigns.campaign_name end as campaign_name,
        campaigns.campaign_type,
        spine.model,
        costs.cost,
        case when spine.campaign_id is not null then coalesce(touched_people.touched_people, 0) end as touched_people,
        case when spine.campaign_id is not null then coalesce(touched_people.mqls, 0) end as mqls,
        case when spine.campaign_id is not null then coalesce(touched_people.sqls, 0) end as sqls,
        coalesce(credits.opportunities, 0.0) as opportunities,
        coalesce(credits.won_deals, 0.0) as won_deals,
        cast(coalesce(credits.attributed_pipeline, 0) as decimal(20, 2)) as attributed_pipeline,
        cast(coalesce(credits.attributed_revenue, 0) as decimal(20, 2)) as attributed_revenue
    from spine
    left join campaigns on campaigns.campaign_id = spine.campaign_id
    left join costs on costs.campaign_id = spine.campaign_id
    left join touched_people on touched_people.campaign_id = spine.campaign_id
    left join credits on coalesce(credits.campaign_id, '') = coalesce(spine.campaign_id, '') and credits.model = spine.model
),

final as (
    select
        measured.*,
        case when measured.cost <> 0 then cast(measured.attributed_revenue - measured.cost as double) / cast(measured.cost as double) end as roi,
        case when measured.touched_people > 0 then cast(measured.cost as double) / measured.touched_people end as cost_per_lead,
        case when measured.mqls > 0 then cast(measured.cost as double) / measured.mqls end as cost_per_mql,
        case when measured.opportunities > 0 then cast(measured.cost as double) / measured.opportunities end as cost_per_opportunity,
        case when measured.won_deals > 0 then cast(measured.cost as double) / measured.won_deals end as cost_per_won_deal
    from measured
)

select * from final

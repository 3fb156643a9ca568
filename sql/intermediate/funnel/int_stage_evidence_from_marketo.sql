-- int_stage_evidence_from_marketo: dated signs of a stage for Marketo-only people: an inquiry when acquired, and the stages their lead status and revenue stage imply.
-- grain: one row per person, stage and piece of evidence
-- The inquiry is observed at mktoAcquisitionDate when the extract has it, else at creation.
-- Marketo exports no status or revenue stage history, so the current lead status (through the
-- same status map as Salesforce) and the current revenue stage (through the revenue stage map,
-- by `<model id>:<stage>` first, then the stage id or name) are dated then too, inferred.
-- Synced leads get their stages from Salesforce.
with people as (
    select * from {{ ref('int_people_from_marketo') }}
),

leads as (
    select 'marketo:' || lead_id as person_id, acquired_at, revenue_stage, revenue_stage_key
    from {{ ref('stg_marketo__leads') }}
),

stage_map as (
    select * from {{ ref('stage_map') }}
),

acquired as (
    select people.person_id, people.status, coalesce(leads.acquired_at, people.created_at) as inquiry_at, leads.revenue_stage, leads.revenue_stage_key
    from people
    inner join leads on leads.person_id = people.person_id
),

revenue_stages as (
    select acquired.person_id, coalesce(by_model.stage, by_stage.stage) as stage, acquired.inquiry_at as reached_at
    from acquired
    left join stage_map as by_model on by_model.source = 'marketo_revenue_stage' and by_model.status_value = acquired.revenue_stage_key
    left join stage_map as by_stage on by_stage.source = 'marketo_revenue_stage' and by_stage.status_value = acquired.revenue_stage
),

final as (
    select acquired.person_id, 'inquiry' as stage, acquired.inquiry_at as reached_at, 'observed' as evidence
    from acquired
    union all
    select acquired.person_id, stage_map.stage, acquired.inquiry_at as reached_at, 'inferred' as evidence
    from acquired
    inner join stage_map on stage_map.source = 'salesforce' and stage_map.status_value = lower(trim(acquired.status))
    union all
    select person_id, stage, reached_at, 'inferred' as evidence
    from revenue_stages
    where stage is not null
)

select * from final

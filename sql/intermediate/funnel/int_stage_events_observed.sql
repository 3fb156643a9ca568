-- int_stage_events_observed: every dated sign of a funnel stage, from every source, before skipped stages are filled.
-- grain: one row per person, stage and piece of evidence
-- materialized: view
-- is_date_only marks a sign that carries a day but no time; HubSpot and Marketo give every stage a
-- time except the close dates of deals.
with unioned as (
    select person_id, stage, reached_at, evidence, is_date_only from {{ ref('int_stage_evidence_from_salesforce') }}
    union all
    select person_id, stage, reached_at, evidence, stage in ('won', 'lost') as is_date_only from {{ ref('int_stage_evidence_from_hubspot') }}
    union all
    select person_id, stage, reached_at, evidence, stage in ('won', 'lost') as is_date_only from {{ ref('int_stage_evidence_from_marketo') }}
    union all
    select person_id, stage, reached_at, evidence, is_date_only from {{ ref('int_stage_evidence_from_mapped') }}
),

final as (
    select * from unioned
    where reached_at is not null
)

select * from final

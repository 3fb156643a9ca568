-- int_stage_events_observed: every dated sign of a funnel stage, from every source, before skipped stages are filled.
-- grain: one row per person, stage and piece of evidence
with unioned as (
    select person_id, stage, reached_at, evidence from {{ ref('int_stage_evidence_from_salesforce') }}
    union all
    select person_id, stage, reached_at, evidence from {{ ref('int_stage_evidence_from_hubspot') }}
    union all
    select person_id, stage, reached_at, evidence from {{ ref('int_stage_evidence_from_marketo') }}
    union all
    select person_id, stage, reached_at, evidence from {{ ref('int_stage_evidence_from_mapped') }}
),

final as (
    select * from unioned
)

select * from final

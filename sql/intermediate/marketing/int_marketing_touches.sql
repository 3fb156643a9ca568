-- int_marketing_touches: responses to campaigns from every source, timed and tied to the person.
-- grain: one row per person and campaign response
-- materialized: view
with unioned as (
    select person_id, campaign_id, touch_id, touch_kind, touched_at from {{ ref('int_marketing_touches_from_salesforce') }}
    union all
    select person_id, campaign_id, touch_id, touch_kind, touched_at from {{ ref('int_marketing_touches_from_marketo') }}
    union all
    select person_id, campaign_id, touch_id, touch_kind, touched_at from {{ ref('int_marketing_touches_from_mapped') }}
),

final as (
    select * from unioned
)

select * from final

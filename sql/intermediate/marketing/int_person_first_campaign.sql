-- int_person_first_campaign: the campaign of each person's first marketing touch (how marketing first reached them).
-- grain: one row per person with a marketing touch
-- Only the touches at each person's first touch time (all of them when none is timed) are ranked: ranking
-- every touch sorts tens of millions of responses to keep one per person. The touches are read twice rather
-- than through one CTE, which DuckDB would copy whole.
with first_times as (
    select person_id, min(touched_at) as first_touch_at
    from {{ ref('int_marketing_touches') }}
    group by person_id
),

touches as (
    select
        all_touches.*,
        row_number() over (partition by all_touches.person_id order by all_touches.touched_at, all_touches.touch_id) as touch_number
    from {{ ref('int_marketing_touches') }} as all_touches
    inner join first_times on first_times.person_id = all_touches.person_id
    where all_touches.touched_at = first_times.first_touch_at or first_times.first_touch_at is null
),

campaigns as (
    select * from {{ ref('int_campaigns') }}
),

final as (
    select touches.person_id, touches.campaign_id, campaigns.campaign_name, campaigns.campaign_type, touches.touched_at as first_touch_at
    from touches
    left join campaigns on campaigns.campaign_id = touches.campaign_id
    where touches.touch_number = 1
)

select * from final

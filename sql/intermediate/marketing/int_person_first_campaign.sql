-- int_person_first_campaign: the campaign of each person's first marketing touch (how marketing first reached them).
-- grain: one row per person with a marketing touch
with touches as (
    select
        int_marketing_touches.*,
        row_number() over (partition by int_marketing_touches.person_id order by int_marketing_touches.touched_at, int_marketing_touches.touch_id) as touch_number
    from {{ ref('int_marketing_touches') }} as int_marketing_touches
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

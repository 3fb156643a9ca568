-- int_opportunity_milestones: which touch of each opportunity's journey is each attribution milestone.
-- grain: one row per opportunity with at least one touch in its journey
-- FT is the first touch; LC the last touch at or before the person was created; OC the last
-- touch at or before the opportunity was created; CW, for closed-won opportunities only, the last
-- touch at or before the close, which is the journey's last touch. A missing milestone is null.
with touches as (
    select * from {{ ref('int_opportunity_touches') }}
),

opportunities as (
    select * from {{ ref('int_opportunities') }}
),

people as (
    select * from {{ ref('int_people') }}
),

final as (
    select
        touches.opportunity_id,
        count(*) as touch_count,
        min(touches.touch_number) as ft_touch_number,
        max(case when touches.touched_at <= people.created_at then touches.touch_number end) as lc_touch_number,
        max(case when touches.touched_at <= opportunities.created_at then touches.touch_number end) as oc_touch_number,
        case when max(case when opportunities.is_won then 1 else 0 end) = 1 then max(touches.touch_number) end as cw_touch_number
    from touches
    inner join opportunities on opportunities.opportunity_id = touches.opportunity_id
    left join people on people.person_id = touches.person_id
    group by touches.opportunity_id
)

select * from final

-- int_attribution_models: the six attribution models and the shares each gives to the milestones of a journey.
-- grain: one row per attribution model
-- Milestones: FT first touch, LC lead creation, OC opportunity creation, CW closed won. The spread
-- share goes equally to the touches named by spread_over: 'all' (every touch), 'between_ft_and_lc'
-- (strictly between FT and LC), 'others_up_to_oc' (not FT, LC or OC, at or before OC) or 'others'
-- (not FT, LC, OC or CW: a journey ends at the close, so "up to CW" is every touch). Shares that
-- find no touch are dropped and the rest scaled to 100% (int_attribution_touch_weights).
with models as (
    select * from (
        values
            ('first_touch', 1, 1.0, 0.0, 0.0, 0.0, 0.0, 'none'),
            ('last_touch', 2, 0.0, 0.0, 1.0, 0.0, 0.0, 'none'),
            ('linear', 3, 0.0, 0.0, 0.0, 0.0, 1.0, 'all'),
            ('u_shaped', 4, 0.4, 0.4, 0.0, 0.0, 0.2, 'between_ft_and_lc'),
            ('w_shaped', 5, 0.3, 0.3, 0.3, 0.0, 0.1, 'others_up_to_oc'),
            ('full_path', 6, 0.225, 0.225, 0.225, 0.225, 0.1, 'others')
    ) as shares (model, model_order, ft_share, lc_share, oc_share, cw_share, spread_share, spread_over)
),

final as (
    select
        cast(model as varchar) as model,
        cast(model_order as integer) as model_order,
        cast(ft_share as double) as ft_share,
        cast(lc_share as double) as lc_share,
        cast(oc_share as double) as oc_share,
        cast(cw_share as double) as cw_share,
        cast(spread_share as double) as spread_share,
        cast(spread_over as varchar) as spread_over
    from models
)

select * from final

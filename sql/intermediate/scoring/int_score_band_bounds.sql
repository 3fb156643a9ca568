-- int_score_band_bounds: each score band's bounds and its name in words, for deciles (the scores found in it) or the configured bands.
-- grain: one row per score band that holds at least one scored MQL
-- test unique: band_order
with bands as (
    select * from {{ ref('int_person_score_bands') }}
),

scores as (
    select * from {{ ref('int_person_scores') }}
),

settings as (
    select * from {{ ref('scoring_settings') }}
),

configured_count as (
    select count(*) as configured_bands from {{ ref('score_bands') }}
),

used as (
    select bands.band_order, min(scores.score_at_mql) as lowest_score, max(scores.score_at_mql) as highest_score
    from bands
    inner join scores on scores.person_id = bands.person_id
    group by bands.band_order
),

bounds as (
    select
        used.band_order,
        case when settings.band_mode = 'deciles' then used.lowest_score else configured.band_min_score end as band_min_score,
        case when settings.band_mode = 'deciles' then used.highest_score else configured.band_max_score end as band_max_score,
        settings.band_mode,
        configured_count.configured_bands
    from used
    cross join settings
    cross join configured_count
    left join {{ ref('score_bands') }} as configured on configured.band_order = used.band_order
),

-- Whole numbers without a decimal point (40, not 40.0), the same in both engines.
spelled as (
    select
        bounds.*,
        case when band_min_score = floor(band_min_score) then cast(cast(band_min_score as bigint) as varchar) else cast(band_min_score as varchar) end as min_text,
        case when band_max_score = floor(band_max_score) then cast(cast(band_max_score as bigint) as varchar) else cast(band_max_score as varchar) end as max_text
    from bounds
),

final as (
    select
        band_order, band_min_score, band_max_score,
        case
            when band_mode = 'deciles' then 'decile ' || cast(band_order as varchar)
            when band_order = 1 and configured_bands > 1 then 'under ' || max_text
            when band_max_score is null then min_text || ' or more'
            else min_text || ' to under ' || max_text
        end as score_band
    from spelled
)

select * from final

-- int_person_score_bands: the score band of each scored MQL: a decile of all scored MQLs, or the configured band its score at MQL falls in.
-- grain: one row per person who reached MQL and has a score
-- Deciles: band = ceil(10 × share of scored MQLs scoring at most as much), so equal scores share
-- a band and a band may stay empty. Explicit bands (scoring.bands): a band holds scores from its
-- lower bound up to the next band's; the first also holds any lower score.
-- test unique: person_id
-- test accepted_range: band_order >= 1
with scores as (
    select * from {{ ref('int_person_scores') }}
),

settings as (
    select * from {{ ref('scoring_settings') }}
),

ranked as (
    select
        scores.person_id,
        scores.score_at_mql,
        count(*) over (order by scores.score_at_mql) as scored_at_most,
        count(*) over () as scored
    from scores
),

deciles as (
    select person_id, cast(ceil(cast(10 * scored_at_most as double) / scored) as bigint) as band_order
    from ranked
    cross join settings
    where settings.band_mode = 'deciles'
),

explicit as (
    select scores.person_id, bands.band_order
    from scores
    cross join settings
    inner join {{ ref('score_bands') }} as bands
        on (bands.band_order = 1 or scores.score_at_mql >= bands.band_min_score)
        and (bands.band_max_score is null or scores.score_at_mql < bands.band_max_score)
    where settings.band_mode = 'explicit'
),

final as (
    select * from deciles
    union all
    select * from explicit
)

select * from final

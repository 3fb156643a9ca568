-- int_score_band_outcomes: how many scored MQLs of each band (and just above or below the MQL threshold) reached SAL, SQL and won, by source category and for all.
-- grain: one row per measure (band or threshold), band and source category (including 'all')
-- Cohort view: every scored MQL in the data, followed to the as-of time.
with lead_scores as (
    select * from {{ ref('lead_scores') }}
),

settings as (
    select * from {{ ref('scoring_settings') }}
),

grouped as (
    select 'band' as measure, band_order, score_band, band_min_score, band_max_score, source_category, sal_at, sql_at, won_at
    from lead_scores
    union all
    select 'band', band_order, score_band, band_min_score, band_max_score, 'all', sal_at, sql_at, won_at
    from lead_scores
    union all
    select
        'threshold', case when lead_scores.threshold_side = 'just below' then 1 else 2 end, lead_scores.threshold_side,
        case when lead_scores.threshold_side = 'just below' then settings.mql_threshold - settings.threshold_band_width else settings.mql_threshold end,
        case when lead_scores.threshold_side = 'just below' then settings.mql_threshold else settings.mql_threshold + settings.threshold_band_width end,
        'all', lead_scores.sal_at, lead_scores.sql_at, lead_scores.won_at
    from lead_scores
    cross join settings
    where lead_scores.threshold_side is not null
),

final as (
    select
        measure, band_order, score_band, band_min_score, band_max_score, source_category,
        count(*) as mqls,
        sum(case when sal_at is not null then 1 else 0 end) as sals,
        sum(case when sql_at is not null then 1 else 0 end) as sqls,
        sum(case when won_at is not null then 1 else 0 end) as won
    from grouped
    group by measure, band_order, score_band, band_min_score, band_max_score, source_category
)

select * from final

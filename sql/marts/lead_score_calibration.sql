-- lead_score_calibration: whether higher lead scores convert better: per score band and source category the share of MQLs reaching SAL, SQL and won with Wilson 95% intervals, the MQL threshold check, and per month how well the score ranks SQLs (AUC).
-- grain: one row per measure and, for 'band', band and source category; for 'threshold', side; for 'ranking', MQL month (empty: all months)
-- column measure: band (a score band), threshold (just below or just above the MQL threshold) or ranking (AUC)
-- column month: ranking rows: first day of the MQL month (empty for all months together); empty otherwise
-- column source_category: marketing, sales, partner, unknown, or all
-- column band_order: band rows: the band, lowest scores first; threshold rows: 1 just below, 2 just above
-- column score_band: "decile 3", "under 40", "80 or more", or "just below" / "just above"
-- column band_min_score: the band's lowest score or lower bound (threshold rows: threshold − width)
-- column band_max_score: deciles: the band's highest score; otherwise the upper bound, not included (empty for the last band)
-- column mqls: scored MQLs (every MQL in the data with a score, cohort view)
-- column sals: of those, reached SAL so far
-- column sqls: of those, reached SQL so far
-- column won: of those, won an opportunity so far
-- column sal_rate: sals / mqls
-- column sal_rate_low: lower end of the Wilson 95% interval of sal_rate
-- column sal_rate_high: upper end of the Wilson 95% interval of sal_rate
-- column sql_rate: sqls / mqls
-- column sql_rate_low: lower end of the Wilson 95% interval of sql_rate
-- column sql_rate_high: upper end of the Wilson 95% interval of sql_rate
-- column won_rate: won / mqls
-- column won_rate_low: lower end of the Wilson 95% interval of won_rate
-- column won_rate_high: upper end of the Wilson 95% interval of won_rate
-- column auc: ranking rows: probability that an MQL that reached SQL scored higher than one that did not (0.5 = no better than chance); empty without both
-- test accepted_values: measure in band, threshold, ranking
-- test accepted_range: sal_rate, sal_rate_low, sal_rate_high, sql_rate, sql_rate_low, sql_rate_high, won_rate, won_rate_low, won_rate_high, auc between 0 and 1
-- test expression_is_true: sqls <= mqls
with outcomes as (
    select * from {{ ref('int_score_band_outcomes') }}
),

ranking as (
    select * from {{ ref('int_score_ranking_monthly') }}
),

rates as (
    select
        measure, cast(null as date) as month, source_category, band_order, score_band, band_min_score, band_max_score,
        mqls, sals, sqls, won,
        cast(sals as double) / mqls as sal_rate, {{ wilson('sals', 'mqls', '-') }} as sal_rate_low, {{ wilson('sals', 'mqls', '+') }} as sal_rate_high,
        cast(sqls as double) / mqls as sql_rate, {{ wilson('sqls', 'mqls', '-') }} as sql_rate_low, {{ wilson('sqls', 'mqls', '+') }} as sql_rate_high,
        cast(won as double) / mqls as won_rate, {{ wilson('won', 'mqls', '-') }} as won_rate_low, {{ wilson('won', 'mqls', '+') }} as won_rate_high,
        cast(null as double) as auc
    from outcomes
),

ranks as (
    select
        'ranking' as measure, month, 'all' as source_category, cast(null as bigint) as band_order, cast(null as varchar) as score_band,
        cast(null as double) as band_min_score, cast(null as double) as band_max_score,
        mqls, cast(null as bigint) as sals, sqls, cast(null as bigint) as won,
        cast(null as double) as sal_rate, cast(null as double) as sal_rate_low, cast(null as double) as sal_rate_high,
        cast(sqls as double) / mqls as sql_rate, cast(null as double) as sql_rate_low, cast(null as double) as sql_rate_high,
        cast(null as double) as won_rate, cast(null as double) as won_rate_low, cast(null as double) as won_rate_high,
        auc
    from ranking
),

final as (
    select * from rates
    union all
    select * from ranks
)

select * from final

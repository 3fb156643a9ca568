-- lead_scores: every scored MQL with its score as of becoming MQL, its score band, and how far sales took it: the leads behind the score calibration.
-- grain: one row per person who reached MQL and has a score
-- column person_id: the person (as in the leads mart)
-- column lead_id: the lead's id in its CRM
-- column person_name: the person's name as the export gives it, empty when it has none (as in the leads mart)
-- column company: company name
-- column source_system: the CRM or marketing platform the person came from
-- column source_category: marketing, sales, partner or unknown
-- column mql_at: when the person became an MQL
-- column mql_month: first day of the month of mql_at
-- column score_at_mql: the lead score when the person became an MQL (from score history), else the current score
-- column current_score: the score in the latest export
-- column is_score_current_not_historic: true when no score history was exported, so score_at_mql is the current score
-- column band_order: the score band, lowest scores first (deciles 1 to 10, or the configured bands in order)
-- column score_band: the band in words: "decile 3", or "under 40", "40 to under 80", "80 or more"
-- column band_min_score: deciles: the lowest score in the band; configured bands: the band's lower bound (the first band also holds lower scores)
-- column band_max_score: deciles: the highest score in the band; configured bands: the next band's lower bound, not included (empty for the last band)
-- column sal_at: when sales accepted the lead
-- column sql_at: when sales qualified it
-- column won_at: close date of its first won opportunity
-- column threshold_side: just below or just above the MQL threshold (within scoring.threshold_band_width points), else empty
-- test unique: person_id
-- test not_null: person_id, band_order, score_band, score_at_mql
-- test accepted_values: threshold_side in just below, just above
with bands as (
    select * from {{ ref('int_person_score_bands') }}
),

scores as (
    select * from {{ ref('int_person_scores') }}
),

leads as (
    select * from {{ ref('leads') }}
),

settings as (
    select * from {{ ref('scoring_settings') }}
),

band_bounds as (
    select * from {{ ref('int_score_band_bounds') }}
),

final as (
    select
        leads.person_id, leads.lead_id, leads.person_name, leads.company, leads.source_system, leads.source_category,
        scores.mql_at, {{ month_of('scores.mql_at') }} as mql_month,
        scores.score_at_mql, scores.current_score, scores.is_score_current_not_historic,
        bands.band_order, band_bounds.score_band, band_bounds.band_min_score, band_bounds.band_max_score,
        leads.sal_at, leads.sql_at, leads.won_at,
        case
            when scores.score_at_mql >= settings.mql_threshold - settings.threshold_band_width and scores.score_at_mql < settings.mql_threshold then 'just below'
            when scores.score_at_mql >= settings.mql_threshold and scores.score_at_mql < settings.mql_threshold + settings.threshold_band_width then 'just above'
        end as threshold_side
    from bands
    inner join scores on scores.person_id = bands.person_id
    inner join leads on leads.person_id = bands.person_id
    inner join band_bounds on band_bounds.band_order = bands.band_order
    cross join settings
)

select * from final

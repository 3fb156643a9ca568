-- int_score_ranking_monthly: how well the score at MQL ranks who reached SQL, per MQL month and over all months: the AUC from rank sums.
-- grain: one row per MQL month, plus one row (month empty) for all months
-- AUC = the probability that an MQL that reached SQL scored higher than one that did not (a tie
-- counts half) = (R − n₁(n₁ + 1) / 2) / (n₁ · n₀), where R is the sum of the SQLs' score ranks
-- (tied scores share their average rank), n₁ the SQLs and n₀ the others. Empty when either is 0.
with lead_scores as (
    select * from {{ ref('lead_scores') }}
),

scoped as (
    select mql_month as month, score_at_mql, sql_at is not null as is_sql from lead_scores
    union all
    select cast(null as date), score_at_mql, sql_at is not null from lead_scores
),

ranked as (
    select
        scoped.*,
        rank() over (partition by month order by score_at_mql)
            + (count(*) over (partition by month, score_at_mql) - 1) / 2.0 as average_rank
    from scoped
),

sums as (
    select
        month,
        count(*) as mqls,
        sum(case when is_sql then 1 else 0 end) as sqls,
        sum(case when is_sql then average_rank else 0 end) as sql_rank_sum
    from ranked
    group by month
),

final as (
    select
        month, mqls, sqls,
        case when sqls > 0 and mqls > sqls then
            (cast(sql_rank_sum as double) - cast(sqls as double) * (sqls + 1) / 2) / (cast(sqls as double) * (mqls - sqls))
        end as auc
    from sums
)

select * from final

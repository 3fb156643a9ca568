-- funnel_cohorts: cohort view of the funnel: of the people who became MQL in a month, how many reached each later stage so far, how fast, and where the rest leaked.
-- grain: one row per MQL month
-- column mql_month: first day of the month the cohort became MQL
-- column mqls: people who became MQL in the month
-- column reached_sal: of them, accepted by sales (so far)
-- column reached_sql: of them, qualified by sales
-- column reached_won: of them, with a won opportunity
-- column mql_to_sal_rate: reached_sal / mqls (cohort view)
-- column mql_to_sql_rate: reached_sql / mqls (cohort view)
-- column sql_to_won_rate: reached_won / reached_sql (cohort view)
-- column median_days_mql_to_sal: median days from MQL to SAL
-- column p90_days_mql_to_sal: 90th percentile days from MQL to SAL
-- column median_days_mql_to_sql: median days from MQL to SQL
-- column p90_days_mql_to_sql: 90th percentile days from MQL to SQL
-- column median_days_sql_to_won: median days from SQL to won
-- column p90_days_sql_to_won: 90th percentile days from SQL to won
-- column never_accepted: MQLs never accepted, qualified, rejected or recycled (leakage)
-- column never_touched: handed-off MQLs without any sales touch (leakage)
-- column rejected: MQLs sales rejected
-- column recycled: MQLs sent back to nurture
-- column stalled: MQLs still without a later stage after the configured number of days
-- test unique: mql_month
-- test accepted_range: mqls, reached_sal, reached_sql, reached_won, never_accepted, never_touched, rejected, recycled, stalled >= 0
-- test accepted_range: mql_to_sal_rate, mql_to_sql_rate, sql_to_won_rate between 0 and 1
-- test accepted_range: median_days_mql_to_sal, p90_days_mql_to_sal, median_days_mql_to_sql, p90_days_mql_to_sql, median_days_sql_to_won, p90_days_sql_to_won >= 0
with people as (
    select * from {{ ref('int_funnel_cohort_people') }}
),

final as (
    select
        mql_month,
        count(*) as mqls,
        sum(case when sal_at is not null then 1 else 0 end) as reached_sal,
        sum(case when sql_at is not null then 1 else 0 end) as reached_sql,
        sum(case when won_at is not null then 1 else 0 end) as reached_won,
        cast(sum(case when sal_at is not null then 1 else 0 end) as double) / count(*) as mql_to_sal_rate,
        cast(sum(case when sql_at is not null then 1 else 0 end) as double) / count(*) as mql_to_sql_rate,
        cast(sum(case when won_at is not null then 1 else 0 end) as double) / nullif(sum(case when sql_at is not null then 1 else 0 end), 0) as sql_to_won_rate,
        {{ percentile('days_mql_to_sal', 0.5) }} as median_days_mql_to_sal,
        {{ percentile('days_mql_to_sal', 0.9) }} as p90_days_mql_to_sal,
        {{ percentile('days_mql_to_sql', 0.5) }} as median_days_mql_to_sql,
        {{ percentile('days_mql_to_sql', 0.9) }} as p90_days_mql_to_sql,
        {{ percentile('days_sql_to_won', 0.5) }} as median_days_sql_to_won,
        {{ percentile('days_sql_to_won', 0.9) }} as p90_days_sql_to_won,
        sum(case when is_never_accepted then 1 else 0 end) as never_accepted,
        sum(case when is_never_touched then 1 else 0 end) as never_touched,
        sum(case when rejected_at is not null then 1 else 0 end) as rejected,
        sum(case when recycled_at is not null then 1 else 0 end) as recycled,
        sum(case when is_stalled then 1 else 0 end) as stalled
    from people
    group by mql_month
)

select * from final

-- macro month_of(ts): the first day of the month as a date, the key of every monthly mart.
-- duckdb
cast(date_trunc('month', {{ ts }}) as date)
-- athena
cast(date_trunc('month', {{ ts }}) as date)

-- macro percentile(value, fraction): continuous percentile in DuckDB; Athena only has the approximate one.
-- duckdb
quantile_cont({{ value }}, {{ fraction }})
-- athena
approx_percentile({{ value }}, {{ fraction }})

-- macro add_days(d, days): shifts a date by whole days (month close dates); DuckDB adds an integer, Trino has date_add.
-- duckdb
cast({{ d }} + cast({{ days }} as integer) as date)
-- athena
date_add('day', cast({{ days }} as bigint), {{ d }})

-- macro add_months(d, months): shifts a date by whole months (the end of a month, the months kept); DuckDB adds an interval, Trino has date_add.
-- duckdb
cast({{ d }} + to_months(cast({{ months }} as integer)) as date)
-- athena
date_add('month', cast({{ months }} as bigint), {{ d }})

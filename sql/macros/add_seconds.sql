-- macro add_seconds(ts, seconds): shifts a timestamp; DuckDB adds an interval, Trino has date_add.
-- duckdb
({{ ts }} + to_seconds(cast({{ seconds }} as bigint)))
-- athena
date_add('second', cast({{ seconds }} as bigint), {{ ts }})

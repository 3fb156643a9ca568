-- macro seconds_between(start_at, end_at): elapsed seconds; date_diff counts boundaries in DuckDB but whole units in Trino, so both use epochs.
-- duckdb
(epoch({{ end_at }}) - epoch({{ start_at }}))
-- athena
(to_unixtime({{ end_at }}) - to_unixtime({{ start_at }}))

-- macro epoch_seconds(ts): seconds since 1970-01-01 UTC, to put instants in fixed-length buckets.
-- duckdb
epoch({{ ts }})
-- athena
to_unixtime({{ ts }})

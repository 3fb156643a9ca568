-- macro integer_series(first, last): the whole numbers from first to last as an array, to unnest with `cross join unnest(…) as t(n)` (Trino allows at most 10,000).
-- duckdb
generate_series(cast({{ first }} as bigint), cast({{ last }} as bigint))
-- athena
sequence(cast({{ first }} as bigint), cast({{ last }} as bigint))

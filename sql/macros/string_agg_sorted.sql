-- macro string_agg_sorted(value): comma-separated values, sorted so the result is stable; the engines spell it differently.
-- duckdb
string_agg({{ value }}, ', ' order by {{ value }})
-- athena
array_join(array_sort(array_agg({{ value }})), ', ')

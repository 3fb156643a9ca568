-- macro percentile(value, fraction): continuous percentile (linear interpolation between the two nearest ranks), exact on both engines; Athena's approx_percentile is approximate and returns a nearest rank, so Athena sorts the values itself (array_agg keeps nulls and array_sort puts them last, so the first count(value) elements are the values).
-- duckdb
quantile_cont({{ value }}, {{ fraction }})
-- athena
case when count({{ value }}) = 0 then null else element_at(array_sort(array_agg(cast({{ value }} as double))), cast(floor({{ fraction }} * (count({{ value }}) - 1)) as bigint) + 1) + ({{ fraction }} * (count({{ value }}) - 1) - floor({{ fraction }} * (count({{ value }}) - 1))) * (element_at(array_sort(array_agg(cast({{ value }} as double))), cast(ceiling({{ fraction }} * (count({{ value }}) - 1)) as bigint) + 1) - element_at(array_sort(array_agg(cast({{ value }} as double))), cast(floor({{ fraction }} * (count({{ value }}) - 1)) as bigint) + 1)) end

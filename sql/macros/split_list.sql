-- macro split_list(value, separator): a `;`-separated cell (HubSpot association IDs) as an array, to unnest with `cross join unnest(…) as t(x)`.
-- duckdb
string_split({{ value }}, {{ separator }})
-- athena
split({{ value }}, {{ separator }})

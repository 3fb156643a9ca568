-- macro matches_pattern(value, pattern): true when a regular expression matches somewhere in the value.
-- duckdb
regexp_matches({{ value }}, {{ pattern }})
-- athena
regexp_like({{ value }}, {{ pattern }})

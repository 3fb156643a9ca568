-- macro digits_only(value): the digits of a value; DuckDB replaces only the first match without the 'g' flag.
-- duckdb
regexp_replace({{ value }}, '[^0-9]', '', 'g')
-- athena
regexp_replace({{ value }}, '[^0-9]', '')

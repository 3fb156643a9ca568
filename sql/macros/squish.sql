-- macro squish(value): trims a label and collapses its runs of spaces to one (HubSpot keeps `Closed Lost  (Texas)` as typed); DuckDB replaces only the first match without the 'g' flag.
-- duckdb
trim(regexp_replace({{ value }}, '\s+', ' ', 'g'))
-- athena
trim(regexp_replace({{ value }}, '\s+', ' '))

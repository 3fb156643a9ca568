-- macro person_name(first_name, last_name, full_name): the person's name as lists show it, "First Last" trimmed, else the export's full name (Salesforce Name, a mapped file's one name column); null when all are empty; the same in both engines.
-- duckdb
coalesce(nullif(trim(coalesce(trim({{ first_name }}), '') || ' ' || coalesce(trim({{ last_name }}), '')), ''), nullif(trim({{ full_name }}), ''))
-- athena
coalesce(nullif(trim(coalesce(trim({{ first_name }}), '') || ' ' || coalesce(trim({{ last_name }}), '')), ''), nullif(trim({{ full_name }}), ''))

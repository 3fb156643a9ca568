-- macro version_rank(key, modified_at): 1 for the latest version of each record in the lake: newest change first, then the newest export, then the last row of the file; the same in both engines.
-- duckdb
row_number() over (partition by {{ key }} order by {{ modified_at }} desc, export_date desc, source_row_number desc)
-- athena
row_number() over (partition by {{ key }} order by {{ modified_at }} desc, export_date desc, source_row_number desc)

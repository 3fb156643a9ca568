-- macro grouped_by_key(relation, keys, one_row, aggregates): one row per key of a relation (a source or a ref), with `aggregates` over the key's rows; `one_row` is the same columns as a key with one row gives them, without aggregating (`touched_at as first_at, 1 as times` for `min(touched_at) as first_at, count(*) as times`); a subquery to select from.
-- On DuckDB, grouping tens of millions of rows by keys that are nearly all there once (the campaign responses of a
-- 1,000,000-lead company by campaign and person) costs a hash table of every key with its aggregates. So a row whose
-- key's hash appears once is its group already, and only rows whose key hash repeats are grouped: 9 s became 5 s.
-- The relation is named three times rather than through one CTE, which DuckDB would materialize. Athena groups every row.
-- duckdb
(
    with repeated as (
        select hash({{ keys }}) as key_hash from {{ relation }} group by 1 having count(*) > 1
    )
    select {{ keys }}, {{ one_row }}
    from {{ relation }} as single_rows
    anti join repeated on repeated.key_hash = hash({{ keys }})
    union all
    select {{ keys }}, {{ aggregates }}
    from {{ relation }} as grouped_rows
    semi join repeated on repeated.key_hash = hash({{ keys }})
    group by {{ keys }}
)
-- athena
(
    select {{ keys }}, {{ aggregates }}
    from {{ relation }} as grouped_rows
    group by {{ keys }}
)

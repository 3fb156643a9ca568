-- macro latest_versions(relation, key, modified_at): a relation's rows (a source or a ref), only the latest version of each record (as version_rank orders them: newest change, then newest export, then the last row of the file); a subquery to select from, with version_rank (1) as its last column in both engines.
-- On DuckDB, ranking every row cost the night most of its staging time: the window holds all 20 million campaign
-- members of a 1,000,000-lead company with their columns to number them, where almost every key is there once. So a
-- row whose key's hash appears once is taken as it is (its key is unique), and only rows whose key hash repeats (the
-- same record in several exports, or a hash collision) are ranked. The relation is named three times rather than
-- through one CTE, which DuckDB would materialize. Athena ranks every row: its workers share the window.
-- duckdb
(
    with repeated as (
        select hash({{ key }}) as key_hash from {{ relation }} group by 1 having count(*) > 1
    )
    select unique_keys.*, 1 as version_rank
    from {{ relation }} as unique_keys
    anti join repeated on repeated.key_hash = hash({{ key }})
    union all
    select * from (
        select repeated_keys.*, {{ version_rank('{{ key }}', '{{ modified_at }}') }} as version_rank
        from {{ relation }} as repeated_keys
        semi join repeated on repeated.key_hash = hash({{ key }})
    ) as ranked
    where version_rank = 1
)
-- athena
(
    select * from (
        select ranked.*, {{ version_rank('{{ key }}', '{{ modified_at }}') }} as version_rank
        from {{ relation }} as ranked
    ) as versions
    where version_rank = 1
)

-- int_missing_exports: export files a source needs that did not arrive, and what the night could not count without them.
-- grain: one row per source and missing object
-- Only sources that sent at least one file are checked: a company without Marketo has no Marketo
-- files to miss. A file that arrived but could not be read is reported as a load failure instead.
with ingest_log as (
    select * from {{ source('handoff', 'ingest_log') }}
),

requirements as (
    select * from {{ ref('export_requirements') }}
),

sources_sent as (
    select distinct source from ingest_log
),

objects_sent as (
    select distinct source, object from ingest_log
),

final as (
    select requirements.source, requirements.object, requirements.file, requirements.without
    from requirements
    inner join sources_sent on sources_sent.source = requirements.source
    left join objects_sent on objects_sent.source = requirements.source and objects_sent.object = requirements.object
    where objects_sent.object is null
)

select * from final

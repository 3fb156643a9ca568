-- data_health: did last night's exports arrive and load, what was quarantined, which lead sources are unmapped, and every data test's result.
-- grain: one row per check: an export file loaded, a note on an export file, a data test, a data anomaly, a missing export file, or an unmapped lead source or status value
-- column check_kind: load (an export file), export_note (what a file's shape costs the numbers: a repeated column read once, a missing column they need; or a file not used), test (a data test on a model), anomaly (records whose data contradict themselves), missing_export (a file the source needs that did not arrive), unmapped_lead_source or unmapped_status
-- column source: source system of the export (salesforce, hubspot, …)
-- column object: object of the export, or the model a test ran on
-- column source_file: the export file, relative to the exports folder
-- column export_date: the export's date
-- column age_days: days from the export date to the as-of time
-- column rows_read: rows read from the file
-- column rows_loaded: rows loaded into the lake
-- column rows_quarantined: rows set aside with a reason (see the lake's _quarantine folder)
-- column error: why the whole file could not be read, if it could not
-- column test_name: the data test (unique, not null, accepted values, accepted range, expression is true, relationships), the note on an export file, the anomaly, the missing file, or the unmapped value
-- column column_name: the column tested or unmapped
-- column failures: rows failing the test, records with the anomaly, or people with the unmapped value
-- column examples: up to five example ids of the records with the anomaly
-- column detail: what the night did about it: which numbers leave the records out, what could not be counted, how to fix it
-- column status: pass, fail (a test that found failures, an unreadable file) or warn (quarantined rows, export notes other than a file not used, anomalies, missing files, unmapped values)
with ingest_log as (
    select * from {{ source('handoff', 'ingest_log') }}
),

tests as (
    select * from {{ ref('data_test_results') }}
),

-- One note per line of the ingest log, written "<finding>: <what it costs>".
export_notes as (
    select ingest_log.source, ingest_log.object, ingest_log.source_file, ingest_log.export_date, t.note
    from ingest_log
    cross join unnest({{ split_list('ingest_log.notes', 'chr(10)') }}) as t(note)
    where ingest_log.notes is not null and ingest_log.notes <> ''
),

findings as (
    select * from {{ ref('int_health_findings') }}
),

run_context as (
    select * from {{ ref('run_context') }}
),

final as (
    select
        'load' as check_kind, ingest_log.source, ingest_log.object, ingest_log.source_file, ingest_log.export_date,
        {{ seconds_between('cast(ingest_log.export_date as timestamp)', 'run_context.as_of_at') }} / 86400.0 as age_days,
        ingest_log.rows_read, ingest_log.rows_loaded, ingest_log.rows_quarantined, ingest_log.error,
        cast(null as varchar) as test_name, cast(null as varchar) as column_name, cast(null as bigint) as failures,
        cast(null as varchar) as examples, cast(null as varchar) as detail,
        case when ingest_log.error is not null then 'fail' when ingest_log.rows_quarantined > 0 then 'warn' else 'pass' end as status
    from ingest_log
    cross join run_context
    union all
    select
        'export_note' as check_kind, export_notes.source, export_notes.object, export_notes.source_file, export_notes.export_date,
        cast(null as double) as age_days, cast(null as bigint) as rows_read, cast(null as bigint) as rows_loaded,
        cast(null as bigint) as rows_quarantined, cast(null as varchar) as error,
        substr(export_notes.note, 1, strpos(export_notes.note, ': ') - 1) as test_name, cast(null as varchar) as column_name,
        cast(null as bigint) as failures, cast(null as varchar) as examples,
        substr(export_notes.note, strpos(export_notes.note, ': ') + 2) as detail,
        case when export_notes.note like 'not used:%' then 'pass' else 'warn' end as status
    from export_notes
    union all
    select
        'test' as check_kind, cast(null as varchar) as source, tests.model as object, cast(null as varchar) as source_file,
        cast(null as date) as export_date, cast(null as double) as age_days, cast(null as bigint) as rows_read,
        cast(null as bigint) as rows_loaded, cast(null as bigint) as rows_quarantined, cast(null as varchar) as error,
        tests.test_name, tests.column_name, tests.failures, cast(null as varchar) as examples, cast(null as varchar) as detail, tests.status
    from tests
    union all
    select
        findings.check_kind, findings.source, findings.object, cast(null as varchar) as source_file,
        cast(null as date) as export_date, cast(null as double) as age_days, cast(null as bigint) as rows_read,
        cast(null as bigint) as rows_loaded, cast(null as bigint) as rows_quarantined, cast(null as varchar) as error,
        findings.finding as test_name, findings.column_name, findings.failures, findings.examples, findings.detail, 'warn' as status
    from findings
)

select * from final

-- data_health: did last night's exports arrive and load, what was quarantined, which lead sources are unmapped, and every data test's result.
-- grain: one row per check: an export file loaded, a note on an export file, a data test, or an unmapped lead source value
-- column check_kind: load (an export file), export_note (what a file's shape costs the numbers, or a file not used), test (a data test on a model) or unmapped_lead_source
-- column source: source system of the export (salesforce, hubspot, …)
-- column object: object of the export, or the model a test ran on
-- column source_file: the export file, relative to the exports folder
-- column export_date: the export's date
-- column age_days: days from the export date to the as-of time
-- column rows_read: rows read from the file
-- column rows_loaded: rows loaded into the lake
-- column rows_quarantined: rows set aside with a reason (see the lake's _quarantine folder)
-- column error: why the whole file could not be read, if it could not
-- column test_name: the data test (unique, not null, accepted values, relationships), the unmapped lead source value, or the note on an export file
-- column column_name: the column tested
-- column failures: rows failing the test, or people with the unmapped lead source
-- column status: pass, fail (a test that found failures, an unreadable file) or warn (quarantined rows, export notes other than a file not used, unmapped lead sources)
with ingest_log as (
    select * from {{ source('handoff', 'ingest_log') }}
),

tests as (
    select * from {{ ref('data_test_results') }}
),

-- One note per line: a repeated column read once, a missing column the numbers need, a file not used.
export_notes as (
    select ingest_log.source, ingest_log.object, ingest_log.source_file, ingest_log.export_date, t.note
    from ingest_log
    cross join unnest({{ split_list('ingest_log.notes', 'chr(10)') }}) as t(note)
    where ingest_log.notes is not null and ingest_log.notes <> ''
),

unmapped as (
    select lead_source, count(*) as people
    from {{ ref('int_people') }}
    where source_category = 'unknown' and lead_source is not null
    group by lead_source
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
        case when ingest_log.error is not null then 'fail' when ingest_log.rows_quarantined > 0 then 'warn' else 'pass' end as status
    from ingest_log
    cross join run_context
    union all
    select
        'export_note' as check_kind, export_notes.source, export_notes.object, export_notes.source_file, export_notes.export_date,
        cast(null as double) as age_days, cast(null as bigint) as rows_read, cast(null as bigint) as rows_loaded,
        cast(null as bigint) as rows_quarantined, cast(null as varchar) as error,
        export_notes.note as test_name, cast(null as varchar) as column_name, cast(null as bigint) as failures,
        case when export_notes.note like 'not used:%' then 'pass' else 'warn' end as status
    from export_notes
    union all
    select
        'test' as check_kind, cast(null as varchar) as source, tests.model as object, cast(null as varchar) as source_file,
        cast(null as date) as export_date, cast(null as double) as age_days, cast(null as bigint) as rows_read,
        cast(null as bigint) as rows_loaded, cast(null as bigint) as rows_quarantined, cast(null as varchar) as error,
        tests.test_name, tests.column_name, tests.failures, tests.status
    from tests
    union all
    select
        'unmapped_lead_source' as check_kind, cast(null as varchar) as source, 'people' as object, cast(null as varchar) as source_file,
        cast(null as date) as export_date, cast(null as double) as age_days, cast(null as bigint) as rows_read,
        cast(null as bigint) as rows_loaded, cast(null as bigint) as rows_quarantined, cast(null as varchar) as error,
        unmapped.lead_source as test_name, 'lead_source' as column_name, unmapped.people as failures, 'warn' as status
    from unmapped
)

select * from final

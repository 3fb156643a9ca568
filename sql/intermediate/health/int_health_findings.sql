-- int_health_findings: what data health reports besides loads and tests: data anomalies, missing export files, unmapped lead sources and statuses.
-- grain: one row per finding (an anomaly kind, a missing file, an unmapped value)
-- Each finding is a warning: the night went on, and detail says what it did with the records.
with anomalies as (
    select * from {{ ref('int_data_anomalies') }}
),

anomaly_examples as (
    select anomaly, object, record_id, consequence, row_number() over (partition by anomaly order by record_id) as position
    from anomalies
),

anomaly_counts as (
    select
        anomaly, object, consequence, count(*) as records,
        {{ string_agg_sorted("case when position <= 5 then record_id end") }} as examples
    from anomaly_examples
    group by anomaly, object, consequence
),

unmapped_sources as (
    select lead_source, count(*) as people
    from {{ ref('int_people') }}
    where source_category = 'unknown' and lead_source is not null
    group by lead_source
),

final as (
    select
        'anomaly' as check_kind, cast(null as varchar) as source, object, anomaly as finding, cast(null as varchar) as column_name,
        records as failures, examples, consequence as detail
    from anomaly_counts
    union all
    select
        'missing_export', source, object, file, cast(null as varchar), cast(null as bigint), cast(null as varchar), without
    from {{ ref('int_missing_exports') }}
    union all
    select
        'unmapped_lead_source', cast(null as varchar), 'people', lead_source, 'lead_source', people, cast(null as varchar),
        'counted as unknown source; add the value to source_categories in the config'
    from unmapped_sources
    union all
    select
        'unmapped_status', source_system, 'people', status, 'status', people, cast(null as varchar),
        'maps to no funnel stage, so these people stay at inquiry; add the value to stages.salesforce_lead_status (or the mapped source''s stage map) in the config'
    from {{ ref('int_unmapped_statuses') }}
)

select * from final

-- int_deal_stage_entries_from_hubspot: when each HubSpot deal entered each stage of its pipeline, from every `Date entered "<Stage> (<Pipeline>)"` column, custom pipelines included.
-- grain: one row per deal and stage-entry column
-- Labels keep the user's spacing in the export (`Closed Lost  (Texas)`); here they are trimmed
-- and their spaces collapsed, then split into stage and pipeline at the last parenthesis.
-- stage_key and pipeline_key are lower case, to match the deal's Deal Stage and Pipeline.
with deals as (
    select * from {{ ref('stg_hubspot__deals') }}
),

entry_lines as (
    select deals.deal_id, {{ squish("split_part(t.entry, chr(9), 1)") }} as label, split_part(t.entry, chr(9), 2) as entered_text
    from deals
    cross join unnest({{ split_list('deals.stage_entries', 'chr(10)') }}) as t(entry)
    where deals.stage_entries is not null
),

split_labels as (
    select
        deal_id, label,
        nullif(regexp_extract(label, '^(.*) \(([^()]*)\)$', 1), '') as stage_label,
        nullif(regexp_extract(label, '^(.*) \(([^()]*)\)$', 2), '') as pipeline_label,
        cast(entered_text as timestamp) as entered_at
    from entry_lines
),

final as (
    select
        deal_id,
        coalesce(stage_label, label) as stage_label,
        pipeline_label,
        lower(coalesce(stage_label, label)) as stage_key,
        lower(pipeline_label) as pipeline_key,
        entered_at
    from split_labels
    where entered_at is not null
)

select * from final

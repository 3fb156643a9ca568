-- int_restatement_causes: why each lead or opportunity entered, left or changed a restated figure.
-- grain: one row per restated figure and record
-- The first cause that applies: a record gone from the CRM was merged or deleted; a lead in an SLA rate
-- judged differently on the same business minutes was judged by a changed definition; a record in the
-- figure both nights changed its amount; a record dated in another month the other night moved: its
-- close date (opportunities) or its status history (leads); a changed definition of the figure's kind;
-- a record in another breakdown the other night was edited (source or team); a record the previous
-- night did not know at all was recorded late; otherwise a lead's status history was backfilled and
-- an opportunity's close date moved.
with changes as (
    select * from {{ ref('int_restatement_records') }}
),

previous_records as (
    select history.metric, history.record_id, history.month
    from {{ source('history', 'records') }} as history
    inner join {{ ref('int_history_previous_night') }} as previous_night on previous_night.as_of_date = history.as_of_date
),

-- Only the records that changed are looked up, not every record of both nights.
changed_keys as (
    select distinct metric, record_id from changes
),

previous_by_metric as (
    select previous_records.metric, previous_records.record_id, min(previous_records.month) as month
    from previous_records
    inner join changed_keys on changed_keys.metric = previous_records.metric and changed_keys.record_id = previous_records.record_id
    group by previous_records.metric, previous_records.record_id
),

previous_known as (
    select distinct previous_records.record_id from previous_records
    where previous_records.record_id in (select changes.record_id from changes)
),

current_by_metric as (
    select figure_records.metric, figure_records.record_id, min(figure_records.month) as month
    from {{ ref('figure_records') }} as figure_records
    inner join changed_keys on changed_keys.metric = figure_records.metric and changed_keys.record_id = figure_records.record_id
    group by figure_records.metric, figure_records.record_id
),

areas_changed as (
    select * from {{ ref('int_definition_areas_changed') }}
),

in_crm as (
    select 'lead' as record_kind, person_id as record_id from {{ ref('int_people') }}
    union all
    select 'opportunity', opportunity_id from {{ ref('int_opportunities') }}
),

evidence as (
    select
        changes.*,
        restated.area,
        in_crm.record_id is not null as is_in_crm,
        previous_known.record_id is not null as was_known,
        case changes.change when 'left' then current_by_metric.month when 'entered' then previous_by_metric.month end as other_night_month,
        area_changed.area is not null or all_changed.areas > 0 as is_definition_changed
    from changes
    inner join {{ ref('int_restated_figures') }} as restated
        on restated.metric = changes.metric and restated.month = changes.month and restated.breakdown = changes.breakdown
    left join in_crm on in_crm.record_kind = changes.record_kind and in_crm.record_id = changes.record_id
    left join previous_known on previous_known.record_id = changes.record_id
    -- Joined on their keys alone (one row per metric and record each), the change picking the side in
    -- other_night_month: a condition on changes in the join made it a nested loop over every record.
    left join previous_by_metric on previous_by_metric.metric = changes.metric and previous_by_metric.record_id = changes.record_id
    left join current_by_metric on current_by_metric.metric = changes.metric and current_by_metric.record_id = changes.record_id
    left join areas_changed as area_changed on area_changed.area = restated.area
    cross join (select count(*) as areas from areas_changed where area = 'all') as all_changed
),

final as (
    select
        evidence.*,
        case
            when evidence.change = 'left' and not evidence.is_in_crm then 'merged_or_deleted'
            -- A lead judged differently on the same business minutes: the target moved, not the lead.
            when evidence.change = 'changed' and evidence.record_kind = 'lead' and evidence.is_definition_changed
                and evidence.old_business_minutes = evidence.new_business_minutes then 'definition_changed'
            when evidence.change = 'changed' then 'amount_changed'
            when evidence.other_night_month <> evidence.month and evidence.record_kind = 'opportunity' then 'close_date_moved'
            when evidence.other_night_month <> evidence.month then 'status_history_backfilled'
            when evidence.is_definition_changed then 'definition_changed'
            when evidence.other_night_month is not null then 'record_edited'
            when evidence.change = 'entered' and not evidence.was_known then 'recorded_late'
            when evidence.record_kind = 'opportunity' then 'close_date_moved'
            else 'status_history_backfilled'
        end as cause
    from evidence
)

select * from final

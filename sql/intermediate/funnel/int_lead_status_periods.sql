-- int_lead_status_periods: each status a lead held and when it began, from LeadHistory or, without history, the current status.
-- grain: one row per lead and status change (including the status at creation)
with leads as (
    select * from {{ ref('stg_salesforce__leads') }}
),

status_changes as (
    select
        history.*,
        row_number() over (partition by history.lead_id order by history.changed_at, history.lead_history_id) as change_number
    from {{ ref('stg_salesforce__lead_history') }} as history
    where history.field = 'status'
),

at_creation as (
    select
        leads.lead_id,
        coalesce(first_change.old_value, leads.status) as status,
        leads.created_at as began_at,
        case when first_change.lead_id is null then 'inferred' else 'observed' end as evidence
    from leads
    left join status_changes as first_change
        on first_change.lead_id = leads.lead_id and first_change.change_number = 1
),

changes as (
    select status_changes.lead_id, status_changes.new_value as status, status_changes.changed_at as began_at, 'observed' as evidence
    from status_changes
    inner join leads on leads.lead_id = status_changes.lead_id
),

final as (
    select * from at_creation
    union all
    select * from changes
)

select * from final

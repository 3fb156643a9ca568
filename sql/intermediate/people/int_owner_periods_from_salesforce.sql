-- int_owner_periods_from_salesforce: who owned each lead when (a user or a queue), from LeadHistory owner changes.
-- grain: one row per lead and owner period
-- Without history the current owner, if a user, is taken as the owner since creation.
with leads as (
    select * from {{ ref('stg_salesforce__leads') }}
),

owner_changes as (
    select
        history.lead_id, history.changed_at, history.old_owner_id, history.new_owner_id,
        row_number() over (partition by history.lead_id order by history.changed_at, history.lead_history_id) as change_number
    from {{ ref('stg_salesforce__lead_history') }} as history
    where history.field in ('owner', 'ownerid') and history.new_owner_id is not null
),

period_starts as (
    select leads.lead_id, coalesce(first_change.old_owner_id, leads.owner_id) as owner_id, leads.created_at as valid_from, 0 as change_number
    from leads
    left join owner_changes as first_change on first_change.lead_id = leads.lead_id and first_change.change_number = 1
    union all
    select owner_changes.lead_id, owner_changes.new_owner_id as owner_id, owner_changes.changed_at as valid_from, owner_changes.change_number
    from owner_changes
    inner join leads on leads.lead_id = owner_changes.lead_id
),

final as (
    select
        lead_id as person_id,
        owner_id,
        valid_from,
        lead(valid_from) over (partition by lead_id order by valid_from, change_number) as valid_to,
        substr(owner_id, 1, 3) = '005' as is_user_owner
    from period_starts
)

select * from final

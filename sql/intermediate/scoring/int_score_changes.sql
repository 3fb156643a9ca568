-- int_score_changes: every recorded change of a person's lead score, from Salesforce field history and Marketo "Change Score" activities.
-- grain: one row per person and score change
-- Salesforce: LeadHistory rows of the field scoring.score_columns.salesforce names (none by
-- default). Marketo: activities of type 22 (Change Score) whose primary attribute is the
-- configured score field (compared without spaces or case, so "Lead Score" is leadScore),
-- credited to the person the Marketo lead stands for. HubSpot exports carry no score history.
-- test not_null: person_id, changed_at
with settings as (
    select * from {{ ref('scoring_settings') }}
),

salesforce_changes as (
    select
        history.lead_id as person_id, history.changed_at,
        {{ to_number('history.old_value') }} as old_score,
        {{ to_number('history.new_value') }} as new_score,
        'salesforce' as source_system
    from {{ ref('stg_salesforce__lead_history') }} as history
    inner join settings on settings.salesforce_score_field = history.field
),

marketo_changes as (
    select
        links.person_id, activities.activity_at as changed_at,
        cast(activities.old_value as double) as old_score,
        cast(activities.new_value as double) as new_score,
        'marketo' as source_system
    from {{ ref('stg_marketo__activities') }} as activities
    inner join {{ ref('int_person_links_from_marketo') }} as links on links.marketo_lead_id = activities.lead_id
    cross join settings
    where activities.activity_type_id = 22
        and (activities.primary_attribute_value is null
            or lower(replace(activities.primary_attribute_value, ' ', '')) = settings.marketo_score_field)
),

final as (
    select * from salesforce_changes
    union all
    select * from marketo_changes
)

select * from final

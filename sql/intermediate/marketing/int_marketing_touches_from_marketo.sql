-- int_marketing_touches_from_marketo: Marketo program successes and form fills, tied to the person (the synced Salesforce person, else the Marketo-only one).
-- grain: one row per person and campaign response
-- A program success is timed at its reached-success date, else at membership. A form fill
-- (activity type 2) is credited to the program its primaryAttributeValueId names, else to the
-- form as its own campaign (see int_campaigns_from_marketo).
with links as (
    select * from {{ ref('int_person_links_from_marketo') }}
),

members as (
    select * from {{ ref('stg_marketo__program_members') }}
    where has_reached_success
),

form_fills as (
    select * from {{ ref('stg_marketo__activities') }}
    where activity_type_id = 2
),

programs as (
    select * from {{ ref('stg_marketo__programs') }}
),

successes as (
    select
        links.person_id, 'marketo:' || members.program_id as campaign_id,
        'marketo:member:' || members.program_id || ':' || members.lead_id as touch_id,
        'program success' as touch_kind,
        coalesce(members.reached_success_at, members.membership_at, members.created_at) as touched_at
    from members
    inner join links on links.marketo_lead_id = members.lead_id
),

fills as (
    select
        links.person_id,
        case
            when programs.program_id is not null then 'marketo:' || programs.program_id
            when form_fills.primary_attribute_value_id is not null then 'marketo:form:' || form_fills.primary_attribute_value_id
        end as campaign_id,
        'marketo:activity:' || form_fills.activity_id as touch_id,
        'form fill' as touch_kind,
        form_fills.activity_at as touched_at
    from form_fills
    inner join links on links.marketo_lead_id = form_fills.lead_id
    left join programs on programs.program_id = form_fills.primary_attribute_value_id
),

final as (
    select * from successes where touched_at is not null
    union all
    select * from fills where campaign_id is not null
)

select * from final

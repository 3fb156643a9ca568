-- int_campaigns_from_marketo: Marketo programs as campaigns ('marketo:' || id, type = channel), plus the forms filled out outside any program.
-- grain: one row per program or form
-- A Fill Out Form activity names its form, not a program: a form whose id is no program's id is
-- a campaign of its own ('marketo:form:' || id, type 'Form'), so form fills are credited somewhere.
with programs as (
    select * from {{ ref('stg_marketo__programs') }}
),

form_fills as (
    select * from {{ ref('stg_marketo__activities') }}
    where activity_type_id = 2 and primary_attribute_value_id is not null
),

forms as (
    select
        form_fills.primary_attribute_value_id as form_id,
        min(form_fills.primary_attribute_value) as form_name,
        min(form_fills.activity_at) as first_fill_at
    from form_fills
    left join programs on programs.program_id = form_fills.primary_attribute_value_id
    where programs.program_id is null
    group by form_fills.primary_attribute_value_id
),

final as (
    select
        'marketo:' || program_id as campaign_id, program_name as campaign_name,
        coalesce(channel, program_type) as campaign_type, status, start_date, end_date, created_at,
        'marketo' as source_system
    from programs
    union all
    select
        'marketo:form:' || form_id as campaign_id, coalesce(form_name, 'Form ' || form_id) as campaign_name,
        'Form' as campaign_type, cast(null as varchar) as status, cast(null as date) as start_date,
        cast(null as date) as end_date, first_fill_at as created_at, 'marketo' as source_system
    from forms
)

select * from final

-- int_people: everyone who entered the funnel, from every source, with the source category of their lead source.
-- grain: one row per person
-- Each source contributes an int_people_from_<source> model with the same columns; people from
-- sources other than Salesforce carry ids prefixed with their source, so ids never collide.
with unioned as (
    select * from {{ ref('int_people_from_salesforce') }}
    union all
    select * from {{ ref('int_people_from_hubspot') }}
    union all
    select * from {{ ref('int_people_from_marketo') }}
    union all
    select * from {{ ref('int_people_from_mapped') }}
),

categories as (
    select * from {{ ref('source_category_map') }}
),

final as (
    select
        unioned.*,
        coalesce(categories.source_category, 'unknown') as source_category,
        case when strpos(unioned.email, '@') > 0 then lower(substr(unioned.email, strpos(unioned.email, '@') + 1)) end as email_domain
    from unioned
    left join categories on categories.lead_source_value = lower(trim(unioned.lead_source))
)

select * from final

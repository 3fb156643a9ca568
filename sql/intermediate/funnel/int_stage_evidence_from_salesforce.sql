-- int_stage_evidence_from_salesforce: every dated sign of a stage in Salesforce: lead creation, mapped statuses, conversions, opportunities.
-- grain: one row per person, stage and piece of evidence
-- is_date_only marks evidence that carries a day but no time (ConvertedDate, CloseDate).
with people as (
    select * from {{ ref('int_people_from_salesforce') }}
),

status_periods as (
    select * from {{ ref('int_lead_status_periods') }}
),

stage_map as (
    select * from {{ ref('stage_map') }}
),

opportunities as (
    select * from {{ ref('int_opportunities_from_salesforce') }}
    where person_id is not null
),

created as (
    select people.person_id, 'inquiry' as stage, people.created_at as reached_at, 'observed' as evidence, false as is_date_only
    from people
    where people.lead_id is not null
),

from_status as (
    select status_periods.lead_id as person_id, stage_map.stage, status_periods.began_at as reached_at, status_periods.evidence, false as is_date_only
    from status_periods
    inner join stage_map on stage_map.source = 'salesforce' and stage_map.status_value = lower(trim(status_periods.status))
),

converted as (
    select people.person_id, 'sql' as stage, cast(people.converted_date as timestamp) as reached_at, 'observed' as evidence, true as is_date_only
    from people
    where people.converted_date is not null
),

from_opportunities as (
    select opportunities.person_id, 'sql' as stage, opportunities.created_at as reached_at, 'observed' as evidence, false as is_date_only
    from opportunities
    union all
    select opportunities.person_id, case when opportunities.is_won then 'won' else 'lost' end as stage,
        cast(opportunities.close_date as timestamp) as reached_at, 'observed' as evidence, true as is_date_only
    from opportunities
    where opportunities.is_closed
),

final as (
    select * from created
    union all
    select * from from_status
    union all
    select * from converted
    union all
    select * from from_opportunities
)

select * from final

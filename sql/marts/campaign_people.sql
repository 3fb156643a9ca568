-- campaign_people: the people each campaign touched, and whether they went on to MQL and SQL: the people behind campaign_roi's counts.
-- grain: one row per campaign and person who responded to it
-- column campaign_id: the campaign (as in campaign_roi)
-- column person_id: the person (as in the leads mart)
-- column first_response_at: the person's first response to the campaign (UTC)
-- column responses: how many times the person responded to the campaign
-- column mql_at: when the person became an MQL (whether before or after the response), empty if never
-- column sql_at: when sales qualified the person, empty if never
-- test not_null: campaign_id, person_id, first_response_at
-- test accepted_range: responses >= 1
with stage_times as (
    select * from {{ ref('int_person_stage_times') }}
),

responded as (
    select * from {{ grouped_by_key(ref('int_marketing_touches'), 'campaign_id, person_id',
        'touched_at as first_response_at, 1 as responses', 'min(touched_at) as first_response_at, count(*) as responses') }} as responded
),

final as (
    select
        responded.campaign_id,
        responded.person_id,
        responded.first_response_at,
        responded.responses,
        stage_times.mql_at,
        stage_times.sql_at
    from responded
    left join stage_times on stage_times.person_id = responded.person_id
)

select * from final

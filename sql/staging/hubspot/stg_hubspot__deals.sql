-- stg_hubspot__deals: the latest version of each HubSpot deal (by Last Modified Date), with its associated contact IDs as exported.
-- grain: one row per deal
with source as (
    select * from {{ source('hubspot', 'deal') }}
),

versions as (
    select
        source.*,
        {{ version_rank('deal_id', 'coalesce(last_modified_at, created_at)') }} as version_rank
    from source
),

final as (
    select
        deal_id, deal_name, stage_name, pipeline, amount, currency_code, close_date, created_at,
        owner_name, owner_id, original_source, is_won, is_closed, associated_contact_ids, associated_company_ids,
        entered_appointment_scheduled_at, entered_qualified_to_buy_at, entered_presentation_scheduled_at,
        entered_decision_maker_bought_in_at, entered_contract_sent_at, entered_closed_won_at, entered_closed_lost_at
    from versions
    where version_rank = 1
)

select * from final

-- stg_hubspot__deals: the latest version of each HubSpot deal (by Last Modified Date), with its associated contact IDs and outcome columns as exported.
-- grain: one row per deal
-- stage_entries holds every pipeline's `Date entered "<Stage> (<Pipeline>)"` as `label<TAB>time`
-- lines (see int_deal_stage_entries_from_hubspot). The outcome columns are null when the export
-- leaves them out (a view export), so the deal stage map can decide instead.
with versions as (
    select * from {{ latest_versions(source('hubspot', 'deal'), 'deal_id', 'coalesce(last_modified_at, created_at)') }} as latest
),

final as (
    select
        deal_id, deal_name, stage_name, pipeline, amount, currency_code, close_date, created_at, last_modified_at,
        owner_name, owner_id, original_source, original_source_drill_down_1,
        is_won, is_lost, is_closed, is_won_numeric, is_closed_numeric, deal_probability, closed_lost_reason, closed_won_reason,
        associated_contact_ids, associated_company_ids, primary_company_id,
        entered_appointment_scheduled_at, entered_qualified_to_buy_at, entered_presentation_scheduled_at,
        entered_decision_maker_bought_in_at, entered_contract_sent_at, entered_closed_won_at, entered_closed_lost_at,
        stage_entries
    from versions
)

select * from final

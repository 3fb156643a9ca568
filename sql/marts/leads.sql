-- leads: one row per person in the funnel with stage times, owner, handoff, first sales touch and every SLA result.
-- grain: one row per person
-- column person_id: the person (the lead's id, or the contact's id for contacts that never were a lead)
-- column lead_id: the lead's id in its CRM (Salesforce ids have 18 characters; other sources' ids are prefixed with the source, e.g. hubspot:123), empty for contact-only people
-- column contact_id: Salesforce contact id, for converted leads and contacts
-- column person_name: the person's name as the export gives it ("First Last", or the one name column), empty when the export has none; never contact details
-- column source_system: the CRM the person came from
-- column created_at: when the record was created (UTC)
-- column lead_source: the lead source as recorded in the CRM
-- column source_category: marketing, sales, partner or unknown, from the lead source mapping
-- column company: company name
-- column country: country
-- column segment: segment (e.g. SMB, Mid-Market, Enterprise) when the CRM records one
-- column status: current lead status
-- column owner_id: current owner (user or queue)
-- column owner_name: current owner's name (empty for a queue)
-- column team: the handoff owner's team
-- column partner_name: the partner the lead was handed to, if any
-- column handoff_owner_id: the user who owned the lead at handoff
-- column handoff_owner_name: that user's name
-- column handoff_owner_time_zone: that user's time zone (IANA name), when the CRM exports it
-- column inquiry_at: first time the person responded to marketing (lead creation)
-- column mql_at: first time the person became a marketing-qualified lead
-- column sal_at: first time sales accepted the lead
-- column sql_at: first time sales qualified it (opportunity created, conversion or status)
-- column won_at: close date of the first won opportunity
-- column rejected_at: first time sales rejected the lead
-- column recycled_at: first time the lead went back to nurture
-- column lost_at: close date of the first lost opportunity
-- column is_mql_inferred: true when the MQL time was inferred from a later stage, not observed
-- column is_sal_inferred: true when the SAL time was inferred from a later stage
-- column is_sql_inferred: true when the SQL time was inferred from a later stage
-- column rejection_reason: the reason sales gave when rejecting the lead
-- column handoff_at: first moment the lead was both MQL and owned by a user (not a queue)
-- column first_sales_touch_at: first call, email or meeting by a sales user at or after handoff
-- column routing_sla_business_minutes: business minutes from MQL to handoff (so far, when not yet routed)
-- column routing_sla_due_at: when routing was due
-- column routing_sla_target_minutes: business minutes allowed for the routing (the most specific configured target)
-- column routing_sla_status: met, late, breached or pending as of the export time
-- column response_sla_business_minutes: business minutes from handoff to first sales touch (so far, when untouched)
-- column response_sla_due_at: when the first touch was due
-- column response_sla_target_minutes: business minutes allowed for the first touch (the most specific configured target)
-- column response_sla_status: met, late, breached or pending as of the export time, or rejected_untouched (rejected or recycled without a contact attempt before the deadline: not judged)
-- column response_band: under 5 min, 5 to 15 min, 15 to 60 min, 1 to 4 h, 4 to 24 h, over 24 h or never, from the exact (unrounded) business time to the first sales touch
-- column disposition_sla_business_minutes: business minutes from handoff to accepted, rejected or recycled
-- column disposition_sla_due_at: when the disposition was due
-- column disposition_sla_target_minutes: business minutes allowed for the disposition (the most specific configured target)
-- column disposition_sla_status: met, late, breached or pending
-- column partner_response_sla_business_minutes: business minutes from handoff to the partner's first touch
-- column partner_response_sla_due_at: when the partner's first touch was due
-- column partner_response_sla_target_minutes: business minutes allowed for the partner's first touch (the most specific configured target)
-- column partner_response_sla_status: met, late, breached or pending (partner leads only)
-- test unique: person_id
-- test not_null: person_id, created_at, source_category
-- test accepted_values: source_category in marketing, sales, partner, unknown
-- test accepted_values: response_sla_status in met, late, breached, pending, rejected_untouched
-- test accepted_values: routing_sla_status in met, late, breached, pending
-- test accepted_values: disposition_sla_status in met, late, breached, pending
-- test accepted_values: partner_response_sla_status in met, late, breached, pending
-- test relationships: handoff_owner_id references int_users.user_id
-- test accepted_range: routing_sla_business_minutes, response_sla_business_minutes, disposition_sla_business_minutes, partner_response_sla_business_minutes >= 0
with people as (
    select * from {{ ref('int_people') }}
),

stage_times as (
    select * from {{ ref('int_person_stage_times') }}
),

handoffs as (
    select * from {{ ref('int_lead_handoffs') }}
),

sla_results as (
    select * from {{ ref('int_person_sla_results') }}
),

users as (
    select * from {{ ref('int_users') }}
),

final as (
    select
        people.person_id, people.lead_id, people.contact_id, people.person_name, people.source_system, people.created_at,
        people.lead_source, people.source_category, people.company, people.country, people.segment, people.status,
        people.owner_id, current_owner.user_name as owner_name,
        handoff_owner.team, handoff_owner.partner_name,
        handoffs.handoff_owner_id, handoff_owner.user_name as handoff_owner_name, handoff_owner.time_zone as handoff_owner_time_zone,
        stage_times.inquiry_at, stage_times.mql_at, stage_times.sal_at, stage_times.sql_at, stage_times.won_at,
        stage_times.rejected_at, stage_times.recycled_at, stage_times.lost_at,
        coalesce(stage_times.is_mql_inferred, false) as is_mql_inferred,
        coalesce(stage_times.is_sal_inferred, false) as is_sal_inferred,
        coalesce(stage_times.is_sql_inferred, false) as is_sql_inferred,
        people.rejection_reason, handoffs.handoff_at, sla_results.first_sales_touch_at,
        sla_results.routing_sla_business_minutes, sla_results.routing_sla_due_at, sla_results.routing_sla_target_minutes, sla_results.routing_sla_status,
        sla_results.response_sla_business_minutes, sla_results.response_sla_due_at, sla_results.response_sla_target_minutes, sla_results.response_sla_status,
        sla_results.response_band,
        sla_results.disposition_sla_business_minutes, sla_results.disposition_sla_due_at, sla_results.disposition_sla_target_minutes, sla_results.disposition_sla_status,
        sla_results.partner_response_sla_business_minutes, sla_results.partner_response_sla_due_at, sla_results.partner_response_sla_target_minutes, sla_results.partner_response_sla_status
    from people
    left join stage_times on stage_times.person_id = people.person_id
    left join handoffs on handoffs.person_id = people.person_id
    left join sla_results on sla_results.person_id = people.person_id
    left join users as current_owner on current_owner.user_id = people.owner_id
    left join users as handoff_owner on handoff_owner.user_id = handoffs.handoff_owner_id
)

select * from final

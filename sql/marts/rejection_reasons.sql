-- rejection_reasons: why sales rejected leads, by month, source category, campaign and partner.
-- grain: one row per month, source category, campaign, partner and reason
-- column month: first day of the month the lead was rejected
-- column source_category: marketing, sales, partner or unknown
-- column campaign_id: the campaign of the person's first marketing touch (empty when none)
-- column campaign_name: that campaign's name, or "No campaign"
-- column partner_name: the partner the lead was handed to, if any
-- column reason: the rejection reason sales gave, or "No reason given"
-- column rejected: leads rejected
-- column example_person_ids: up to three example leads (ids only; no contact details are published)
-- test accepted_range: rejected >= 0
with leads as (
    select
        rejected_leads.*,
        {{ month_of('rejected_leads.rejected_at') }} as month,
        coalesce(rejected_leads.rejection_reason, 'No reason given') as reason
    from {{ ref('leads') }} as rejected_leads
    where rejected_leads.rejected_at is not null
),

first_touches as (
    select * from {{ ref('int_person_first_campaign') }}
),

grouped as (
    select
        leads.month,
        leads.source_category,
        first_touches.campaign_id,
        coalesce(first_touches.campaign_name, 'No campaign') as campaign_name,
        leads.partner_name,
        leads.reason,
        leads.person_id,
        row_number() over (
            partition by leads.month, leads.source_category, first_touches.campaign_id, leads.partner_name, leads.reason
            order by leads.rejected_at desc, leads.person_id
        ) as example_rank
    from leads
    left join first_touches on first_touches.person_id = leads.person_id
),

final as (
    select
        month, source_category, campaign_id, campaign_name, partner_name, reason,
        count(*) as rejected,
        {{ string_agg_sorted('case when example_rank <= 3 then person_id end') }} as example_person_ids
    from grouped
    group by month, source_category, campaign_id, campaign_name, partner_name, reason
)

select * from final

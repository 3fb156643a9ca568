-- int_spend_matches_from_spend: the campaign each spend line is for: matched by id, else by name (case-insensitive), else a spend-only campaign of its own.
-- grain: one row per spend line
-- Candidates are the campaigns of every source except spend itself (Salesforce, Marketo, HubSpot, mapped).
-- An id matches as written ('marketo:3569'), as the source's own id (3569, with source marketo or
-- no source) or as a 15-character Salesforce id. A `source` column, when filled, limits the match
-- to that system. When several campaigns match, an id match beats a name match, then Salesforce
-- comes before other sources (a Marketo program often shares its synced campaign's name). A line
-- matching nothing is a campaign of its own, 'spend:' || lower(name), with cost and no touches.
with spend as (
    select * from {{ ref('stg_spend__campaign_spend') }}
),

candidates as (
    select campaign_id, campaign_id as native_id, campaign_name, 'salesforce' as source_system from {{ ref('stg_salesforce__campaigns') }}
    union all
    select campaign_id, substr(campaign_id, strpos(campaign_id, ':') + 1), campaign_name, source_system from {{ ref('int_campaigns_from_marketo') }}
    union all
    select campaign_id, substr(campaign_id, strpos(campaign_id, ':') + 1), campaign_name, source_system from {{ ref('int_campaigns_from_mapped') }}
    union all
    select campaign_id, substr(campaign_id, length('hubspot:campaign:') + 1), campaign_name, source_system from {{ ref('int_campaigns_from_hubspot') }}
),

pairs as (
    select
        spend.source_file, spend.source_row_number, candidates.campaign_id,
        candidates.campaign_id = spend.campaign_reference
            or candidates.native_id = spend.campaign_reference
            or (candidates.source_system = 'salesforce' and length(spend.campaign_reference) = 15
                and substr(candidates.campaign_id, 1, 15) = spend.campaign_reference) as is_id_match,
        lower(trim(candidates.campaign_name)) = spend.campaign_key as is_name_match,
        case when candidates.source_system = 'salesforce' then 1 else 2 end as source_rank
    from spend
    inner join candidates on spend.campaign_source is null or spend.campaign_source = candidates.source_system
),

matches as (
    select pairs.*, case when pairs.is_id_match then 1 else 2 end as match_kind
    from pairs
    where pairs.is_id_match or pairs.is_name_match
),

ranked as (
    select
        matches.*,
        row_number() over (partition by matches.source_file, matches.source_row_number order by matches.match_kind, matches.source_rank, matches.campaign_id) as match_rank
    from matches
),

final as (
    select
        spend.source_file, spend.source_row_number, spend.campaign_reference, spend.campaign_key,
        coalesce(ranked.campaign_id, 'spend:' || spend.campaign_key) as campaign_id,
        ranked.campaign_id is not null as is_matched,
        spend.month, spend.cost, spend.currency_code, spend.channel
    from spend
    left join ranked on ranked.source_file = spend.source_file and ranked.source_row_number = spend.source_row_number and ranked.match_rank = 1
)

select * from final

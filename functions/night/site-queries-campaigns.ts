// The site data behind each campaign's numbers: the people it touched (and those of them who became MQL and SQL) and the
// opportunities it touched (and those won), each list newest first and bounded, with the full count stated.
import type { Engine } from '../core/engine.ts';
import type { SiteQuery } from './site-queries.ts';
import { INLINED, MODELS, MONTH, newestPerList } from './site-sql.ts';

/** Longest list of people or opportunities behind one campaign number the site publishes; the total is always stated. */
export const CAMPAIGN_LIST_LIMIT = 500;
/** Opportunities shown in the table on a campaign's own page; the rest are on its lists. */
export const CAMPAIGN_OPPORTUNITY_LIMIT = 50;

/**
 * The people behind each campaign's people-touched, MQL and SQL counts (campaign_roi's), newest stage first, bounded per
 * list. Who each person is (the leads mart) is looked up only for the people listed: ranking every campaign member
 * with their lead's columns made the ranking several times wider than it needs to be.
 */
export const campaignPeople: SiteQuery = () => `
      with lists ${INLINED} (
        select campaign_id, person_id, 'touched' as list, first_response_at as event_at from campaign_people
        union all select campaign_id, person_id, 'mqls', mql_at from campaign_people where mql_at is not null
        union all select campaign_id, person_id, 'sqls', sql_at from campaign_people where sql_at is not null
      ),
      listed as (${newestPerList({ from: 'lists', lists: ['campaign_id', 'list'], columns: ['person_id', 'event_at'], at: 'event_at', tie: 'person_id', limit: CAMPAIGN_LIST_LIMIT })})
      select listed.campaign_id, listed.list, listed.list_total, listed.position, listed.person_id, leads.lead_id, leads.person_name, leads.company,
        coalesce(leads.handoff_owner_name, leads.owner_name) as owner_name, leads.source_category, listed.event_at
      from listed
      left join leads on leads.person_id = listed.person_id
      order by listed.campaign_id, listed.list, listed.position`;

/**
 * Each opportunity a campaign touched, once, with the campaign's weight under every model and the months it was created and
 * closed (expected to close, while open) in: a table the site data fills once (`prepareCampaignOpportunities`) for the
 * three queries that read it. Each pivoting the attribution mart itself took 1.6 s at 1,000,000 leads.
 */
export const CAMPAIGN_OPPORTUNITIES = 'site_campaign_opportunities';

const PIVOTED = `
        select campaign_id, opportunity_id, max(opportunity_name) as opportunity_name, max(amount) as amount,
          max(${MONTH('opportunity_month')}) as opportunity_month, max(${MONTH('close_month')}) as close_month,
          bool_or(is_won) as is_won, bool_or(is_closed) as is_closed, max(touches) as touches,
          ${MODELS.map((m) => `coalesce(sum(case when model = '${m}' then weight end), 0) as ${m}`).join(',\n          ')}
        from attribution where campaign_id is not null
        group by campaign_id, opportunity_id`;

/**
 * Each campaign's two opportunity lists, ranked once (`campaignOpportunityLists`) for the two things that read them: the
 * opportunities on each campaign's page and the list files. The page's query had ranked them three times and the list
 * file once more: 1.85 and 0.93 s at 1,000,000 leads, now 1.10 and 0.18 s after 0.83 s to rank them once.
 */
export const CAMPAIGN_OPPORTUNITY_LISTS = 'site_campaign_opportunity_lists';

/**
 * Fills the campaign opportunities table and its ranked lists, which the campaign queries and list files read (temporary
 * tables: they live as long as the connection).
 */
export async function prepareCampaignOpportunities(engine: Engine): Promise<void> {
  await engine.execute(`create or replace temporary table ${CAMPAIGN_OPPORTUNITIES} as ${PIVOTED}`);
  await engine.execute(`create or replace temporary table ${CAMPAIGN_OPPORTUNITY_LISTS} as ${campaignOpportunityLists()}`);
}

/** Drops the campaign opportunities tables once the site data is written. */
export async function dropCampaignOpportunities(engine: Engine): Promise<void> {
  for (const table of [CAMPAIGN_OPPORTUNITY_LISTS, CAMPAIGN_OPPORTUNITIES]) await engine.execute(`drop table if exists ${table}`);
}

// What each opportunity list entry shows, and its order: newest month created first (ties by id).
const OPPORTUNITY_ENTRY = {
  columns: ['opportunity_id', 'opportunity_name', 'amount', 'opportunity_month', 'close_month', 'is_won', 'is_closed', 'touches', ...MODELS],
  at: `strptime(opportunity_month, '%Y-%m')`,
  tie: 'opportunity_id',
  limit: CAMPAIGN_LIST_LIMIT,
};

/**
 * Each campaign's two opportunity lists: the opportunities it touched ("opportunities") and those of them won ("won"),
 * each newest (by creation month) first and bounded, with the campaign's weight under every model and the list's full
 * count. Every campaign has both lists (a won list may be empty), so they share the file's budget two per campaign.
 * Ranked once a night into CAMPAIGN_OPPORTUNITY_LISTS.
 */
function campaignOpportunityLists(): string {
  return `
      with pivoted ${INLINED} (select * from ${CAMPAIGN_OPPORTUNITIES}),
      lists ${INLINED} (
        select 'opportunities' as list, pivoted.* from pivoted
        union all select 'won', pivoted.* from pivoted where is_won
      )
      ${newestPerList({ from: 'lists', lists: ['campaign_id', 'list'], ...OPPORTUNITY_ENTRY, listCount: '(select 2 * count(distinct campaign_id) from pivoted)' })}`;
}

// A window's first day ("2026-10-01") as its month ("2026-10"), or as the month `delta` months away.
function month(firstDay: string, delta = 0): string {
  const at = new Date(`${firstDay}T00:00:00Z`);
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + delta, 1)).toISOString().slice(0, 7);
}

/**
 * The opportunities behind each campaign's pipeline and revenue in the last quarter and the last 12 months (as
 * campaign_periods.json counts them: pipeline by the month created, revenue by the month closed won), newest created
 * first and bounded, with the months each list covers.
 */
export const campaignPeriodOpportunities: SiteQuery = (w) => `
      with pivoted ${INLINED} (select * from ${CAMPAIGN_OPPORTUNITIES}),
      periods as (
        select 'last-quarter' as period, '${month(w.quarterStart)}' as period_from, '${month(w.quarterEnd, -1)}' as period_to, '${month(w.quarterEnd)}' as period_end
        union all select 'last-12-months', '${month(w.yearStart)}', '${month(w.monthStart, -1)}', '${month(w.monthStart)}'
      ),
      lists ${INLINED} (
        select 'pipeline-' || periods.period as list, periods.period_from, periods.period_to, pivoted.*
        from periods join pivoted on pivoted.opportunity_month >= periods.period_from and pivoted.opportunity_month < periods.period_end
        union all
        select 'revenue-' || periods.period, periods.period_from, periods.period_to, pivoted.*
        from periods join pivoted on pivoted.is_won and pivoted.close_month >= periods.period_from and pivoted.close_month < periods.period_end
      )
      ${newestPerList({ from: 'lists', lists: ['campaign_id', 'list'], ...OPPORTUNITY_ENTRY, columns: ['period_from', 'period_to', ...OPPORTUNITY_ENTRY.columns] })}`;

/**
 * The opportunities a campaign's own page shows in its table: the newest of each campaign (its lists hold the rest), with
 * their positions in its two lists and its two counts. A won one's place among the won is never after its place among
 * all, so it is in the won list whenever it is on the page.
 */
const campaignPageOpportunities: SiteQuery = () => `
      with lists as (select * from ${CAMPAIGN_OPPORTUNITY_LISTS}),
      won as (select * from lists where list = 'won'),
      won_counts as (select distinct campaign_id, list_total from won)
      select opportunities.campaign_id, ${OPPORTUNITY_ENTRY.columns.filter((c) => c !== 'close_month').map((c) => `opportunities.${c}`).join(', ')},
        opportunities.position, won.position as won_position, opportunities.list_total as campaign_opportunities,
        coalesce(won_counts.list_total, 0) as campaign_won_opportunities
      from lists as opportunities
      left join won on won.campaign_id = opportunities.campaign_id and won.opportunity_id = opportunities.opportunity_id
      left join won_counts on won_counts.campaign_id = opportunities.campaign_id
      where opportunities.list = 'opportunities' and opportunities.position <= ${CAMPAIGN_OPPORTUNITY_LIMIT}
      order by opportunities.campaign_id, opportunities.position`;

/** The campaign site data files (the lists themselves are list files: site-lists.ts). */
export const CAMPAIGN_SITE_QUERIES: Record<string, SiteQuery> = {
  campaign_opportunities: campaignPageOpportunities,
};

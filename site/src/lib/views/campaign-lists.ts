// The lists behind a campaign's numbers: the people it touched, those who became MQL or SQL, and the opportunities it
// touched or helped win, with names and amounts. Bounded (the total always stated) and paged like the monthly lead lists.
import { formatCount, formatMoney, formatPercent, formatShortDateTime, monthName } from '../format.ts';
import { anchor, type MetricKey } from '../metrics.ts';
import { crmLink, pages, slug } from '../paths.ts';
import { models } from '../models.ts';
import { campaignListNames } from '../list-names.ts';
import type { CampaignListTotal, CampaignOpportunityRow, CampaignPeopleList, Meta } from '../schema.ts';
import { def, sentence, type Sentence } from '../sentence.ts';
import { MODEL_NAMES } from '../sentences-marketing.ts';
import { cell, type Table } from '../table.ts';
import { LEAD_PAGE_SIZE, type ListPageView, type PageHref } from './lead-list.ts';

/** What a campaign list's view reads: every list's length (the site data, or one list's file), its rows, currency and CRM. */
export interface CampaignListSource {
  meta: Pick<Meta, 'crm_url' | 'reporting_currency' | 'campaign_list_limit'>;
  campaignLists: CampaignListTotal[];
  /** The people of the lists drawn (a list file's); the site data has none. */
  campaignPeople?: CampaignPeopleList[];
  campaignOpportunities: CampaignOpportunityRow[];
  /** The months a period's pipeline or revenue list covers ("2026-07" to "2026-09"), as its list file states them. */
  period?: { from: string; to: string };
}

/** The campaign numbers that open a list, as their address names them. */
export const campaignLists = campaignListNames;
export type CampaignList = (typeof campaignLists)[number];

interface ListSpec {
  title: string;
  metric: MetricKey;
  one: string;
  many: string;
  meaning: (n: number) => string;
  /** How a period list's rows belong to its months ("created", "closed"); absent on a list of all time. */
  inPeriod?: string;
}

const OPPORTUNITIES = { one: 'opportunity', many: 'opportunities', meaning: (n: number) => `${n === 1 ? 'has' : 'have'} a touch of` };
const WON = { one: 'won opportunity', many: 'won opportunities', meaning: OPPORTUNITIES.meaning };

const LISTS: Record<CampaignList, ListSpec> = {
  touched: { title: 'People touched', metric: 'touched_people', one: 'person', many: 'people', meaning: () => 'responded to' },
  mqls: { title: 'MQLs', metric: 'campaign_mqls', one: 'person', many: 'people', meaning: () => 'responded to and became MQL (at any time) after' },
  sqls: { title: 'SQLs', metric: 'campaign_sqls', one: 'person', many: 'people', meaning: () => 'responded to and became SQL after' },
  opportunities: { title: 'Opportunities touched', metric: 'opportunities_touched', ...OPPORTUNITIES },
  won: { title: 'Won deals touched', metric: 'opportunities_touched', ...WON },
  'pipeline-last-quarter': { title: 'Pipeline, last quarter', metric: 'attributed_pipeline', ...OPPORTUNITIES, inPeriod: 'created' },
  'revenue-last-quarter': { title: 'Revenue, last quarter', metric: 'attributed_revenue', ...WON, inPeriod: 'closed' },
  'pipeline-last-12-months': { title: 'Pipeline, last 12 months', metric: 'attributed_pipeline', ...OPPORTUNITIES, inPeriod: 'created' },
  'revenue-last-12-months': { title: 'Revenue, last 12 months', metric: 'attributed_revenue', ...WON, inPeriod: 'closed' },
};

// The time a people list shows for each person.
const PEOPLE_WHEN: Record<CampaignPeopleList['list'], string> = { touched: 'First response', mqls: 'Became MQL', sqls: 'Became SQL' };

/** Whether a campaign list holds people (its people touched, MQLs, SQLs) rather than opportunities. */
export function isPeopleList(list: CampaignList): list is CampaignPeopleList['list'] {
  return list === 'touched' || list === 'mqls' || list === 'sqls';
}

// When a list's rows happened: any time, or the months of its period ("created from July 2026 to September 2026").
function whenPhrase(spec: ListSpec, period: CampaignListSource['period']): string {
  if (!spec.inPeriod || !period) return 'whenever it happened';
  return period.from === period.to ? `${spec.inPeriod} in ${monthName(period.from)}` : `${spec.inPeriod} from ${monthName(period.from)} to ${monthName(period.to)}`;
}

// Campaign lists indexed by campaign once per site data: looking them up by scanning made a page of thousands of
// campaigns (and the marketing digest) quadratic — 2,000 campaigns × 200,000 listed opportunities at scale.
const indexes = new WeakMap<CampaignListSource, { opportunities: Map<string, CampaignOpportunityRow[]>; people: Map<string, CampaignPeopleList>; totals: Map<string, CampaignListTotal> }>();

const listKey = (campaignId: string, list: CampaignList) => `${campaignId}\u0000${list}`;

function byCampaign(data: CampaignListSource) {
  let index = indexes.get(data);
  if (!index) {
    index = { opportunities: new Map(), people: new Map(), totals: new Map() };
    for (const o of data.campaignOpportunities) {
      const rows = index.opportunities.get(o.campaign_id);
      if (rows) rows.push(o);
      else index.opportunities.set(o.campaign_id, [o]);
    }
    for (const p of data.campaignPeople ?? []) index.people.set(listKey(p.campaign_id, p.list), p);
    for (const t of data.campaignLists) index.totals.set(listKey(t.campaign_id, t.list), t);
    indexes.set(data, index);
  }
  return index;
}

/** A campaign's opportunity totals (touched and won), as the lengths of its two opportunity lists. */
export function campaignOpportunityTotals(data: CampaignListSource, campaignId: string): { opportunities: number; won: number } {
  const totals = byCampaign(data).totals;
  return { opportunities: totals.get(listKey(campaignId, 'opportunities'))?.total ?? 0, won: totals.get(listKey(campaignId, 'won'))?.total ?? 0 };
}

/** The opportunities of a list, in its order (newest first). */
function opportunityRows(data: CampaignListSource, campaignId: string, list: CampaignList): CampaignOpportunityRow[] {
  const rows = byCampaign(data).opportunities.get(campaignId) ?? [];
  const limit = data.meta.campaign_list_limit;
  return list === 'won'
    ? rows.filter((o) => o.won_position !== null && o.won_position <= limit).sort((a, b) => a.won_position! - b.won_position!)
    : rows.filter((o) => o.position <= limit).sort((a, b) => a.position - b.position);
}

/** The list's total and how many rows are published, or null when the site publishes no such list for the campaign. */
export function listSize(data: CampaignListSource, campaignId: string, list: CampaignList): { total: number; shown: number } | null {
  const size = byCampaign(data).totals.get(listKey(campaignId, list));
  return size && size.total > 0 ? { total: size.total, shown: size.shown } : null;
}

/** One page of the list behind a campaign number: intro sentence, table, the way back, paging. */
export function campaignListView(data: CampaignListSource, campaign: { name: string; id: string }, list: CampaignList, page = 1, pageHref?: PageHref): ListPageView {
  const spec = LISTS[list];
  const size = listSize(data, campaign.id, list) ?? { total: 0, shown: 0 };
  const currency = data.meta.reporting_currency;
  const crm = data.meta.crm_url;
  const from = (page - 1) * LEAD_PAGE_SIZE;
  const pagesTotal = Math.max(1, Math.ceil(size.shown / LEAD_PAGE_SIZE));
  const title = `${spec.title}, ${campaign.name}`;
  const intro: Sentence = sentence`${def(`${formatCount(size.total)} ${size.total === 1 ? spec.one : spec.many}`, spec.metric)} ${spec.meaning(size.total)} ${campaign.name}, ${whenPhrase(spec, data.period)}.${
    size.shown < size.total ? ` The ${formatCount(size.shown)} most recent are listed.` : ' All of them are listed.'
  }`;
  const table: Table = isPeopleList(list)
    ? {
        caption: '',
        note: crm ? 'Lead ids link to the record in the CRM.' : 'Set company.crm_url in the config to link each lead id to its CRM record.',
        columns: [{ label: 'Lead', text: true }, { label: 'Name', text: true }, { label: 'Company', text: true }, { label: 'Owner', text: true }, { label: 'Source category', text: true, metric: 'source_category' }, { label: PEOPLE_WHEN[list], text: true }],
        rows: (byCampaign(data).people.get(listKey(campaign.id, list))?.entries ?? []).slice(from, from + LEAD_PAGE_SIZE).map((e) => [
          cell.text(e.lead_id ?? e.person_id, crmLink(crm, e.lead_id)),
          cell.person(e.person_name),
          cell.text(e.company, null, 'unknown'),
          cell.text(e.owner_name, null, 'no owner'),
          cell.text(e.source_category, null, 'unknown'),
          { text: formatShortDateTime(e.at), value: e.at },
        ]),
        csvName: '',
      }
    : {
        caption: '',
        note: `Amounts are the whole opportunity's, in ${currency}; the campaign's share under each model is its weight.${crm ? ' Opportunity ids link to the record in the CRM.' : ''}`,
        columns: [
          { label: 'Opportunity', text: true },
          { label: 'Amount' },
          { label: 'Created', text: true },
          { label: 'Status', text: true },
          ...models.map((m) => ({ label: `Weight, ${MODEL_NAMES[m]}`, metric: 'attribution_weight' as const })),
        ],
        rows: opportunityRows(data, campaign.id, list).slice(from, from + LEAD_PAGE_SIZE).map((o) => [
          cell.text(o.opportunity_name ? `${o.opportunity_name} (${o.opportunity_id})` : o.opportunity_id, crmLink(crm, o.opportunity_id)),
          o.amount === null ? cell.money(null, currency) : { text: formatMoney(o.amount, currency), value: o.amount, unit: currency },
          cell.text(o.opportunity_month ? monthName(o.opportunity_month) : null, null, 'unknown'),
          cell.text(o.is_won ? 'Won' : o.is_closed ? 'Lost' : 'Open'),
          ...models.map((m) => ({ text: formatPercent(o[m]), value: Math.round(o[m] * 10000) / 100, unit: '%' })),
        ]),
        csvName: '',
      };
  const paging = {
    page,
    pages: pagesTotal,
    from: from + 1,
    to: Math.min(from + LEAD_PAGE_SIZE, size.shown),
    previous: page > 1 && pageHref ? pageHref(page - 1) : null,
    next: page < pagesTotal && pageHref ? pageHref(page + 1) : null,
  };
  table.caption = `${title}: ${size.shown < size.total ? `the ${formatCount(size.shown)} most recent of ${formatCount(size.total)}` : `all ${formatCount(size.total)}`}${
    pagesTotal > 1 ? ` (page ${page} of ${pagesTotal}: ${paging.from} to ${paging.to})` : ''
  }`;
  table.csvName = `campaign-${slug(campaign.name, campaign.id)}-${list}${pagesTotal > 1 ? `-page-${page}` : ''}`;
  return {
    label: title,
    intro,
    table,
    definition: pages.definition(anchor(spec.metric)),
    back: { label: `Back to ${campaign.name}`, href: pages.campaign(campaign.name, campaign.id) },
    paging,
  };
}

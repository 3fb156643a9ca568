// A list read back from its file (lists/<file>.csv, written by the night) into the same views the site's tables are built from, so
// the list page draws in the browser exactly the table a static page would: the lead list or the campaign list view.
import { parseCsv } from './csv.ts';
import { listMetrics, type ListMetric } from './metrics.ts';
import { campaignLists, campaignListView, isPeopleList, type CampaignList, type CampaignListSource } from './views/campaign-lists.ts';
import { leadListView, listTitle, type LeadListSource, type ListPageView, type PageHref } from './views/lead-list.ts';
import type { CampaignOpportunityRow, LeadListRow, ListDimension, Meta, SourceCategory } from './schema.ts';
import { models } from './models.ts';
import type { Table } from './table.ts';

/** The part of meta.json the list page carries (in its data- attributes) for every list. */
export type ListMeta = Pick<Meta, 'crm_url' | 'reporting_currency' | 'campaign_list_limit'>;

/** A list file that is not one the night writes (a wrong address, or a file from another version). */
export class ListFileError extends Error {
  override name = 'ListFileError';
}

type Record_ = Record<string, string | null>;

// The night writes text that a spreadsheet would run as a formula with a leading quote (as the site's CSVs do); the page shows the text itself.
const text = (value: string | null | undefined): string | null => (value == null ? null : value.replace(/^'(?=[=+\-@\t\r])/, ''));
const number = (value: string | null | undefined): number | null => (value == null || value === '' ? null : Number(value));
const required = (row: Record_, column: string): string => {
  const value = text(row[column]);
  if (value === null) throw new ListFileError(`The list file has no ${column} in a row.`);
  return value;
};

function records(csv: string): Record_[] {
  const [header, ...rows] = parseCsv(csv);
  if (!header) throw new ListFileError('The list file is empty.');
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name ?? '', row[i] ?? null])));
}

const byPosition = (a: Record_, b: Record_) => number(a.position)! - number(b.position)!;

/** A lead list's file → the list (metric, month, group, total, entries) and who its leads are. */
function leadList(rows: Record_[], meta: ListMeta): { list: LeadListRow & { metric: ListMetric }; source: LeadListSource } {
  const first = rows[0]!;
  const metric = required(first, 'metric');
  if (!(metric in listMetrics)) throw new ListFileError(`The list file is of an unknown metric (${metric}).`);
  const dimension = text(first.dimension) as ListDimension | null;
  const key = text(first.group_key);
  const list: LeadListRow & { metric: ListMetric } = {
    metric: metric as ListMetric,
    month: required(first, 'month'),
    ...(dimension && key ? { dimension, key } : {}),
    total: number(first.list_total)!,
    entries: rows.map((r) => ({
      person_id: required(r, 'person_id'),
      at: required(r, 'event_at'),
      minutes: number(r.minutes),
      inferred: r.inferred === 'true',
      reason: text(r.reason),
    })),
  };
  const source: LeadListSource = {
    meta,
    listLeads: rows.map((r) => ({
      person_id: required(r, 'person_id'),
      lead_id: text(r.lead_id),
      person_name: text(r.person_name),
      company: text(r.company),
      owner_name: text(r.owner_name),
      team: text(r.team),
      source_category: text(r.source_category) as SourceCategory,
    })),
    sla: dimension === 'owner' && key ? [{ owner_id: key, owner_name: text(first.group_name) ?? key }] : [],
  };
  return { list, source };
}

/** A campaign list's file (its people, its opportunities, or its period pipeline and revenue) → the rows the campaign list view reads. */
function campaignList(rows: Record_[], meta: ListMeta): { campaign: { id: string; name: string }; list: CampaignList; source: CampaignListSource } {
  const first = rows[0]!;
  const list = required(first, 'list') as CampaignList;
  if (!campaignLists.includes(list)) throw new ListFileError(`The list file is of an unknown campaign list (${list}).`);
  const campaign = { id: required(first, 'campaign_id'), name: text(first.campaign_name) ?? required(first, 'campaign_id') };
  const total = number(first.list_total)!;
  const source: CampaignListSource = { meta, campaignLists: [{ campaign_id: campaign.id, list, total, shown: rows.length }], campaignPeople: [], campaignOpportunities: [] };
  const from = text(first.period_from);
  const to = text(first.period_to);
  if (from && to) source.period = { from, to };
  if (!isPeopleList(list)) {
    source.campaignOpportunities = rows.map((r): CampaignOpportunityRow => ({
      campaign_id: campaign.id,
      opportunity_id: required(r, 'opportunity_id'),
      opportunity_name: text(r.opportunity_name),
      amount: number(r.amount),
      opportunity_month: text(r.opportunity_month),
      is_won: r.is_won === 'true',
      is_closed: r.is_closed === 'true',
      touches: 0,
      ...(Object.fromEntries(models.map((m) => [m, number(r[m]) ?? 0])) as Record<(typeof models)[number], number>),
      position: number(r.position)!,
      won_position: list === 'won' ? number(r.position) : null,
      campaign_opportunities: total,
      campaign_won_opportunities: total,
    }));
  } else {
    source.campaignPeople = [{
      campaign_id: campaign.id,
      list,
      total,
      entries: rows.map((r) => ({
        person_id: required(r, 'person_id'),
        lead_id: text(r.lead_id),
        person_name: text(r.person_name),
        company: text(r.company),
        owner_name: text(r.owner_name),
        source_category: text(r.source_category) as SourceCategory | null,
        at: required(r, 'event_at'),
      })),
    }];
  }
  return { campaign, list, source };
}

/** A list read from its file: its title, and the view of any page of it (rows, paging, the way back). */
export interface ListRead {
  title: string;
  page: (page: number) => ListPageView;
}

/** The list `id` in a list file (which holds the other lists of its metric and month, or of its campaign, too). */
export function readList(csv: string, id: string, meta: ListMeta, pageHref: PageHref): ListRead {
  const rows = records(csv).filter((r) => r.list_id === id).sort(byPosition);
  if (!rows.length) throw new ListFileError(`The report holds no list ${id}.`);
  if ('metric' in rows[0]!) {
    const { list, source } = leadList(rows, meta);
    return { title: listTitle(source, list), page: (page) => leadListView(source, list, page, pageHref) };
  }
  const { campaign, list, source } = campaignList(rows, meta);
  const page = (n: number) => campaignListView(source, campaign, list, n, pageHref);
  return { title: page(1).label, page };
}

/** Every row of a list (all its pages) as one table, for its CSV download. */
export function wholeList(read: ListRead): Table {
  const first = read.page(1);
  const rows = Array.from({ length: first.paging.pages }, (_, i) => (i === 0 ? first : read.page(i + 1)).table.rows).flat();
  return { ...first.table, caption: read.title, rows, csvName: first.table.csvName.replace(/-page-1$/, '') };
}

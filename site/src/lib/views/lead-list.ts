// A lead list page: the leads behind one number in one month (bounded, total stated); ids, name, company and owner only.
import { formatCount, formatShortDateTime, monthName, shortDuration } from '../format.ts';
import { anchor, listMetrics, listMonthMeaning, metrics, type ListMetric, type MetricKey } from '../metrics.ts';
import { crmLink, pages, slug } from '../paths.ts';
import type { LeadListRow, ListLead, Meta, SlaRow } from '../schema.ts';
import { def, sentence, type Sentence } from '../sentence.ts';
import { cell, type Table } from '../table.ts';

/** The metric whose definition a list belongs to. */
export function listOwner(list: ListMetric): MetricKey {
  const found = (Object.entries(metrics) as Array<[MetricKey, { lists?: readonly string[] }]>).find(([, m]) => m.lists?.includes(list));
  return found ? found[0] : 'handed_off';
}

/** What a lead list's view reads: the leads' names, the owners' names and the CRM's address (the site data, or one list's file). */
export interface LeadListSource {
  meta: Pick<Meta, 'crm_url'>;
  listLeads: ListLead[];
  sla: Array<Pick<SlaRow, 'owner_id' | 'owner_name'>>;
}

const byData = new WeakMap<LeadListSource, Map<string, ListLead>>();

function who(data: LeadListSource, personId: string): ListLead | undefined {
  let index = byData.get(data);
  if (!index) {
    index = new Map(data.listLeads.map((l) => [l.person_id, l]));
    byData.set(data, index);
  }
  return index.get(personId);
}

/** Whose leads a group list holds, in words ("team SDR East", "Ana Silva"), and the page to go back to. */
function groupOf(data: LeadListSource, list: LeadListRow): { name: string; phrase: string; back: { label: string; href: string } } | null {
  const key = list.key;
  if (!list.dimension || !key) return null;
  switch (list.dimension) {
    case 'team':
      return { name: `team ${key}`, phrase: ` of team ${key}`, back: { label: 'Back to follow-up', href: pages.followUp() } };
    case 'owner': {
      const name = data.sla.find((r) => r.owner_id === key)?.owner_name ?? key;
      return { name, phrase: ` of ${name}`, back: { label: `Back to ${name}`, href: pages.rep(name, key) } };
    }
    case 'partner':
      return { name: `partner ${key}`, phrase: ` of partner ${key}`, back: { label: `Back to ${key}`, href: pages.partner(key) } };
    case 'source':
      return { name: `${key} source`, phrase: ` with source category ${key}`, back: { label: 'Back to the funnel', href: pages.funnel() } };
  }
}

/** A list's title: "MQLs, October 2026" or "Response met, team SDR East, October 2026". */
export function listTitle(data: LeadListSource, list: LeadListRow & { metric: ListMetric }): string {
  const group = groupOf(data, list);
  return `${listMetrics[list.metric]}${group ? `, ${group.name}` : ''}, ${monthName(list.month)}`;
}

/** Rows per page of a list; a longer list continues on the next pages of the list page (…&page=2). */
export const LEAD_PAGE_SIZE = 100;

/** How many pages a list of `shown` rows takes. */
function pageCount(shown: number): number {
  return Math.max(1, Math.ceil(shown / LEAD_PAGE_SIZE));
}

/** Where a list's pages are (its page of the list page), or none where no paging is shown (a digest's excerpt). */
export type PageHref = ((page: number) => string) | undefined;

/** What a page of any list of leads or opportunities shows (the list page draws it: list-render.ts). */
export interface ListPageView {
  label: string;
  intro: Sentence;
  table: Table;
  /** The definition of the number the list is behind. */
  definition: string;
  back: { label: string; href: string };
  /** The whole list (every page) as a CSV data address, where the list page offers it. */
  csv?: string;
  paging: { page: number; pages: number; from: number; to: number; previous: string | null; next: string | null };
}

/** One lead list page: its sentence and table (page is 1-based). */
export function leadListView(data: LeadListSource, list: LeadListRow & { metric: ListMetric }, page = 1, pageHref?: PageHref): ListPageView {
  const label = listMetrics[list.metric];
  const owner = listOwner(list.metric);
  const shown = list.entries.length;
  const sla = /_(met|late|breached)$/.test(list.metric);
  const extra = list.metric === 'rejected' ? 'Reason' : sla ? 'Business time taken (so far, if not done)' : 'How the stage time is known';
  const group = groupOf(data, list);
  const intro: Sentence = sentence`${def(`${formatCount(list.total)} ${list.total === 1 ? 'lead' : 'leads'}`, owner)}${group?.phrase ?? ''} ${listMonthMeaning[list.metric]} in ${monthName(list.month)}.${
    shown < list.total ? ` The ${formatCount(shown)} most recent are listed.` : ' All of them are listed.'
  }`;
  const table: Table = {
    caption: `${listTitle(data, list)}: ${shown < list.total ? `the ${formatCount(shown)} most recent of ${formatCount(list.total)}` : `all ${formatCount(list.total)}`}`,
    note: data.meta.crm_url ? 'Lead ids link to the record in the CRM.' : 'Set company.crm_url in the config to link each lead id to its CRM record.',
    columns: [
      { label: 'Lead', text: true },
      { label: 'Name', text: true },
      { label: 'Company', text: true },
      { label: 'Owner', text: true },
      { label: 'Team', text: true },
      { label: 'Source category', text: true, metric: 'source_category' },
      { label: 'When', text: true },
      { label: extra, text: true },
    ],
    rows: list.entries.slice((page - 1) * LEAD_PAGE_SIZE, page * LEAD_PAGE_SIZE).map((e) => {
      const lead = who(data, e.person_id);
      const id = lead?.lead_id ?? e.person_id;
      return [
        cell.text(id, crmLink(data.meta.crm_url, lead?.lead_id ?? null)),
        cell.person(lead?.person_name),
        cell.text(lead?.company ?? null, null, 'unknown'),
        cell.text(lead?.owner_name ?? null, null, 'no owner'),
        cell.text(lead?.team ?? null, null, ''),
        cell.text(lead?.source_category ?? null, null, 'unknown'),
        { text: formatShortDateTime(e.at), value: e.at },
        list.metric === 'rejected'
          ? cell.text(e.reason, null, 'No reason given')
          : sla
            ? e.minutes === null ? cell.text('unknown') : { text: shortDuration(e.minutes), value: e.minutes }
            : cell.text(e.inferred ? 'inferred from a later stage' : 'observed'),
      ];
    }),
    csvName: `leads-${list.metric}-${list.month}${list.dimension && list.key ? `-${list.dimension}-${slug(list.key, list.key)}` : ''}`,
  };
  const back = group ? group.back : metrics[owner].group === 'followUp' ? { label: 'Back to follow-up', href: pages.followUp() } : list.metric === 'rejected' ? { label: 'Back to lead quality', href: pages.leadQuality() } : { label: 'Back to the scorecard', href: pages.scorecard() };
  const pagesTotal = pageCount(shown);
  const paging = {
    page,
    pages: pagesTotal,
    from: (page - 1) * LEAD_PAGE_SIZE + 1,
    to: Math.min(page * LEAD_PAGE_SIZE, shown),
    previous: page > 1 && pageHref ? pageHref(page - 1) : null,
    next: page < pagesTotal && pageHref ? pageHref(page + 1) : null,
  };
  if (pagesTotal > 1) table.caption += ` (page ${page} of ${pagesTotal}: ${paging.from} to ${paging.to})`;
  table.csvName += pagesTotal > 1 ? `-page-${page}` : '';
  return { label, intro, table, definition: pages.definition(anchor(owner)), back, paging };
}

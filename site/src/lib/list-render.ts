// The list page's view drawn in the browser with the same markup (and so the same look and CSS) as Words.astro and
// DataTable.astro give the static pages: text is always set as text, never parsed as HTML.
import { anchor, metrics } from './metrics.ts';
import { pages } from './paths.ts';
import type { Sentence } from './sentence.ts';
import { csvDataUri, type Cell, type Table } from './table.ts';
import type { ListPageView } from './views/lead-list.ts';

type Child = Node | string | null | undefined | false;

function el(tag: string, attributes: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children) if (child) node.append(child);
  return node;
}

/** A sentence's parts as Words.astro renders them: numbers opening their leads with the definition beside, or linking to it. */
export function words(parts: Sentence): Child[] {
  return parts.flatMap((part): Child[] => {
    if (typeof part === 'string') return [part];
    if ('metric' in part && part.href) {
      const label = metrics[part.metric].label;
      return [
        el('a', { href: part.href, 'data-leads': '' }, part.text),
        el('a', { class: 'def', href: pages.definition(anchor(part.metric)), title: `Definition: ${label}` },
          el('span', { 'aria-hidden': 'true' }, '?'), el('span', { class: 'visually-hidden' }, `(definition of ${label})`)),
      ];
    }
    if ('metric' in part) return [el('a', { href: pages.definition(anchor(part.metric)) }, part.text)];
    return [el('a', { href: part.href }, part.text)];
  });
}

function cellContent(c: Cell): Child[] {
  return [c.href ? el('a', { href: c.href }, c.text) : c.text, c.flag && el('span', { class: 'flag' }, c.flag)];
}

/** A table as DataTable.astro renders it: caption and note, headers linked to definitions, row headers, and its CSV. */
export function dataTable(table: Table): Child[] {
  const align = (i: number) => (table.columns[i]?.text && i > 0 ? 'text' : undefined);
  const classes = (i: number, tone?: string) => [align(i), table.columns[i]?.keep ? 'keep' : undefined, tone].filter(Boolean).join(' ') || undefined;
  const head = el('tr', {}, ...table.columns.map((column, i) =>
    el('th', { scope: 'col', class: classes(i) },
      column.metric ? el('a', { href: pages.definition(anchor(column.metric)) }, column.label) : column.label,
      column.unit && el('span', { class: 'unit' }, ` (${column.unit})`))));
  const body = table.rows.length === 0
    ? [el('tr', {}, el('td', { colspan: String(table.columns.length) }, 'No rows.'))]
    : table.rows.map((row) => el('tr', {}, ...row.map((c, i) =>
        i === 0 ? el('th', { scope: 'row', class: c.tone }, ...cellContent(c)) : el('td', { class: classes(i, c.tone) }, ...cellContent(c)))));
  return [
    el('div', { class: 'table-wrap' },
      el('table', {},
        el('caption', {}, table.caption, table.note && el('span', { class: 'note' }, table.note)),
        el('thead', {}, head),
        el('tbody', {}, ...body))),
    el('p', { class: 'downloads' },
      el('a', { href: csvDataUri(table), download: `${table.csvName.replace(/[^A-Za-z0-9._-]+/g, '-')}.csv`, 'data-csv': table.csvName },
        'Download this table as CSV', el('span', { class: 'visually-hidden' }, `: ${table.caption}`))),
  ];
}

/** One page of a list: the way back and the definition, title, intro, table, paging, and the whole list's CSV when it has pages. */
export function listPage(view: ListPageView, title: string): Child[] {
  const { paging } = view;
  return [
    el('p', { class: 'muted' }, el('a', { href: view.back.href }, view.back.label), ' · ', el('a', { href: view.definition }, 'Definition')),
    el('h1', { tabindex: '-1' }, title),
    el('p', { class: 'lead' }, ...words(view.intro)),
    ...dataTable(view.table),
    view.csv && paging.pages > 1 && el('p', { class: 'downloads' },
      el('a', { href: view.csv, download: `${view.table.csvName.replace(/-page-\d+$/, '').replace(/[^A-Za-z0-9._-]+/g, '-')}.csv` },
        `Download the whole list (all ${paging.pages} pages) as CSV`, el('span', { class: 'visually-hidden' }, `: ${title}`))),
    paging.pages > 1 && el('nav', { 'aria-label': 'Pages of this list', class: 'paging' },
      el('p', {}, `Page ${paging.page} of ${paging.pages}.`,
        paging.previous && ' ', paging.previous && el('a', { href: paging.previous, rel: 'prev' }, 'Previous page'),
        paging.next && ' ', paging.next && el('a', { href: paging.next, rel: 'next' }, 'Next page'))),
  ];
}

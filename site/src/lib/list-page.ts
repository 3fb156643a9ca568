// The list page's script: reads the list's id and page from the address, fetches the list's file and draws it. Bundled to
// /_astro/ (the site's CSP allows no inline script); the rest of the page works without it (its noscript says where the CSV is).
import { ListFileError, readList, wholeList, type ListMeta } from './list-file.ts';
import { listPage } from './list-render.ts';
import { pages } from './paths.ts';
import { csvDataUri } from './table.ts';

// The ids the night writes: words, digits and dashes, in dot-separated parts; anything else is not a list.
const LIST_ID = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

function say(root: HTMLElement, heading: string, text: string): void {
  const h1 = document.createElement('h1');
  h1.textContent = heading;
  const p = document.createElement('p');
  p.textContent = text;
  root.replaceChildren(h1, p);
}

/** Draws the list the address names into root (the page's main content). */
export async function showList(root: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  const id = params.get('list') ?? '';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  if (!LIST_ID.test(id)) return say(root, 'No list named', 'This address names no list. Open a list from a number on any page of the report.');
  const meta = JSON.parse(root.dataset.meta ?? '{}') as ListMeta;
  const response = await fetch(pages.listCsv(id));
  if (!response.ok) return say(root, 'List not found', `The report holds no list ${id} (it may be from an older night). Open the list again from its number.`);
  try {
    const read = readList(await response.text(), id, meta, (p) => pages.list(id, p));
    const view = read.page(page);
    if (page > view.paging.pages) return say(root, 'No such page', `This list has ${view.paging.pages} ${view.paging.pages === 1 ? 'page' : 'pages'}.`);
    document.title = document.title.replace(/^[^·]*·/, `${read.title} ·`);
    root.replaceChildren(...listPage({ ...view, csv: csvDataUri(wholeList(read)) }, read.title).filter((c): c is Node | string => Boolean(c)));
    root.querySelector('h1')?.focus();
  } catch (error) {
    if (!(error instanceof ListFileError)) throw error;
    say(root, 'List not found', error.message);
  }
}

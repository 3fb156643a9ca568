// The lists behind each campaign number, from the hand-made site data fixture (test/fixtures/site-data/README.md):
// Paid Search (c1) touched 500 people, 200 became MQL and 50 SQL, and was in the journey of 2 opportunities, 1 won.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSiteData } from '../../site/src/lib/data.ts';
import { readList } from '../../site/src/lib/list-file.ts';
import { plain } from '../../site/src/lib/sentence.ts';
import { campaignListId, campaignListLink } from '../../site/src/lib/list-links.ts';
import { campaignListView } from '../../site/src/lib/views/campaign-lists.ts';
import { campaigns, campaignsView, campaignView } from '../../site/src/lib/views/campaigns.ts';

const data = loadSiteData(fileURLToPath(new URL('../fixtures/site-data/', import.meta.url)));
const all = campaigns(data);
const paid = all.find((c) => c.id === 'c1')!;
const webinar = all.find((c) => c.id === 'c2')!;
const email = all.find((c) => c.id === 'c3')!;
const texts = (rows: Array<Array<{ text: string }>>) => rows.map((row) => row.map((c) => c.text));
// Every list opens on the one list page, named by its id there.
const paidList = (list: string) => `/lists/?list=${campaignListId('c1', list)}`;
// A list as the list page draws it: read from its list file (lists/campaign.<hash>.people.csv).
const fromFile = (list: string) => readList(data.listFile!(campaignListId('c1', list))!, campaignListId('c1', list), data.meta, undefined).page(1);

describe('campaign lists', () => {
  it('link each list the data holds to the list page, and none for a campaign without people or opportunities', () => {
    // Paid Search: all five lists; the webinar has no SQL list in the fixture; the email campaign has nothing.
    const linked = all.flatMap((c) => (['touched', 'mqls', 'sqls', 'opportunities', 'won'] as const).filter((l) => campaignListLink(data, c, l)).map((l) => `${c.id} ${l}`));
    expect(linked).toEqual(['c2 touched', 'c2 mqls', 'c2 opportunities', 'c2 won', 'c1 touched', 'c1 mqls', 'c1 sqls', 'c1 opportunities', 'c1 won']);
    expect(campaignListLink(data, email, 'touched')).toBeNull();
    expect(campaignListLink(data, webinar, 'sqls')).toBeNull();
    expect(campaignListLink(data, paid, 'mqls')).toBe(paidList('mqls'));
    expect(campaignListId('c1', 'mqls')).toMatch(/^campaign\.[0-9a-f]{10}\.mqls$/);
  });

  it('list the MQLs a campaign touched: the total stated, the newest listed, lead ids to the CRM, a way back', () => {
    const view = fromFile('mqls');
    expect(plain(view.intro)).toBe('200 people responded to and became MQL (at any time) after Paid Search – Always On, whenever it happened. The 3 most recent are listed.');
    expect(view.table.caption).toBe('MQLs, Paid Search – Always On: the 3 most recent of 200');
    expect(texts(view.table.rows)).toEqual([
      // 201's export gave no name, and its Name cell says so.
      ['00Q000000000202EAA', 'Priya Natarajan', 'Beacon Software', 'Ana Silva', 'marketing', '3 Nov 2026 14:00 UTC'],
      ['00Q000000000201EAA', 'no name', 'Silverline Health', 'Ben Okafor', 'marketing', '20 Oct 2026 09:30 UTC'],
      ['00Q000000000101EAA', 'Jonas Berg', "Zoë's <b>Bistro</b>", 'Ana Silva', 'marketing', '2 Oct 2026 11:00 UTC'],
    ]);
    expect(view.table.columns.map((c) => c.label).slice(0, 3)).toEqual(['Lead', 'Name', 'Company']);
    expect(view.table.rows[0]![0]!.href).toBe('https://northwind.example.com/lightning/r/Lead/00Q000000000202EAA');
    expect(view.back).toEqual({ label: 'Back to Paid Search – Always On', href: '/campaigns/paid-search-always-on-11s3l/' });
    expect(view.paging.pages).toBe(1);
    // A person the CRM export has no lead for shows its person id, no name, an unknown company and no owner.
    expect(texts(fromFile('sqls').table.rows)[2]).toEqual(['hubspot:9001', 'no name', 'unknown', 'no owner', 'unknown', '1 Sep 2026 08:00 UTC']);
  });

  it('list the opportunities and the won deals a campaign touched, with names, amounts and each model’s weight', () => {
    const touched = campaignListView(data, paid, 'opportunities');
    expect(plain(touched.intro)).toBe('2 opportunities have a touch of Paid Search – Always On, whenever it happened. All of them are listed.');
    expect(texts(touched.table.rows)).toEqual([
      ['Fabrikam – expansion (o2)', 'unknown', 'October 2026', 'Open', '0%', '100%', '50%', '40%', '30%', '23%'],
      ['Contoso – platform renewal (o1)', '$60,000', 'September 2026', 'Won', '100%', '0%', '67%', '60%', '70%', '55%'],
    ]);
    const won = campaignListView(data, paid, 'won');
    expect(plain(won.intro)).toBe('1 won opportunity has a touch of Paid Search – Always On, whenever it happened. All of them are listed.');
    expect(texts(won.table.rows).map((r) => r.slice(0, 4))).toEqual([['Contoso – platform renewal (o1)', '$60,000', 'September 2026', 'Won']]);
  });

  it('make the campaign numbers open their lists: reach table, funnel table and sentence, pipeline and revenue by model', () => {
    const view = campaignsView(data);
    const reach = view.reach.rows.find((r) => r[0]!.text === 'Paid Search – Always On')!;
    // People touched, MQLs, SQLs, opportunities touched, won deals touched.
    expect(reach.slice(3, 8).map((c) => [c.text, c.href])).toEqual([
      ['500', paidList('touched')],
      ['200', paidList('mqls')],
      ['50', paidList('sqls')],
      ['2', paidList('opportunities')],
      ['1', paidList('won')],
    ]);
    // The email campaign publishes no list: its numbers open nothing.
    expect(view.reach.rows.find((r) => r[0]!.text.includes('HYPERLINK'))!.slice(3, 8).map((c) => c.href)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(view.revenue.rows.find((r) => r[0]!.text === 'Paid Search – Always On')![1]!.href).toBe(paidList('won'));
    expect(view.pipeline.rows.find((r) => r[0]!.text === 'Paid Search – Always On')![1]!.href).toBe(paidList('opportunities'));
    const page = campaignView(data, paid);
    expect(page.funnel.rows.map((r) => r[1]!.href)).toEqual([
      paidList('touched'),
      paidList('mqls'),
      paidList('sqls'),
      paidList('opportunities'),
      paidList('won'),
    ]);
    const links = page.sentences[0]!.filter((p) => typeof p !== 'string' && 'href' in p && p.href).map((p) => (p as { text: string; href: string }).text);
    expect(links).toEqual(['500 people', '200', '50', '2 opportunities', '1']);
  });
});

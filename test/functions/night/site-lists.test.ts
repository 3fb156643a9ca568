// The list files the list page reads (functions/night/site-lists.ts): one CSV per metric and month (and per campaign's
// people and opportunities), written by DuckDB, each row naming its list by the id the site's links use
// (site/src/lib/list-links.ts), and read back into the same table a static page showed.
// Three leads and one campaign, worked by hand below; as of 20 November 2026, so October is the latest complete month.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import { joinParts, writeListFiles, type ListFilesWritten } from '../../../functions/night/site-lists.ts';
import { prepareCampaignOpportunities } from '../../../functions/night/site-queries-campaigns.ts';
import { windowOf } from '../../../functions/night/site-queries.ts';
import { readList, wholeList } from '../../../site/src/lib/list-file.ts';
import { campaignListId, leadListId } from '../../../site/src/lib/list-links.ts';
import { listFileOf } from '../../../site/src/lib/paths.ts';
import { plain } from '../../../site/src/lib/sentence.ts';

const SLAS = ['routing', 'response', 'disposition', 'partner_response'];
const META = { crm_url: 'https://crm.example.com/r', reporting_currency: 'USD', campaign_list_limit: 500 };
const texts = (rows: Array<Array<{ text: string }>>) => rows.map((row) => row.map((c) => c.text));

// One lead: its stage times, and its response clock when handed off (met, in `minutes` business minutes).
function lead(id: string, name: string | null, company: string, mqlAt: string, handoffAt: string | null, minutes: number | null, source: string): string {
  const t = (at: string | null) => (at ? `timestamp '${at}'` : 'cast(null as timestamp)');
  const owned = handoffAt !== null;
  const text = (value: string | null) => (value === null ? 'cast(null as varchar)' : `'${value.replaceAll("'", "''")}'`);
  return `select 'P${id}' as person_id, 'L${id}' as lead_id, ${text(name)} as person_name, ${text(company)} as company,
    ${owned ? "'005A'" : 'cast(null as varchar)'} as handoff_owner_id, ${owned ? "'Ana Silva'" : 'cast(null as varchar)'} as handoff_owner_name,
    'Queue' as owner_name, ${owned ? "'SDR East'" : 'cast(null as varchar)'} as team, cast(null as varchar) as partner_name,
    '${source}' as source_category, cast(null as timestamp) as inquiry_at, ${t(mqlAt)} as mql_at, false as is_mql_inferred,
    cast(null as timestamp) as sal_at, false as is_sal_inferred, cast(null as timestamp) as sql_at, false as is_sql_inferred,
    cast(null as timestamp) as won_at, cast(null as timestamp) as rejected_at, cast(null as varchar) as rejection_reason,
    cast(null as timestamp) as recycled_at, cast(null as timestamp) as lost_at, ${t(handoffAt)} as handoff_at,
    cast(null as timestamp) as first_sales_touch_at,
    ${SLAS.map((s) => `${s === 'response' && owned ? "'met'" : 'cast(null as varchar)'} as ${s}_sla_status, ${s === 'response' && owned ? minutes : 'cast(null as double)'} as ${s}_sla_business_minutes`).join(', ')}`;
}

describe('list files', () => {
  let engine: DuckDbEngine;
  let dir: string;
  let written: ListFilesWritten;
  const file = (id: string) => readFile(join(dir, 'lists', `${listFileOf(id)}.csv`), 'utf8');
  const read = async (id: string) => readList(await file(id), id, META, (p) => `?page=${p}`);

  beforeAll(async () => {
    engine = await DuckDbEngine.open();
    dir = await mkdtemp(join(tmpdir(), 'handoff-site-lists-'));
    // P1 and P2 became MQL in October and were handed to Ana Silva (team SDR East), who answered in 12.34 and 30 business
    // minutes; P3 became MQL in September from a partner and was never handed off. P2's company reads like a formula.
    // P1 is Ada Lovelace and P3 Zoë O'Hara; P2's export gave no name, and its lists say so.
    await engine.execute(`create table leads as
      ${lead('1', 'Ada Lovelace', 'Beacon', '2026-10-02 10:00:00', '2026-10-02 11:00:00', 12.34, 'marketing')}
      union all ${lead('2', null, '=HYPERLINK("x")', '2026-10-05 09:00:00', '2026-10-05 09:30:00', 30, 'marketing')}
      union all ${lead('3', "Zoë O'Hara", "Zoë's", '2026-09-10 08:00:00', null, null, 'partner')}`);
    // Campaign c1 touched P1 (1 September) and P2 (2 September); P1 became MQL. Its one opportunity, Contoso, created in
    // September (the last quarter, Q3, and the last 12 months), was won in October (the last 12 months only). A
    // campaign list names a lead's handoff owner (Ana Silva) before its current owner (the queue).
    await engine.execute(`create table campaign_people as
      select 'c1' as campaign_id, 'P1' as person_id, timestamp '2026-09-01 08:00:00' as first_response_at, timestamp '2026-10-02 10:00:00' as mql_at, cast(null as timestamp) as sql_at
      union all select 'c1', 'P2', timestamp '2026-09-02 08:00:00', null, null`);
    await engine.execute(`create table campaign_roi as select 'c1' as campaign_id, 'Paid Search' as campaign_name`);
    await engine.execute(`create table attribution as
      select 'c1' as campaign_id, 'O1' as opportunity_id, 'Contoso' as opportunity_name, 60000.0 as amount, date '2026-09-01' as opportunity_month,
        date '2026-10-01' as close_month, true as is_won, true as is_closed, 2 as touches, model, case when model = 'last_touch' then 0.0 else 1.0 end as weight
      from (values ('first_touch'), ('last_touch'), ('linear'), ('u_shaped'), ('w_shaped'), ('full_path')) as m(model)`);
    await engine.execute('set threads = 3');
    await prepareCampaignOpportunities(engine);
    written = await writeListFiles(engine, dir, windowOf('2026-11-20T18:00:00Z'));
  });

  afterAll(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one file per metric and month, and per campaign, each row naming its list by the id the links use', async () => {
    const team = { dimension: 'team' as const, key: 'SDR East' };
    const owner = { dimension: 'owner' as const, key: '005A' };
    // October's and September's MQLs, October's handed off and responses met; the campaign's people and opportunities.
    // c1's lists are in the files of the first two digits of md5('c1') = a9f7e97965…
    expect(campaignListId('c1', 'x')).toBe('campaign.a9f7e97965.x');
    const files = ['mqls.2026-10', 'mqls.2026-09', 'handed-off.2026-10', 'response-met.2026-10', 'campaign.a9.people', 'campaign.a9.opportunities', 'campaign.a9.periods'];
    expect((await readdir(join(dir, 'lists'))).sort()).toEqual(files.map((f) => `${f}.csv`).sort());
    expect(written.files).toEqual({ lead_lists: 4, campaign_people_lists: 1, campaign_opportunity_lists: 1, campaign_period_lists: 1 });
    // Each list's file is the one its id names.
    expect(listFileOf(leadListId('response_met', '2026-10', team))).toBe('response-met.2026-10');
    expect(listFileOf(campaignListId('c1', 'won'))).toBe(files[5]);
    expect(listFileOf(campaignListId('c1', 'revenue-last-12-months'))).toBe(files[6]);
    // A campaign whose id's md5 starts with the same two digits (md5('c301') = a9e8a9f0b2…) shares c1's files.
    expect(listFileOf(campaignListId('c301', 'touched'))).toBe('campaign.a9.people');
    expect(listFileOf(campaignListId('c301', 'pipeline-last-quarter'))).toBe('campaign.a9.periods');
    // October's responses met: every lead's list (2), team SDR East's (2) and Ana Silva's (2), by their ids.
    const ids = (await file(leadListId('response_met', '2026-10'))).trim().split('\n').slice(1).map((line) => line.split(',')[0]);
    expect(ids).toEqual([
      ...Array(2).fill(leadListId('response_met', '2026-10')),
      ...[leadListId('response_met', '2026-10', owner), leadListId('response_met', '2026-10', team)].sort().flatMap((id) => [id, id]),
    ]);
    expect(leadListId('response_met', '2026-10', team)).toMatch(/^response-met\.2026-10\.team\.[0-9a-f]{10}$/);
    // October's MQLs: every lead's (2) and the marketing source's (2); September's partner MQL is in September's file.
    expect((await file(leadListId('mqls', '2026-10'))).trim().split('\n')).toHaveLength(5);
    expect((await read(leadListId('mqls', '2026-09', { dimension: 'source', key: 'partner' }))).page(1).table.rows.map((r) => r[0]!.text)).toEqual(['L3']);
    // A formula-looking company is written with a leading quote, as the site's own CSV downloads do.
    expect(await file(leadListId('mqls', '2026-10'))).toContain(`"'=HYPERLINK(""x"")"`);
    // The name is the first column after the ids, and a nameless lead's is empty in the file.
    const [header, ...rows] = (await file(leadListId('mqls', '2026-09'))).trim().split('\n');
    const at = header!.split(',').indexOf('person_id');
    expect(header!.split(',').slice(at, at + 4)).toEqual(['person_id', 'lead_id', 'person_name', 'company']);
    // September's MQLs: every lead's list and the partner source's, each with P3 alone.
    expect(rows.map((row) => row.split(',').slice(at, at + 3))).toEqual([['P3', 'L3', "Zoë O'Hara"], ['P3', 'L3', "Zoë O'Hara"]]);
    const october = (await file(leadListId('mqls', '2026-10'))).trim().split('\n').slice(1).map((row) => row.split(',').slice(at, at + 3));
    expect(october.filter(([person]) => person === 'P2')).toEqual([['P2', 'L2', ''], ['P2', 'L2', '']]);
  });

  it('writes on one thread and gives the engine back its own thread count', async () => {
    expect(await engine.query(`select current_setting('threads') as threads`)).toEqual([{ threads: 3 }]);
  });

  it('counts every list it wrote: its full total and the rows its file shows, for the pages that link to it', () => {
    // Lead lists: October's MQLs (P1, P2) of every lead and of the marketing source; September's (P3) of every lead and
    // of the partner source; October's handed off (P1, P2); October's responses met (P1, P2) of every lead, of team SDR
    // East and of Ana Silva (005A). Nothing is cut here, so every list shows its whole total.
    const lead = written.totals.lead.map((l) => [l.metric, l.month, l.dimension, l.key, l.total, l.shown].join(' '));
    expect(lead).toEqual([
      'handed_off 2026-10   2 2',
      'mqls 2026-09   1 1',
      'mqls 2026-09 source partner 1 1',
      'mqls 2026-10   2 2',
      'mqls 2026-10 source marketing 2 2',
      'response_met 2026-10   2 2',
      'response_met 2026-10 owner 005A 2 2',
      'response_met 2026-10 team SDR East 2 2',
    ]);
    // Campaign c1: touched P1 and P2, one MQL (P1), no SQL, one opportunity (O1), won; O1 is the pipeline of the last
    // quarter and of the last 12 months, and the revenue of the last 12 months (won in October, after the quarter).
    expect(written.totals.campaign.map((c) => [c.campaign_id, c.list, c.total, c.shown].join(' ')).sort()).toEqual([
      'c1 mqls 1 1', 'c1 opportunities 1 1', 'c1 pipeline-last-12-months 1 1', 'c1 pipeline-last-quarter 1 1', 'c1 revenue-last-12-months 1 1', 'c1 touched 2 2', 'c1 won 1 1',
    ]);
  });

  it("reads a month's list back as the table the list page shows: newest first, total stated, CRM links, the way back", async () => {
    const list = await read(leadListId('mqls', '2026-10'));
    const { title } = list;
    const view = list.page(1);
    expect(title).toBe('MQLs, October 2026');
    expect(plain(view.intro)).toMatch(/^2 leads .* in October 2026\. All of them are listed\.$/);
    expect(view.table.columns.map((c) => c.label)).toEqual(['Lead', 'Name', 'Company', 'Owner', 'Team', 'Source category', 'When', 'How the stage time is known']);
    expect(texts(view.table.rows)).toEqual([
      ['L2', 'no name', '=HYPERLINK("x")', 'Ana Silva', 'SDR East', 'marketing', '5 Oct 2026 09:00 UTC', 'observed'],
      ['L1', 'Ada Lovelace', 'Beacon', 'Ana Silva', 'SDR East', 'marketing', '2 Oct 2026 10:00 UTC', 'observed'],
    ]);
    // The CSV download's Name column holds the name alone: empty for the lead the export gave none.
    expect(view.table.rows.map((r) => r[1]!.value)).toEqual([null, 'Ada Lovelace']);
    expect(view.table.rows[0]![0]!.href).toBe('https://crm.example.com/r/L2');
    expect(view.back).toEqual({ label: 'Back to the scorecard', href: '/' });
    expect(view.paging).toMatchObject({ page: 1, pages: 1, previous: null, next: null });
    // The whole list (its CSV download on the list page) holds all its rows.
    expect(wholeList(list).rows).toHaveLength(2);
  });

  it("reads an owner's list with the owner's name, the business time taken and the way back to the rep", async () => {
    const list = await read(leadListId('response_met', '2026-10', { dimension: 'owner', key: '005A' }));
    const { title } = list;
    const view = list.page(1);
    expect(title).toBe('Response SLA met, Ana Silva, October 2026');
    expect(plain(view.intro)).toMatch(/^2 leads of Ana Silva /);
    expect(texts(view.table.rows).map((r) => [r[0], r[7]])).toEqual([['L2', '30 min'], ['L1', '12 min']]);
    // 12.34 business minutes are written rounded to a tenth, and the table's CSV gets that value.
    expect(view.table.rows[1]![7]!.value).toBe(12.3);
    expect(view.back.label).toBe('Back to Ana Silva');
    expect(view.back.href).toMatch(/^\/follow-up\/reps\/ana-silva-[a-z0-9]+\/$/);
  });

  it("reads a campaign's people and its won deal with the amount and each model's weight", async () => {
    const touched = await read(campaignListId('c1', 'touched'));
    expect(touched.title).toBe('People touched, Paid Search');
    expect(plain(touched.page(1).intro)).toBe('2 people responded to Paid Search, whenever it happened. All of them are listed.');
    expect(texts(touched.page(1).table.rows)).toEqual([
      ['L2', 'no name', '=HYPERLINK("x")', 'Ana Silva', 'marketing', '2 Sep 2026 08:00 UTC'],
      ['L1', 'Ada Lovelace', 'Beacon', 'Ana Silva', 'marketing', '1 Sep 2026 08:00 UTC'],
    ]);
    const won = (await read(campaignListId('c1', 'won'))).page(1);
    expect(plain(won.intro)).toBe('1 won opportunity has a touch of Paid Search, whenever it happened. All of them are listed.');
    expect(texts(won.table.rows)).toEqual([['Contoso (O1)', '$60,000', 'September 2026', 'Won', '100%', '0%', '100%', '100%', '100%', '100%']]);
  });

  it("reads a campaign's pipeline and revenue of a period: the opportunities created in it, and those won in it", async () => {
    const pipeline = await read(campaignListId('c1', 'pipeline-last-quarter'));
    expect(pipeline.title).toBe('Pipeline, last quarter, Paid Search');
    expect(plain(pipeline.page(1).intro)).toBe('1 opportunity has a touch of Paid Search, created from July 2026 to September 2026. All of them are listed.');
    const revenue = (await read(campaignListId('c1', 'revenue-last-12-months'))).page(1);
    expect(plain(revenue.intro)).toBe('1 won opportunity has a touch of Paid Search, closed from November 2025 to October 2026. All of them are listed.');
    expect(texts(revenue.table.rows).map((r) => r.slice(0, 4))).toEqual([['Contoso (O1)', '$60,000', 'September 2026', 'Won']]);
    expect(revenue.back.label).toBe('Back to Paid Search');
  });

  it('joins a list file DuckDB wrote in two parts into one, rows in list and position order, text kept as written', async () => {
    // Two parts of one file, each with its header, rows out of order across them; a quoted comma, a quoted quote, a
    // formula kept behind its leading quote and an empty (null) field must come back exactly.
    const header = 'list_id,position,company,reason';
    await writeFile(join(dir, 'part0.csv'), `${header}\nmqls.2026-10,2,"Acme, Inc",\nmqls.2026-10.team.x,1,'=1+1,late\n`);
    await writeFile(join(dir, 'part1.csv'), `${header}\nmqls.2026-10,1,"Say ""hi""",\nmqls.2026-10,10,Zed,\n`);
    await joinParts(engine, [join(dir, 'part0.csv'), join(dir, 'part1.csv')], join(dir, 'joined.csv'));
    expect(await readFile(join(dir, 'joined.csv'), 'utf8')).toBe(
      `${header}\nmqls.2026-10,1,"Say ""hi""",\nmqls.2026-10,2,"Acme, Inc",\nmqls.2026-10,10,Zed,\nmqls.2026-10.team.x,1,'=1+1,late\n`,
    );
  });
});

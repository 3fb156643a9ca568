// The demo night's site in a real Chromium, checked the way its readers use it: the verdict comes first on each audience
// page, every count in the scorecard and follow-up sentences opens a list of exactly that many leads, breach lists hold
// one row per open lead, no page scrolls sideways on a 390 px phone, and the scorecard prints on at most two pages.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config.ts';
import { generateDemoExports } from '../../functions/demo/generate.ts';
import { runNight } from '../../functions/night/run-night.ts';
import { serveSite, type SiteServer } from '../../functions/publish/serve.ts';
import { launchBrowser } from '../helpers/browser.ts';

const AUDIENCE_PAGES = ['/', '/follow-up/', '/campaigns/', '/funnel/', '/lead-quality/'];

describe('the demo site in Chromium', () => {
  let root: string;
  let server: SiteServer;
  let browser: Browser;

  beforeAll(async () => {
    // Prepare: the demo company's night with MQL targets, served, and the browser.
    root = await mkdtemp(join(tmpdir(), 'handoff-demo-browser-'));
    const exportsDir = join(root, 'exports');
    await generateDemoExports(exportsDir);
    const config = parseConfig({ company: { name: 'Brightlane Software (demo)' }, funnel: { mql_targets: { '2026-09': 110, '2026-10': 110 } } });
    const night = await runNight({ exportsDir, outDir: join(root, 'night'), config, log: () => {} });
    server = await serveSite(night.siteDir!, 0);
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  async function open(path: string, width = 1280): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const response = await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
    expect(response?.status(), path).toBe(200);
    return page;
  }

  // A list page draws its list from the list's file once loaded: wait for its table (or its message if none).
  async function openList(path: string, width = 1280): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const errors: string[] = [];
    page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
    page.on('pageerror', (error) => void errors.push(error.message));
    const response = await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
    expect(response?.status(), path).toBe(200);
    await page.locator('main table').waitFor();
    expect(errors, path).toEqual([]);
    return page;
  }

  it('opens every audience page with its verdict against the target', async () => {
    const expected: Record<string, RegExp> = {
      '/': /^(On|Off) track: .* against a target of 90% /,
      '/follow-up/': /^(On|Off) track: sales followed up \d+% of the leads due in October 2026 within 4 business hours, against a target of 90% /,
      '/campaigns/': /^(On|Off) track: the \d+ campaigns with a known cost returned [+−]\d+% under the linear model against a break-even target of 0% /,
      '/funnel/': /^(On|Off) track: marketing delivered \d+ MQLs in October 2026 against a target of 110 /,
      '/lead-quality/': /^(Worse than usual|Better than usual|As usual): sales rejected \d+ leads in October 2026, \d+% of the month's \d+ MQLs, against \d+% over the 12 months to September 2026 \(no rejection target is set/,
    };
    for (const path of AUDIENCE_PAGES) {
      const page = await open(path);
      // Assess: the first section of the page is the verdict, and its first sentence states the judgement against the target.
      expect(await page.locator('main section').first().getAttribute('aria-label'), path).toBe('Verdict');
      const first = await page.getByRole('region', { name: 'Verdict', exact: true }).locator('p').first().textContent();
      expect(first!.replace(/\?\(definition of [^)]*\)/g, '').replace(/\s+/g, ' '), path).toMatch(expected[path]!);
      await page.close();
    }
  });

  it('links every count in the scorecard and follow-up sentences to a list of exactly that many leads', async () => {
    let checked = 0;
    for (const path of ['/', '/follow-up/']) {
      const page = await open(path);
      const links = await page.locator('main section.lead a[data-leads]').evaluateAll((as) => as.map((a) => ({ text: a.textContent ?? '', href: a.getAttribute('href')! })));
      expect(links.length, path).toBeGreaterThan(2);
      for (const link of links) {
        const count = Number(/^[\d,]+/.exec(link.text)![0].replaceAll(',', ''));
        // Assess: the list's rows, over all its pages, are the leads behind the number; the definition and the way back
        // are one click away on every page.
        let rows = 0;
        let href: string | null = link.href;
        while (href) {
          const list = await openList(href);
          rows += await list.locator('main table tbody tr').count();
          expect(await list.getByRole('link', { name: 'Definition', exact: true }).count()).toBe(1);
          expect(await list.getByRole('link', { name: /^Back to / }).count()).toBe(1);
          const next = list.locator('a[rel="next"]');
          href = (await next.count()) > 0 ? await next.getAttribute('href') : null;
          await list.close();
        }
        expect(rows, `${path} "${link.text}" → ${link.href}`).toBe(count);
        checked += 1;
      }
      await page.close();
    }
    expect(checked).toBeGreaterThan(5);
  });

  it("links each team's, rep's, partner's and source's count in the tables to a list of exactly its leads", async () => {
    const seen = new Set<string>();
    const pages = ['/', '/follow-up/', '/funnel/'];
    {
      // The rep pages too: a rep's month by month table links to that rep's own leads.
      const page = await open('/follow-up/');
      pages.push(...(await page.locator('main a[href*="/follow-up/reps/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!))).slice(0, 3));
      await page.close();
    }
    for (const path of pages) {
      const page = await open(path);
      const links = await page
        .locator('main table a[href^="/lists/"]')
        .evaluateAll((as) => as.map((a) => ({ text: a.textContent ?? '', href: a.getAttribute('href')! })));
      for (const link of links.filter((l) => /^\/lists\/\?list=[a-z-]+\.\d{4}-\d{2}\.(team|owner|partner|source)\./.test(l.href))) {
        if (seen.has(link.href)) continue;
        seen.add(link.href);
        const list = await openList(link.href);
        // A share (a team's done-in-time rate in a month) opens the leads done in time: the list states how many.
        const share = link.text.includes('%');
        const lead = (await list.locator('main p.lead').first().textContent())!;
        const count = Number((share ? /^[\d,]+/.exec(lead)![0] : link.text).replaceAll(',', ''));
        // Assess: the list holds the number's leads (one page, up to 100, the total stated), and the way back.
        const rows = await list.locator('main table tbody tr').count();
        expect(rows, `${path} ${link.text} → ${link.href}`).toBe(Math.min(count, 100));
        if (!share) expect(lead).toMatch(new RegExp(`^${link.text} lead`));
        expect(await list.getByRole('link', { name: /^Back to / }).count()).toBe(1);
        await list.close();
      }
      await page.close();
    }
    // Team, rep and source cells are all among them.
    expect([...seen].some((h) => h.includes('.team.'))).toBe(true);
    expect([...seen].some((h) => h.includes('.owner.'))).toBe(true);
    expect([...seen].some((h) => h.includes('.source.'))).toBe(true);
    // Every month of the year, not only the latest: each team's share done in time and each source's MQLs open their leads.
    for (const month of ['2025-12', '2026-03', '2026-06']) {
      expect([...seen].some((h) => h.startsWith(`/lists/?list=response-met.${month}.team.`)), month).toBe(true);
      expect([...seen].some((h) => h.startsWith(`/lists/?list=mqls.${month}.source.`)), month).toBe(true);
    }
    // The month so far (the demo is cut on 20 November 2026) has its own partial team table, linked the same way.
    expect([...seen].some((h) => h.includes('.2026-11.team.'))).toBe(true);
    const followUp = await open('/follow-up/');
    // The latest month's share in the trend (SDR East, its first team) opens the same list as the team's Met count in the month's table.
    const trend = followUp.locator('table', { hasText: 'Response within 4 business hours: done in time, by team and month' });
    const month = followUp.locator('table', { hasText: 'Response within 4 business hours, by team, October 2026' });
    const trendHref = await trend.locator('tbody tr').last().locator('td').first().locator('a').getAttribute('href');
    expect(trendHref).toBe(await month.locator('tr', { hasText: 'SDR East' }).locator('td').nth(1).locator('a').getAttribute('href'));
    expect(await followUp.locator('table caption', { hasText: 'by team, November 2026 so far (partial month)' }).count()).toBe(2);
    expect(await followUp.locator('p.partial').textContent()).toMatch(/November 2026/);
    await followUp.close();
    // Some hundred lists are opened one by one: bounded, but slow on a busy machine.
  }, 300_000);

  it('lists each breaching lead once, open leads only, most overdue first', async () => {
    const page = await open('/follow-up/');
    const tables = page.locator('details.team-breaches table');
    expect(await tables.count()).toBeGreaterThan(0);
    const ids: string[] = [];
    for (let i = 0; i < (await tables.count()); i += 1) {
      const rows = await tables.nth(i).locator('tbody tr').evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('th, td'), (c) => c.textContent ?? '')),
      );
      const header = await tables.nth(i).locator('thead th').allTextContents();
      const status = header.findIndex((h) => h.startsWith('Lead status now'));
      const overdue = header.findIndex((h) => h.includes('business hours'));
      for (const row of rows) {
        ids.push(row[0]!);
        expect(row[status], row[0]).not.toMatch(/closed|convert|reject|recycl|disqualif|unqualif|nurture/i);
      }
      const hours = rows.map((r) => Number.parseFloat(r[overdue]!));
      expect(hours).toEqual([...hours].sort((a, b) => b - a));
    }
    expect(new Set(ids).size).toBe(ids.length);
    await page.close();
  });

  it('never scrolls the page sideways on a 390 px phone, and keeps each SLA table\'s compliance column in view', async () => {
    const campaigns = await open('/campaigns/');
    const campaign = (await campaigns.locator('table', { hasText: 'Cost and reach by campaign' }).locator('tbody th a').first().getAttribute('href'))!;
    await campaigns.close();
    const campaignPage = await open(campaign);
    const touched = (await campaignPage.locator('main a[href^="/lists/?list=campaign."][href$=".touched"]').first().getAttribute('href'))!;
    await campaignPage.close();
    // A page of each kind besides the sections: a rep's, a partner's, a lead list.
    const followUp = await open('/follow-up/');
    const firstHref = async (selector: string) => (await followUp.locator(selector).first().getAttribute('href'))!;
    const kinds = [await firstHref('main a[href*="/follow-up/reps/"]'), await firstHref('main a[href*="/follow-up/partners/"]'), await firstHref('main a[href^="/lists/"]')];
    await followUp.close();
    expect(kinds.map((h) => (h.split('/')[1] === 'lists' ? 'lists' : h.split('/')[2]))).toEqual(['reps', 'partners', 'lists']);
    for (const path of [...AUDIENCE_PAGES, '/definitions/', '/data-health/', '/what-changed/', campaign, touched, ...kinds]) {
      const page = path.startsWith('/lists/') ? await openList(path, 390) : await open(path, 390);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      await page.close();
    }
    const page = await open('/follow-up/', 390);
    const headers = page.locator('thead th', { hasText: 'Done in time' });
    expect(await headers.count()).toBeGreaterThan(0);
    for (const box of await headers.evaluateAll((ths) => ths.map((th) => th.getBoundingClientRect().right))) expect(box).toBeLessThanOrEqual(390);
    await page.close();
  });

  it("opens the people and opportunities behind a campaign's counts, as many as the count says", async () => {
    const page = await open('/campaigns/');
    const row = page.locator('table', { hasText: 'Cost and reach by campaign' }).locator('tbody tr').first();
    // People touched, MQLs, SQLs, opportunities and won deals touched: columns 3 to 7 after the campaign.
    let opened = 0;
    for (const column of [3, 4, 5, 6, 7]) {
      const link = row.locator('td').nth(column - 1).locator('a');
      if ((await link.count()) === 0) continue;
      opened += 1;
      const count = Number((await link.textContent())!.replace(/,/g, ''));
      const list = await openList((await link.getAttribute('href'))!);
      const intro = (await list.locator('main p.lead').textContent())!.replace(/\?\(definition of (?:[^()]|\([^()]*\))*\)/g, '');
      expect(Number(/^[\d,]+/.exec(intro.trim())![0].replace(/,/g, '')), intro).toBe(count);
      const rows = await list.locator('main table tbody tr').count();
      expect(rows).toBe(Math.min(count, 100));
      await list.close();
    }
    // The demo's first campaign touched people who became MQL and SQL, and opportunities: at least those three lists open.
    expect(opened).toBeGreaterThanOrEqual(3);
    await page.close();
  });

  it('opens What changed with its verdict', async () => {
    const page = await open('/what-changed/');
    expect(await page.locator('main p').first().textContent()).toMatch(/^(No closed month's numbers changed since the previous night\.|(One number|[\d,]+ numbers) of .+ changed since the previous night: )/);
    await page.close();
  });

  it('prints the scorecard on at most two pages, tiles included', async () => {
    const page = await open('/');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.tiles').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.length).toBeLessThanOrEqual(2);
    await page.close();
  });
});

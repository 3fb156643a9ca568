// The built fixture site in a real browser: every page loads without errors, charts draw, sentences carry the fixture's
// hand-computed numbers, data renders as text, CSV downloads are safe, links resolve, and axe finds no WCAG A/AA violation.
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../functions/publish/build-site.ts';
import { serveSite, type SiteServer } from '../../functions/publish/serve.ts';
import { launchBrowser, watchPage, type PageProblems } from '../helpers/browser.ts';

const fixture = fileURLToPath(new URL('../fixtures/site-data/', import.meta.url));
const XSS = '<img src=x onerror=alert(1)>';
const XSS_REP = 'Zoë "Z" O\'Brien & <b>Co</b>';
const HYPERLINK = '=HYPERLINK("http://evil.example","click")';
const CRM = 'https://northwind.example.com/lightning/r/Lead';

/** Every HTML page of a built site as a URL path ("/", "/follow-up/", …), 404 page excluded. */
async function sitePaths(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name === 'index.html')
    .map((e) => `/${relative(dir, e.parentPath).split(sep).filter(Boolean).join('/')}/`.replace('//', '/'))
    .sort();
}

describe('report site in Chromium', () => {
  let outDir: string;
  let server: SiteServer;
  let browser: Browser;
  let paths: string[];

  beforeAll(async () => {
    // Prepare: build the fixture site outside the project, serve it, start the browser.
    outDir = await mkdtemp(join(tmpdir(), 'handoff-site-'));
    await buildSite({ dataDir: fixture, outDir });
    paths = await sitePaths(outDir);
    server = await serveSite(outDir, 0);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  async function open(path: string, expectedStatus = 200): Promise<{ page: Page; problems: PageProblems }> {
    const page = await browser.newPage();
    const problems = watchPage(page);
    const response = await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
    expect(response?.status(), path).toBe(expectedStatus);
    return { page, problems };
  }

  function expectNoProblems(problems: PageProblems, path = ''): void {
    expect(problems.consoleErrors, path).toEqual([]);
    expect(problems.pageErrors, path).toEqual([]);
    expect(problems.dialogs, path).toEqual([]);
    expect(problems.failedRequests, path).toEqual([]);
  }

  /** Text as a reader sees it: the definition marks beside numbers ("?" and its hidden label) left out. */
  function clean(text: string | null): string {
    return (text ?? '').replace(/\?\(definition of (?:[^()]|\([^()]*\))*\)/g, '').replace(/\s+/g, ' ').trim();
  }

  async function summary(page: Page, name = 'Summary'): Promise<string> {
    return clean(await page.getByRole('region', { name, exact: true }).first().textContent());
  }

  async function axeViolations(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: axe.source });
    return page.evaluate(async () => {
      const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      return result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help} — ${v.nodes[0]?.target.join(' ')}`);
    });
  }

  // True once every canvas on the page has painted a good number of pixels.
  async function chartsDrawn(page: Page): Promise<void> {
    await page.waitForFunction(() => {
      const canvases = Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]'));
      return canvases.length > 0 && canvases.every((c) => {
        const pixels = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
        if (!pixels) return false;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
        return painted > 1000;
      });
    }, undefined, { timeout: 10_000 });
  }

  it('builds every page: sections, a page per campaign, rep and partner, and the one list page', () => {
    expect(paths).toEqual([
      '/',
      '/campaigns/',
      '/campaigns/hyperlink-http-evil-example-click-1184e/',
      '/campaigns/img-src-x-onerror-alert-1-10y4s/',
      '/campaigns/paid-search-always-on-11s3l/',
      '/data-health/',
      '/definitions/',
      '/follow-up/',
      '/follow-up/partners/acme-resellers-co-104zh/',
      '/follow-up/reps/ana-silva-16k06/',
      '/follow-up/reps/ben-okafor-1gjlv/',
      '/follow-up/reps/chloe-martin-1qj7k/',
      '/follow-up/reps/pat-lee-2aiey/',
      '/follow-up/reps/zoe-z-o-brien-b-co-b-20it9/',
      '/funnel/',
      '/lead-quality/',
      '/lead-quality/score-bands/1/',
      '/lead-quality/score-bands/2/',
      '/lead-quality/score-bands/3/',
      '/lists/',
      '/what-changed/',
    ]);
  });

  it('ships at most 100 kB of gzipped JavaScript on any page, chunks it imports included', async () => {
    let heaviest = 0;
    for (const path of paths) {
      const html = await readFile(join(outDir, path, 'index.html'), 'utf8');
      const queue = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!);
      const seen = new Set<string>();
      let bytes = gzipSync([...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('')).length;
      while (queue.length > 0) {
        const src = queue.pop()!;
        if (seen.has(src)) continue;
        seen.add(src);
        const code = await readFile(join(outDir, src), 'utf8');
        bytes += gzipSync(code).length;
        for (const m of code.matchAll(/(?:from|import)\s*["']\.\/([^"']+)["']/g)) queue.push(src.replace(/[^/]+$/, m[1]!));
      }
      heaviest = Math.max(heaviest, bytes);
    }
    // Chart.js (line and bar parts only) is the bulk of it.
    expect(heaviest).toBeGreaterThan(0);
    expect(heaviest).toBeLessThanOrEqual(100 * 1024);
  });

  it('every page loads with no console error, states the data freshness, and draws its charts', async () => {
    for (const path of paths) {
      const { page, problems } = await open(path);
      expect(await page.locator('h1').count(), path).toBe(1);
      expect(await page.locator('header .freshness').textContent(), path).toBe('Data as of 5 November 2026 at 02:00 UTC.');
      if ((await page.locator('canvas[data-chart]').count()) > 0) await chartsDrawn(page);
      expectNoProblems(problems, path);
      await page.close();
    }
  });

  it('every page passes axe WCAG 2.1 A and AA checks', async () => {
    for (const path of [...paths, '/no-such-page/']) {
      const { page } = await open(path, path === '/no-such-page/' ? 404 : 200);
      expect(await axeViolations(page), path).toEqual([]);
      await page.close();
    }
  });

  it('scorecard: the verdict comes first, against its targets, with who drives it, then the headline tiles', async () => {
    const { page, problems } = await open('/');
    // The first region of the page is the verdict; follow-up is off track, so it leads.
    expect(await page.locator('main section').first().getAttribute('aria-label')).toBe('Verdict');
    const paragraphs = await page.getByRole('region', { name: 'Verdict', exact: true }).locator('p').allTextContents();
    // Response in October: 80 met of 80 + 14 + 7 = 101 due → 79.2%, against 90%.
    // Inbound East 54 / (54 + 10 + 3) = 80.6%, median 52 min; Inbound West 24 / 25 = 96%, median 12 min.
    // The third team has only 2 + 3 + 4 = 9 due: too few to rank.
    expect(paragraphs.map(clean)).toEqual([
      'Off track: sales followed up 79% of the leads due in October 2026 within 4 business hours, against a target of 90% (80 in time, 14 late, 7 not touched by the deadline).',
      'Inbound East drives it: 81% of 67 in time, median first response 52 business minutes; the best team, Inbound West: 96% of 25 in time, median first response 12 business minutes.',
      'On track: marketing delivered 412 MQLs in October 2026 against a target of 400 (3% above).',
    ]);
    const tiles = page.getByRole('list', { name: 'Headline tiles, October 2026' }).locator('li');
    // 412 − 381 = 31 more MQLs; compliance 79.2% against 85.5% in September = 6 points down.
    expect(await tiles.nth(0).locator('.tile-value, .tile-status, .tile-target, .tile-change').allTextContents()).toEqual(['412', 'On track', 'Target: 400', 'up 31 on September']);
    expect(await tiles.nth(1).locator('.tile-value, .tile-status, .tile-target, .tile-change').allTextContents()).toEqual([
      '79%', 'Off track', 'Target: 90% within 4 business hours', 'down 6 points on September',
    ]);
    // A status is never told by colour alone: the word is there, and the sparkline has its numbers as a label.
    expect(await tiles.nth(1).locator('svg').getAttribute('aria-label')).toContain('79%');
    expectNoProblems(problems);
    await page.close();
  });

  it('scorecard: the month and quarter in sentences with the fixture numbers, and what changed', async () => {
    const { page, problems } = await open('/');
    const month = await summary(page, 'Summary of October 2026');
    // 412 vs target 400: +3%; vs 381: +8.1%. Follow-up 80 / 101 = 79%, September 71 / 83 = 86%.
    expect(month).toContain('Marketing delivered 412 MQLs in October 2026, 3% above the target of 400 and 8% more than in September.');
    expect(month).toContain('Sales has accepted 73% of the 412 people who became MQL in October 2026 so far (cohort view), down from 84% in September.');
    expect(month).toContain('Sales followed up 79% of the leads handed off in October 2026 within 4 business hours, down from 86% in September; the agreed level is 90%.');
    expect(month).toContain('The median first response took 38 business minutes, against 45 business minutes in September.');
    expect(month).toContain('Opportunities created in October 2026 added $900,000 of pipeline, up from $750,000 in September: $600,000 (67%) marketing-sourced, $300,000 from sales and partners.');
    expect(month).toContain('Revenue won in October 2026 was $140,000, down from $300,000 in September: $90,000 (64%) marketing-sourced, $50,000 from sales and partners.');
    expect(month).toContain('Sales won 4 of the 14 opportunities closed in October 2026 (29% by count, 29% by amount), down from 46% in September.');
    // Q3 2026: July has no target, so the quarter has none. MQLs 1,092 against 1,036 in Q2: +5.4%.
    // Cohorts (310 + 300 + 320) / (380 + 365 + 381) = 930 / 1,126 = 82.6%; Q2 has no cohorts.
    const quarter = await summary(page, 'Summary of Q3 2026');
    expect(quarter).toContain('Marketing delivered 1,092 MQLs in Q3 2026, 5% more than in Q2 2026; no target set.');
    expect(quarter).toContain('Sales has accepted 83% of the 1,126 people who became MQL in Q3 2026 so far (cohort view), with no rate for Q2 2026 to compare.');
    // 400,000 + 450,000 + 50,000 + 500,000 + 100,000 + 150,000 + 100,000 = 1,750,000; marketing 1,350,000 = 77%.
    expect(quarter).toContain('Opportunities created in Q3 2026 added $1.8 million of pipeline: $1.4 million (77%) marketing-sourced, $400,000 from sales and partners.');
    const changes = page.locator('section', { has: page.getByRole('heading', { name: 'What changed since September 2026' }) }).locator('li');
    expect(await changes.first().textContent()).toBe("Acme Resellers & Co's partner response compliance fell from 80% in September to 60% in October 2026 (20 points).");
    // Each count in a sentence opens the leads behind it, with its definition one click away beside it.
    expect(await page.getByRole('link', { name: '412 MQLs' }).first().getAttribute('href')).toBe('/lists/?list=mqls.2026-10');
    expect(await page.getByRole('link', { name: '(definition of MQLs)' }).first().getAttribute('href')).toBe('/definitions/#mqls');
    expect(await page.getByRole('link', { name: 'target of 400' }).first().getAttribute('href')).toBe('/definitions/#mql-target');
    const headline = page.locator('table', { hasText: 'Headline numbers' });
    expect(await headline.locator('tbody tr', { hasText: 'MQL target' }).locator('td').allTextContents()).toEqual(['400', '400', 'no target set', 'no target set']);
    expectNoProblems(problems);
    await page.close();
  });

  it('scorecard: the numbers are readable without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    expect(clean(await page.locator('main').textContent())).toContain('Marketing delivered 412 MQLs in October 2026');
    expect(await page.locator('table', { hasText: 'MQLs and SQLs per month' }).locator('tbody tr').count()).toBe(12);
    const mqlRow = page.locator('table', { hasText: 'People reaching each funnel stage' }).locator('tbody tr', { hasText: 'MQLs' });
    expect(await mqlRow.locator('td').allTextContents()).toEqual(['350', '22', '40', '0', '412', '381']);
    await context.close();
  });

  it('scorecard prints without navigation or downloads', async () => {
    const { page } = await open('/');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header nav').isVisible()).toBe(false);
    expect(await page.locator('.downloads').first().isVisible()).toBe(false);
    expect(await page.locator('table').first().isVisible()).toBe(true);
    await page.close();
  });

  it('follow-up: each SLA by team and rep, routing apart, breaches now and speed pays', async () => {
    const { page, problems } = await open('/follow-up/');
    const text = await summary(page);
    // The third team has 2 + 3 + 4 = 9 due leads: named as too few to judge, not ranked lowest.
    expect(text).toContain(`1 of 2 teams reached the agreed level of 90% in October 2026; the lowest was Inbound East at 81%. Too few to judge: ${XSS} (9 leads due).`);
    // Routing: 56 met of 66 due = 85%; median 4 business minutes.
    expect(text).toContain('Routing: 85% of the leads that became MQL in October 2026 reached a rep within 1 business hour (median 4 business minutes).');
    expect(text).toContain('Partners touched 60% of the leads handed to them in October 2026 within 8 business hours; the agreed level is 90%.');
    // Open leads only: 202 and 205 (Ana), 201 (Ben) for response; 201 again for disposition; 301 partner; 204 routing.
    expect(text).toContain('Right now, 3 leads are past their response deadline with no sales touch, 1 past their disposition deadline');
    expect(clean(await page.locator('#breaching p').first().textContent())).toBe(
      "5 open leads are past at least one SLA deadline. Each rep's page lists the leads themselves, one row per lead, most overdue first, with a CSV to work from.",
    );
    // Ben's one lead breaches two SLAs: it counts once in "All SLAs".
    const ben = page.locator('table', { hasText: 'Open leads breaching an SLA right now, by owner' }).locator('tbody tr', { hasText: 'Ben Okafor' });
    expect(await ben.locator('td').allTextContents()).toEqual(['Inbound East', '1', '1', '0', '0', '1']);
    const untouched = page.locator('table', { hasText: 'Rejected without a contact attempt, by owner, October 2026' });
    expect(await untouched.locator('tbody tr').locator('th, td').allTextContents()).toEqual(['Ana Silva', 'Inbound East', '2']);
    expect(await untouched.locator('tfoot').getByRole('link', { name: '2' }).getAttribute('href')).toBe('/lists/?list=rejected-untouched.2026-10');
    // Bands of the last 12 months: October 2025 (outside) is left out, so under 5 min stays 16 / 50.
    // Against the slowest band that was followed up (over 24 h: 2 / 40 = 5%), not 'never', which converts badly by definition.
    expect(text).toContain('Leads followed up within 5 business minutes became SQLs 32% of the time, against 5% for leads followed up after more than 24 business hours.');
    const teamTable = page.locator('table', { hasText: 'Response within 4 business hours, by team, October 2026' });
    expect(await teamTable.locator('tbody tr', { hasText: 'Inbound East' }).locator('td').allTextContents()).toEqual([
      '70', '54', '10', '3', '3', '81%below target', '52 min', '6.7 h',
    ]);
    expect(await teamTable.locator('tfoot td').allTextContents()).toEqual(['105', '80', '14', '7', '4', '79%below target', '38 min', '5 h']);
    const ana = page.locator('table', { hasText: 'Response within 4 business hours, by owner, October 2026' }).locator('tr', { hasText: 'Ana Silva' });
    expect(await ana.locator('td').allTextContents()).toEqual(['Inbound East', '40', '34', '4', '1', '1', '87%below target', '38 min', '4.3 h']);
    expect(await ana.getByRole('link', { name: 'Ana Silva' }).getAttribute('href')).toBe('/follow-up/reps/ana-silva-16k06/');
    expect(await page.getByRole('heading', { name: 'Routing within 1 business hour (shown apart from the reps)' }).count()).toBe(1);
    expect(await page.locator('table', { hasText: 'MQL to SQL conversion by first response' }).locator('tbody tr').first().locator('th, td').allTextContents()).toEqual([
      'Followed up within 5 business minutes', '50', '16', '32%',
    ]);
    expectNoProblems(problems);
    await page.close();
  });

  it('rep page: breaches right now with CRM links, month by month, response bands and routing apart', async () => {
    const { page, problems } = await open('/follow-up/reps/ana-silva-16k06/');
    expect(await summary(page)).toContain(
      'Ana Silva (Inbound East) followed up 87% of the leads handed off in October 2026 within 4 business hours; the agreed level is 90%.',
    );
    expect(await summary(page)).toContain("Right now, 2 of Ana Silva's leads are past their response deadline with no sales touch.");
    const breaches = page.locator('table', { hasText: 'breaching an SLA right now' }).locator('tbody tr');
    // One row per open lead, most overdue first: 205 (3,090 business minutes = 51.5 h) before 202 (360 = 6 h).
    // Lead 203 was rejected on 2 October, so it is not breaching.
    expect(await breaches.count()).toBe(2);
    expect(await breaches.nth(0).locator('th, td').allTextContents()).toEqual([
      '00Q000000000205EAA', 'Lena Vogt', "Zoë's <b>Bistro</b>", 'Response', '27 Oct 2026 09:30 UTC', '27 Oct 2026 13:30 UTC', '51.5 h', '9 days', 'Open - Not Contacted',
    ]);
    expect(await breaches.nth(1).locator('th, td').allTextContents()).toEqual([
      '00Q000000000202EAA', 'Priya Natarajan', 'Beacon Software', 'Response', '3 Nov 2026 15:00 UTC', '4 Nov 2026 11:00 UTC', '6 h', '15 hours', 'Open - Not Contacted',
    ]);
    expect(await breaches.nth(1).getByRole('link').getAttribute('href')).toBe(`${CRM}/00Q000000000202EAA`);
    const untouched = page.locator('table', { hasText: 'Rejected without a contact attempt' }).locator('tbody tr');
    expect(await untouched.locator('th, td').allTextContents()).toEqual(['Ana Silva', 'Inbound East', '2']);
    const october = page.locator('table', { hasText: 'Response within 4 business hours, Ana Silva, by month' }).locator('tr', { hasText: 'October 2026' });
    expect(await october.locator('td').allTextContents()).toEqual(['40', '34', '4', '1', '1', '87%below target', '38 min', '4.3 h']);
    // 20 + 15 + 5 leads; under 5 minutes 8 / 20 = 40%.
    expect(await page.locator('table', { hasText: 'Ana Silva: MQL to SQL conversion' }).locator('tbody tr').first().locator('td').allTextContents()).toEqual(['20', '8', '40%']);
    expect(await page.getByRole('heading', { name: "Routing of Ana Silva's leads (not counted against Ana Silva)" }).count()).toBe(1);
    await chartsDrawn(page);
    expectNoProblems(problems);
    await page.close();
  });

  it('partner page: partner response by rep and month, breaches, and rejection reasons', async () => {
    const { page, problems } = await open('/follow-up/partners/acme-resellers-co-104zh/');
    expect(await page.locator('h1').textContent()).toBe('Acme Resellers & Co');
    expect(await summary(page)).toContain('Partners touched 60% of the leads handed to them in October 2026 within 8 business hours');
    // Partner response only (never also the internal response SLA); due 17:00 in Pat Lee's New York time.
    const pat = page.locator('table', { hasText: 'breaching an SLA right now' }).locator('tbody tr');
    expect(await pat.locator('th, td').allTextContents()).toEqual([
      '00Q000000000301EAA', 'Omar Haddad', 'Harbor Freight Co', 'Pat Lee', 'Partner response', '28 Oct 2026 09:00 GMT-4', '28 Oct 2026 17:00 GMT-4', '40 h', '7 days', 'Open - Not Contacted',
    ]);
    expect(await page.locator('table', { hasText: 'Why sales rejected' }).locator('tbody tr').count()).toBe(2);
    expectNoProblems(problems);
    await page.close();
  });

  it('campaigns: every model side by side, unknown cost shown as unknown, never 0', async () => {
    const { page, problems } = await open('/campaigns/');
    const text = await summary(page);
    expect(text).toContain(`3 campaigns cost $12,000 in total; 1 has no recorded cost (${HYPERLINK}), so its ROI and cost per stage are unknown, not zero.`);
    // First touch: Paid Search (10,000 → 60,000: +500%) beats the webinar (2,000 → 10,000: +400%); the webinar wins under the other five.
    expect(text).toContain(`The highest ROI depends on the attribution model: Paid Search – Always On under first touch and ${XSS} under last touch, linear, U-shaped, W-shaped and full path.`);
    const roi = page.locator('table', { hasText: 'ROI by campaign and attribution model' });
    expect(await roi.locator('thead th').allTextContents()).toEqual(['Campaign', 'First touch', 'Last touch', 'Linear', 'U-shaped', 'W-shaped', 'Full path']);
    expect(await roi.locator('tbody tr', { hasText: 'Paid Search' }).locator('td').allTextContents()).toEqual(['+500%', '+300%', '+400%', '+450%', '+350%', '+400%']);
    expect(await roi.locator('tbody tr', { hasText: 'HYPERLINK' }).locator('td').allTextContents()).toEqual(Array(6).fill('unknown'));
    const reach = page.locator('table', { hasText: 'Cost and reach by campaign' }).locator('tbody tr', { hasText: 'HYPERLINK' });
    expect(await reach.locator('td').nth(1).textContent()).toBe('unknown');
    // Revenue totals match booked revenue with the Unattributed row: 100,000 under every model.
    const revenue = page.locator('table', { hasText: 'Attributed revenue by campaign and model' });
    expect(await revenue.locator('tbody tr', { hasText: 'Unattributed' }).locator('td').first().textContent()).toBe('$10,000');
    await chartsDrawn(page);
    expectNoProblems(problems);
    await page.close();
  });

  it('campaign page: funnel, cost per stage, models, touches and rejections', async () => {
    const { page, problems } = await open('/campaigns/paid-search-always-on-11s3l/');
    const text = await summary(page);
    // 200 / 500 = 40%; 50 / 500 = 10%; 2 opportunities touched, 1 won. 10,000 / 500 = 20; 10,000 / 200 = 50.
    expect(text).toContain('Paid Search – Always On touched 500 people: 200 became MQL (40% of those touched) and 50 SQL (25% of the MQLs); it was in the journey of 2 opportunities, 1 of them won.');
    expect(text).toContain('It cost $10,000: $20 per person touched and $50 per MQL.');
    expect(text).toContain('Its ROI ranges from +300% under last touch to +500% under first touch.');
    expect(await page.locator('table', { hasText: 'cost per stage' }).locator('tbody td').allTextContents()).toEqual(['$20', '$50', '$2,000', '$4,000']);
    const opportunities = page.locator('table', { hasText: 'Opportunities Paid Search' });
    expect(await opportunities.locator('tbody tr').count()).toBe(2);
    // Names and amounts where the export has them: o2 (open) has no amount, o1 60,000.
    expect(await opportunities.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.children[0]!.textContent, tr.children[1]!.textContent]))).toEqual([
      ['Fabrikam – expansion (o2)', 'unknown'],
      ['Contoso – platform renewal (o1)', '$60,000'],
    ]);
    // Each period of the campaign: Q3 2026 +100% (5,000 against 2,500), then +400% over the 12 months and in all.
    expect(await page.locator('table', { hasText: 'by period' }).locator('tbody tr td:nth-child(5)').allTextContents()).toEqual(['+100%', '+400%', '+400%']);
    expect(await page.locator('table', { hasText: 'Why sales rejected' }).locator('tbody tr td').first().textContent()).toBe('6');
    await chartsDrawn(page);
    expectNoProblems(problems);
    // The won-deals count opens the won opportunity behind it (name, amount, CRM link), with a way back.
    await page.locator('table', { hasText: 'from people touched to won deals' }).locator('tbody tr', { hasText: 'Won deals touched' }).getByRole('link', { name: '1', exact: true }).click();
    await page.waitForURL(/\/lists\/\?list=campaign\.[0-9a-f]{10}\.won$/);
    await page.locator('main table').waitFor();
    expect(await page.title()).toBe('Won deals touched, Paid Search – Always On · Northwind Demo Ltd · Handoff');
    expect(clean(await page.locator('main p.lead').textContent())).toBe('1 won opportunity has a touch of Paid Search – Always On, whenever it happened. All of them are listed.');
    const won = page.locator('main table tbody tr');
    expect(await won.count()).toBe(1);
    expect(await won.locator('td').first().textContent()).toBe('$60,000');
    expect(await won.locator('th a, td a').first().getAttribute('href')).toBe(`${CRM}/o1`);
    await page.getByRole('link', { name: 'Back to Paid Search – Always On' }).click();
    await page.waitForURL('**/campaigns/paid-search-always-on-11s3l/');
    // The MQL count opens its list: 200 stated, the 3 newest listed (the fixture's limit).
    await page.locator('table', { hasText: 'from people touched to won deals' }).getByRole('link', { name: '200', exact: true }).click();
    await page.waitForURL(/\/lists\/\?list=campaign\.[0-9a-f]{10}\.mqls$/);
    await page.locator('main table').waitFor();
    expect(clean(await page.locator('main p.lead').textContent())).toContain('200 people responded to and became MQL');
    expect(await page.locator('main table tbody tr').count()).toBe(3);
    // The drawn table has its CSV download like every table: its columns, its 3 rows.
    const csv = (await page.getByRole('link', { name: /^Download this table as CSV/ }).getAttribute('href'))!;
    const lines = decodeURIComponent(csv.replace(/^data:text\/csv;charset=utf-8,/, '')).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Lead,Name,Company,Owner,Source category,Became MQL');
    expect(lines).toHaveLength(4);
    // The Name column holds the lead's name, and is empty in the CSV for 201, whose export gave none (its page shows its company).
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3))).toEqual([
      ['00Q000000000202EAA', 'Priya Natarajan', 'Beacon Software'],
      ['00Q000000000201EAA', '', 'Silverline Health'],
      ['00Q000000000101EAA', 'Jonas Berg', 'Zoë\'s <b>Bistro</b>'],
    ]);
    expectNoProblems(problems);
    await page.close();
  });

  it('opens every linked count on the list page, drawn from its file: the number stated, its leads listed, names as text', async () => {
    // The fixture's lead lists (test/fixtures/site-data/README.md): October's 412 MQLs, 46 rejected, 7 response breaches and
    // 2 rejected without a contact attempt; at most 3 listed each (the fixture's limit), all listed when fewer.
    const expected: Record<string, { stated: number; rows: number }> = {
      '/lists/?list=mqls.2026-10': { stated: 412, rows: 3 },
      '/lists/?list=rejected.2026-10': { stated: 46, rows: 2 },
      '/lists/?list=response-breached.2026-10': { stated: 7, rows: 2 },
      '/lists/?list=rejected-untouched.2026-10': { stated: 2, rows: 2 },
    };
    const opened = new Set<string>();
    for (const path of ['/', '/follow-up/', '/lead-quality/']) {
      const { page } = await open(path);
      const links = await page.locator('main a[href^="/lists/"]').evaluateAll((as) => as.map((a) => ({ text: a.textContent ?? '', href: a.getAttribute('href')! })));
      await page.close();
      for (const link of links.filter((l) => expected[l.href])) {
        const list = await open(link.href);
        await list.page.locator('main table').waitFor();
        const intro = clean(await list.page.locator('main p.lead').textContent());
        // The number that links here is the list's stated total, and the table holds the listed rows.
        expect(Number(/^[\d,]+/.exec(link.text)![0].replaceAll(',', '')), `${path} ${link.text}`).toBe(expected[link.href]!.stated);
        expect(Number(/^[\d,]+/.exec(intro)![0].replaceAll(',', '')), intro).toBe(expected[link.href]!.stated);
        expect(await list.page.locator('main table tbody tr').count(), link.href).toBe(expected[link.href]!.rows);
        expect(await list.page.getByRole('link', { name: 'Definition', exact: true }).count()).toBe(1);
        expect(await list.page.getByRole('link', { name: /^Back to / }).count()).toBe(1);
        expectNoProblems(list.problems, link.href);
        opened.add(link.href);
        await list.page.close();
      }
    }
    expect([...opened].sort()).toEqual(Object.keys(expected).sort());
    // Names from the data are text in the drawn table too, the heading takes the focus, and axe finds nothing.
    const { page, problems } = await open('/lists/?list=mqls.2026-10');
    await page.locator('main table').waitFor();
    expect(await page.locator('main table tbody').textContent()).toContain("Zoë's <b>Bistro</b>");
    // Each lead's name is the first column after its id; 201's export gave none, and the cell says so.
    expect(await page.locator('main table thead th').allTextContents()).toEqual(expect.arrayContaining(['Lead', 'Name', 'Company']));
    expect(await page.locator('main table thead th').nth(1).textContent()).toBe('Name');
    expect(await page.locator('main table tbody tr td:nth-child(2)').allTextContents()).toEqual(['Priya Natarajan', 'no name', 'Marta Núñez']);
    expect(await page.locator('main b, main img').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.locator('main table caption').textContent()).toContain('MQLs, October 2026: the 3 most recent of 412');
    expect(await axeViolations(page)).toEqual([]);
    expectNoProblems(problems);
    await page.close();
    // An address naming no list (or one that is not there) says so instead of drawing an empty table.
    const wrong = await open('/lists/?list=../meta');
    expect(await wrong.page.locator('main h1').textContent()).toBe('No list named');
    await wrong.page.close();
  });

  it('names from the data render as text and run nothing: campaign, team, rep and company', async () => {
    for (const path of ['/campaigns/', '/campaigns/img-src-x-onerror-alert-1-10y4s/', '/follow-up/', '/lead-quality/', '/follow-up/reps/zoe-z-o-brien-b-co-b-20it9/']) {
      const { page, problems } = await open(path);
      await page.waitForTimeout(200);
      expect(await page.locator('img').count(), path).toBe(0);
      expect(await page.locator('main b').count(), path).toBe(0);
      // Outside quoted attribute values (where "<" is only text), the page source holds no markup from the data.
      const html = (await (await fetch(`${server.url}${path}`)).text()).replace(/="[^"]*"/g, '=""');
      expect(html, path).not.toContain('<img');
      expect(html, path).not.toContain('<b>');
      expect(html, path).toContain('&lt;');
      expectNoProblems(problems, path);
      await page.close();
    }
    const { page } = await open('/campaigns/img-src-x-onerror-alert-1-10y4s/');
    expect(await page.locator('h1').textContent()).toBe(XSS);
    await page.close();
    const rep = await open('/follow-up/reps/zoe-z-o-brien-b-co-b-20it9/');
    expect(await rep.page.locator('h1').textContent()).toBe(XSS_REP);
    await rep.page.close();
  });

  it('CSV downloads neutralise formula-looking cells such as =HYPERLINK(...)', async () => {
    const { page } = await open('/campaigns/');
    const link = page.locator('table', { hasText: 'Cost and reach by campaign' }).locator('xpath=../following-sibling::p[1]').getByRole('link');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('campaigns-cost-and-reach.csv');
    const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const lines = csv.split('\r\n');
    // Headers carry their units: money in the reporting currency.
    expect(lines[0]).toBe('Campaign,Type,Cost (USD),People touched,MQLs,SQLs,Opportunities touched,Won deals touched,Cost per lead (USD),Cost per MQL (USD)');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")",Email,unknown,100,30,6,0,0,unknown,unknown`);
    expect(csv).toContain('Paid Search – Always On,Advertisement,10000,500,200,50,2,1,20,50');
    for (const line of lines) expect(line, line).not.toMatch(/(^|,)"?[=+@-]/);
    await page.close();
  });

  it('every definition link lands on a definition, and definitions link to the leads behind the numbers', async () => {
    const definitions = await (await fetch(`${server.url}/definitions/`)).text();
    const anchors = new Set([...definitions.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    for (const path of paths) {
      const html = await (await fetch(`${server.url}${path}`)).text();
      for (const [, anchor] of html.matchAll(/href="\/definitions\/#([^"]+)"/g)) expect(anchors.has(anchor), `${path} → #${anchor}`).toBe(true);
    }
    const { page, problems } = await open('/definitions/');
    const mqls = page.locator('dd', { has: page.locator('text=Comes from') }).filter({ hasText: 'Marketing-qualified leads' });
    expect(await mqls.locator('code').textContent()).toBe('sql/marts/funnel_monthly.sql');
    await mqls.getByRole('link', { name: 'October 2026' }).click();
    await page.waitForURL(/\/lists\/\?list=mqls\.2026-10$/);
    await page.locator('main table').waitFor();
    expect(clean(await page.locator('main p.lead').textContent())).toBe('412 leads became MQL in October 2026. The 3 most recent are listed.');
    const rows = page.locator('table tbody tr');
    expect(await rows.first().locator('th, td').allTextContents()).toEqual([
      '00Q000000000202EAA', 'Priya Natarajan', 'Beacon Software', 'Ana Silva', 'Inbound East', 'marketing', '30 Oct 2026 15:00 UTC', 'observed',
    ]);
    expect(await rows.nth(1).locator('td').last().textContent()).toBe('inferred from a later stage');
    expectNoProblems(problems);
    await page.close();
  });

  it('definitions and data health state the config and last night', async () => {
    const { page, problems } = await open('/definitions/');
    expect(await page.locator('table', { hasText: 'Follow-up SLAs' }).locator('tbody tr', { hasText: 'Disposition' }).locator('td').last().textContent()).toBe('16 business hours');
    expect(await page.locator('table', { hasText: 'How each attribution model' }).locator('tbody tr', { hasText: 'W-shaped' }).locator('td').textContent()).toContain('30% each');
    expect(await page.locator('table', { hasText: 'Stage mapping' }).locator('tbody tr', { hasText: 'working - contacted' }).locator('td').textContent()).toBe('SAL');
    await page.close();
    const health = await open('/data-health/');
    const text = await summary(health.page);
    expect(text).toContain('The night loaded 4 export files: 8,320 rows read, 8,318 loaded and 2 quarantined with a reason; 1 file could not be read: salesforce/Event.csv.');
    expect(text).toContain('1 export is more than 7 days old: salesforce/User.csv (165 days).');
    expect(text).toContain('1 of 3 data tests failed');
    expect(text).toContain('Purchased List (53 people)');
    expectNoProblems(problems);
    expectNoProblems(health.problems);
    await health.page.close();
  });

  it("what changed: each restated number with its leads and causes, published beside recomputed; the scorecard's sentence; the definitions' change log", async () => {
    const { page, problems } = await open('/what-changed/');
    expect(clean(await page.locator('main p').first().textContent())).toBe(
      '2 numbers of September 2026 changed since the previous night: MQLs (marketing) 322 → 321 and Revenue won (marketing) $48,000 → $60,000.',
    );
    const numbers = page.locator('article.restated-number');
    expect(await numbers.locator('h3').allTextContents()).toEqual([
      'MQLs, September 2026, marketing: 322 → 321',
      'Revenue won, September 2026, marketing: $48,000 → $60,000',
    ]);
    expect((await numbers.first().locator('li').allTextContents()).map(clean)).toEqual([
      'Lead 00Q5f000001AAAAAAA entered: its status history was backfilled.',
      'Lead 00Q5f000001BBBBAAA left: merged into another record or deleted in the CRM.',
      'Lead 00Q5f000001CCCCAAA left: merged into another record or deleted in the CRM.',
    ]);
    expect(await numbers.first().locator('li a').first().getAttribute('href')).toBe(`${CRM}/00Q5f000001AAAAAAA`);
    const rows = page.locator('table', { hasText: 'Closed months' }).locator('tbody tr');
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => Array.from((tr as HTMLTableRowElement).cells).map((c) => c.textContent?.trim()).join(' | ')));
    expect(cells).toEqual([
      'MQLs | September 2026 | marketing | 320 | 2026-10-06 | 321',
      'Revenue won | September 2026 | marketing | $48,000 | 2026-10-06 | $60,000',
    ]);
    expectNoProblems(problems);
    await page.close();
    const scorecard = await open('/');
    expect(clean(await scorecard.page.locator('p.restated').textContent())).toBe(
      '2 numbers of September 2026, published on 6 October 2026, changed since the previous night; What changed lists each with the leads and opportunities behind it.',
    );
    await scorecard.page.close();
    const definitions = await open('/definitions/');
    expect((await definitions.page.locator('#definition-changes li').allTextContents()).map(clean)).toEqual([
      'From 3 November 2026 the response SLA for Enterprise is 2 business hours, was 4 business hours. (sla.response_minutes[segment=Enterprise])',
      'From 20 October 2026 the lead source "webinar" is no longer set (was marketing). (source_categories.webinar)',
    ]);
    await definitions.page.close();
  });

  it('unknown pages get the 404 page', async () => {
    const { page, problems } = await open('/no-such-page/', 404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    expect(await page.locator('header .freshness').textContent()).toBe('Data as of 5 November 2026 at 02:00 UTC.');
    expect(problems.pageErrors).toEqual([]);
    expect(problems.dialogs).toEqual([]);
    await page.close();
  });
});

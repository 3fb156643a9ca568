// The built site in a real browser: pages load without errors, the chart draws, sentences carry the
// fixture's hand-computed numbers, data renders as text, and axe finds no WCAG A/AA violations.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../functions/publish/build-site.ts';
import { serveSite, type SiteServer } from '../../functions/publish/serve.ts';
import { launchBrowser, watchPage, type PageProblems } from '../helpers/browser.ts';

const fixture = fileURLToPath(new URL('../fixtures/site-data/', import.meta.url));
const XSS_TEAM = '<img src=x onerror=alert(1)>';
const XSS_REP = 'Zoë "Z" O\'Brien & <b>Co</b>';

describe('report site in Chromium', () => {
  let outDir: string;
  let server: SiteServer;
  let browser: Browser;
  let buildMs = 0;

  beforeAll(async () => {
    // Prepare: build the fixture site outside the project, serve it, start the browser.
    outDir = await mkdtemp(join(tmpdir(), 'handoff-site-'));
    buildMs = (await buildSite({ dataDir: fixture, outDir })).ms;
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

  function expectNoProblems(problems: PageProblems): void {
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.dialogs).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
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

  it('built the fixture site quickly', () => {
    expect(buildMs).toBeGreaterThan(0);
    expect(buildMs).toBeLessThan(60_000);
  });

  it('home: sentences with the fixture numbers, the funnel table, freshness, no errors', async () => {
    const { page, problems } = await open('/');
    const summary = page.getByRole('region', { name: 'Summary' });
    // 412 MQLs vs 381 in September: +8.1%. Follow-up: 80 met of 80 + 14 + 7 = 101 due: 79.2%.
    await expect(summary.textContent()).resolves.toContain('Marketing delivered 412 MQLs in October 2026, 8% more than in September.');
    const text = (await summary.textContent()) ?? '';
    expect(text).toContain('In October 2026, 96 leads became SQLs and 21 were won.');
    expect(text).toContain('Sales followed up 79% of handed-off leads within 4 business hours; the agreed level is 90%.');
    expect(text).toContain("Each rep's median first response was between 12 business minutes and 5 business hours.");
    expect(await page.locator('header .freshness').textContent()).toBe('Data as of 5 November 2026 at 02:00 UTC.');
    const mqlRow = page.locator('table').first().locator('tbody tr', { hasText: 'MQLs' });
    expect(await mqlRow.locator('td').allTextContents()).toEqual(['350', '22', '40', '0', '412', '381']);
    expect(await page.locator('h1').count()).toBe(1);
    expectNoProblems(problems);
    await page.close();
  });

  it('home: the chart draws on its canvas, and its numbers are also in a table', async () => {
    const { page, problems } = await open('/');
    const canvas = page.locator('canvas[data-chart]');
    await expect(canvas.getAttribute('role')).resolves.toBe('img');
    expect(await canvas.getAttribute('aria-label')).toContain('MQLs and SQLs per month, November 2025 to October 2026');
    await page.waitForFunction(() => {
      const c = document.querySelector<HTMLCanvasElement>('canvas[data-chart]');
      const pixels = c?.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
      if (!pixels) return false;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
      return painted > 1000;
    }, undefined, { timeout: 10_000 });
    const rows = page.locator('table', { hasText: 'MQLs and SQLs per month' }).locator('tbody tr');
    expect(await rows.count()).toBe(12);
    expect(await rows.first().locator('th, td').allTextContents()).toEqual(['November 2025', '286', '62']);
    expect(await rows.last().locator('th, td').allTextContents()).toEqual(['October 2026', '412', '96']);
    expectNoProblems(problems);
    await page.close();
  });

  it('home: the numbers are readable without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    expect(await page.locator('main').textContent()).toContain('Marketing delivered 412 MQLs in October 2026');
    expect(await page.locator('table', { hasText: 'MQLs and SQLs per month' }).locator('tbody tr').count()).toBe(12);
    await context.close();
  });

  it('follow-up: sentences, tables by team and rep, and the speed-pays bands', async () => {
    const { page, problems } = await open('/follow-up/');
    const text = (await page.getByRole('region', { name: 'Summary' }).textContent()) ?? '';
    expect(text).toContain('Sales followed up 79% of handed-off leads within 4 business hours; the agreed level is 90%.');
    // East 54/67 = 81%, West 24/25 = 96%, the third team 2/9 = 22%.
    expect(text).toContain(`1 of 3 teams reached the agreed level of 90% in October 2026; the lowest was ${XSS_TEAM} at 22%.`);
    expect(text).toContain(
      'Leads followed up within 5 business minutes became SQLs 32% of the time, against 4% for leads never followed up.',
    );
    const teamTable = page.locator('table', { hasText: 'by team, October 2026' });
    expect(await teamTable.locator('tbody tr', { hasText: 'Inbound East' }).locator('td').allTextContents()).toEqual([
      '70', '54', '10', '3', '3', '81% below target',
    ]);
    expect(await teamTable.locator('tfoot td').allTextContents()).toEqual(['105', '80', '14', '7', '4', '79% below target']);
    const anaOctober = page.locator('table', { hasText: 'by rep, October 2026' }).locator('tr', { hasText: 'Ana Silva' });
    expect(await anaOctober.locator('td').allTextContents()).toEqual(['Inbound East', '40', '34', '4', '1', '1', '87% below target', '38 min', '4.3 h']);
    // Ana over Nov 2025–Oct 2026: the October 2025 row falls outside the 12 months; 91 met of 104 due = 88%.
    const anaYear = page.locator('table', { hasText: 'by rep, November 2025 to October 2026' }).locator('tr', { hasText: 'Ana Silva' });
    expect(await anaYear.locator('td').allTextContents()).toEqual(['Inbound East', '105', '91', '9', '4', '1', '88% below target']);
    const bands = page.locator('table', { hasText: 'MQL to SQL conversion by first-response time' }).locator('tbody tr');
    expect(await bands.count()).toBe(7);
    expect(await bands.first().locator('th, td').allTextContents()).toEqual(['Followed up within 5 business minutes', '50', '16', '32%']);
    expectNoProblems(problems);
    await page.close();
  });

  it('follow-up: names from the data render as text and run nothing', async () => {
    const { page, problems } = await open('/follow-up/');
    await page.waitForTimeout(300);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('main b').count()).toBe(0);
    expect(await page.getByRole('columnheader', { name: XSS_TEAM, exact: true }).count()).toBe(1);
    expect(await page.getByRole('rowheader', { name: XSS_TEAM, exact: true }).count()).toBe(2);
    expect(await page.getByRole('rowheader', { name: XSS_REP, exact: true }).count()).toBe(2);
    const html = await (await fetch(`${server.url}/follow-up/`)).text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expectNoProblems(problems);
    await page.close();
  });

  it('unknown pages get the 404 page', async () => {
    const { page, problems } = await open('/no-such-page/', 404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    expect(await page.locator('header .freshness').textContent()).toBe('Data as of 5 November 2026 at 02:00 UTC.');
    expect(problems.pageErrors).toEqual([]);
    expect(problems.dialogs).toEqual([]);
    await page.close();
  });

  it('every page passes axe WCAG 2.1 A and AA checks', async () => {
    for (const path of ['/', '/follow-up/']) {
      const { page } = await open(path);
      expect(await axeViolations(page), path).toEqual([]);
      await page.close();
    }
  });

  it('prints without navigation', async () => {
    const { page } = await open('/');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header nav').isVisible()).toBe(false);
    expect(await page.locator('table').first().isVisible()).toBe(true);
    await page.close();
  });
});

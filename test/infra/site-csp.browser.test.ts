// The report site under the Content Security Policy CloudFront sends: every page of the built fixture
// site in a real Chromium, with the policy header on every response, runs no blocked script and draws its charts.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../functions/publish/build-site.ts';
import { serveSite, type SiteServer } from '../../functions/publish/serve.ts';
import { SITE_CONTENT_SECURITY_POLICY } from '../../infra/constructs/report-site.ts';
import { launchBrowser, watchPage } from '../helpers/browser.ts';

const fixture = fileURLToPath(new URL('../fixtures/site-data/', import.meta.url));

describe('report site under its Content Security Policy (no inline scripts) in Chromium', () => {
  let outDir: string;
  let server: SiteServer;
  let browser: Browser;
  let paths: string[];

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'handoff-site-csp-'));
    await buildSite({ dataDir: fixture, outDir });
    const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
    paths = entries.filter((e) => e.isFile() && e.name === 'index.html')
      .map((e) => `/${relative(outDir, e.parentPath).split(sep).filter(Boolean).join('/')}/`.replace('//', '/')).sort();
    server = await serveSite(outDir, 0);
    browser = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('forbids inline scripts, and every page still runs its scripts and draws its charts', async () => {
    expect(SITE_CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(SITE_CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-inline/);
    const context = await browser.newContext();
    // CloudFront's response headers policy, on every response of the site.
    await context.route('**/*', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': SITE_CONTENT_SECURITY_POLICY } });
    });
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective}: ${e.blockedURI || 'inline'}`));
    });
    let charted = 0;
    for (const path of paths) {
      const page = await context.newPage();
      const problems = watchPage(page);
      await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
      if ((await page.locator('canvas[data-chart]').count()) > 0) {
        await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]')).every((c) => {
          const pixels = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
          let painted = 0;
          for (let i = 3; i < (pixels?.length ?? 0); i += 4) if (pixels![i]! > 0) painted++;
          return painted > 1000;
        }), undefined, { timeout: 10_000 });
        charted++;
      }
      expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations), path).toEqual([]);
      expect(problems.consoleErrors, path).toEqual([]);
      expect(problems.pageErrors, path).toEqual([]);
      await page.close();
    }
    // The fixture site has pages with charts; each drew under the policy.
    expect(charted).toBeGreaterThan(0);
    // The list page's script fetches a list's file and draws it under the policy: October's 3 listed MQLs of 412.
    const list = await context.newPage();
    const listProblems = watchPage(list);
    await list.goto(`${server.url}/lists/?list=mqls.2026-10`, { waitUntil: 'load' });
    await list.locator('main table').waitFor();
    expect(await list.locator('main table tbody tr').count()).toBe(3);
    expect(await list.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(listProblems.consoleErrors).toEqual([]);
    await list.close();
    // The policy was in force: a script injected inline is refused.
    const page = await context.newPage();
    await page.goto(`${server.url}/`, { waitUntil: 'load' });
    expect(await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
      return (window as unknown as { inlineRan?: boolean }).inlineRan === true;
    })).toBe(false);
    await context.close();
  }, 600_000);
});

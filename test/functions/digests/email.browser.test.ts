// The HTML digest in a real Chromium: it loads nothing (no images, scripts or style sheets to fetch), runs no script
// even for names that look like markup, and reads the same numbers as the text digest; axe finds no WCAG A/AA problem.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDigests } from '../../../functions/digests/write.ts';
import { launchBrowser, watchPage } from '../../helpers/browser.ts';
import { FIXTURES } from '../../helpers/night.ts';

let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'handoff-digest-html-'));

beforeAll(async () => {
  writeDigests(`${FIXTURES}site-data`, dir, { siteUrl: 'https://reports.example.com', repIds: [], repEmails: new Map() });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('the HTML digest in Chromium', () => {
  for (const key of ['sales-manager-inbound-east-1dx00', 'sales-manager-img-src-x-onerror-alert-1-z9uhd']) {
    it(`${key}: requests nothing, runs nothing, and shows the team's numbers as text`, async () => {
      const page = await browser.newPage();
      const problems = watchPage(page);
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${join(dir, `${key}.html`)}`);
      await page.addScriptTag({ content: readFileSync(new URL(import.meta.resolve('axe-core')).pathname.replace(/axe\.js$/, 'axe.min.js'), 'utf8') });
      const violations = await page.evaluate(async () => (await (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })).violations.map((v) => v.id));
      expect(violations).toEqual([]);
      expect(requests).toEqual([`file://${join(dir, `${key}.html`)}`]);
      expect(problems).toEqual({ consoleErrors: [], pageErrors: [], dialogs: [], failedRequests: [] });
      const text = await page.locator('body').innerText();
      if (key.startsWith('sales-manager-inbound-east')) {
        // Inbound East, worked out in test/fixtures/site-data/README.md: 54 of 67 in time, three leads breaching now.
        expect(text).toContain('Off track: Inbound East followed up 81% of the leads due in October 2026');
        expect(await page.locator('table').nth(1).locator('tbody tr').count()).toBe(3);
      } else {
        expect(text).toContain('Follow-up, <img src=x onerror=alert(1)>');
        expect(await page.locator('img').count()).toBe(0);
      }
      await page.close();
    });
  }
});

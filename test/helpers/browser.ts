// Starts the Chromium the browser tests drive (see site/scripts/chromium.ts: the system's, else the one
// npm installed; HANDOFF_BROWSER chooses) and records what a page complains about. Never downloads a browser.
import type { Browser, Page } from 'playwright-core';
import { BROWSER_VARIABLE, browserChoice, launchChromium } from '../../site/scripts/chromium.ts';

/** Starts headless Chromium as HANDOFF_BROWSER chooses; throws (so the test fails, never skips) when none starts. */
export async function launchBrowser(): Promise<Browser> {
  return launchChromium(browserChoice(process.env[BROWSER_VARIABLE]));
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
  failedRequests: string[];
}

/** Collects console errors, uncaught exceptions, dialogs (dismissed) and failed requests of a page. */
export function watchPage(page: Page): PageProblems {
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], dialogs: [], failedRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('requestfailed', (request) => problems.failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`));
  return problems;
}

// Lighthouse accessibility in the real Chromium: the scorecard and the follow-up page score 100.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../functions/publish/build-site.ts';
import { serveSite, type SiteServer } from '../../functions/publish/serve.ts';
import { accessibilityScore, startDevToolsChromium, type DevToolsChromium } from '../helpers/lighthouse.ts';

const fixture = fileURLToPath(new URL('../fixtures/site-data/', import.meta.url));

describe('Lighthouse accessibility', () => {
  let outDir: string;
  let server: SiteServer;
  let chromium: DevToolsChromium;

  beforeAll(async () => {
    // Prepare: the fixture site, served on 127.0.0.1, and Chromium with a DevTools port.
    outDir = await mkdtemp(join(tmpdir(), 'handoff-lighthouse-site-'));
    await buildSite({ dataDir: fixture, outDir });
    server = await serveSite(outDir, 0);
    chromium = await startDevToolsChromium();
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  for (const path of ['/', '/follow-up/']) {
    it(`scores 100 on ${path}`, async () => {
      const result = await accessibilityScore(`${server.url}${path}`, chromium.port);
      expect(result.failed).toEqual([]);
      expect(result.score).toBe(100);
    }, 120_000);
  }
});

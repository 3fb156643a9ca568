import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { App, IgnoreMode, Stack } from 'aws-cdk-lib';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listKeys, startS3rver, type LocalS3 } from '../helpers/s3rver.ts';

// The Astro build itself is the site's own tested code; here it writes three files, and records what data it was given.
const built: { data: Record<string, string> } = { data: {} };
vi.mock('../../functions/publish/build-site.ts', () => ({
  buildSite: async ({ dataDir, outDir }: { dataDir: string; outDir: string }) => {
    built.data = Object.fromEntries(readdirSync(dataDir).map((f) => [f, readFileSync(join(dataDir, f), 'utf8')]));
    mkdirSync(join(outDir, 'follow-up'), { recursive: true });
    mkdirSync(join(outDir, '_astro'), { recursive: true });
    writeFileSync(join(outDir, 'index.html'), '<h1>Funnel</h1>');
    writeFileSync(join(outDir, 'follow-up', 'index.html'), '<h1>Follow-up</h1>');
    writeFileSync(join(outDir, '_astro', 'chart.B1a2.js'), 'export {}');
    return { pages: 2, ms: 1 };
  },
}));
const { cacheControlOf, contentTypeOf, publish, staleKeys } = await import('../../infra/site-build/publish.ts');
const { SITE_SOURCE_EXCLUDE, bundleSiteSource } = await import('../../infra/constructs/site-build.ts');
const { REPO_ROOT } = await import('../../infra/constructs/handoff-function.ts');

describe('site build: source', () => {
  it('holds the site, its build, the publish script and the package files, and nothing else of the repository', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'handoff-site-source-'));
    try {
      const app = new App({ outdir });
      const asset = new Asset(new Stack(app, 'Source'), 'Source', { path: REPO_ROOT, exclude: SITE_SOURCE_EXCLUDE, ignoreMode: IgnoreMode.GLOB });
      app.synth({ skipValidation: true });
      const dir = join(outdir, `asset.${asset.assetHash}`);
      const top = (path: string) => path.split('/').slice(0, path.startsWith('functions/') || path.startsWith('infra/') ? 2 : 1).join('/');
      const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
      expect([...new Set(entries.map(top))].sort()).toEqual(['functions/publish', 'infra/site-build', 'package-lock.json', 'package.json', 'site']);
      expect(entries).toContain('site/src/lib/data.ts');
      expect(entries.filter((e) => e.includes('node_modules') || e.startsWith('site/dist/') || e.startsWith('site/.astro/'))).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('site build: dependencies bundled at synth', () => {
  it('copies the build\'s sources and installs their production dependencies for CodeBuild\'s linux x64, once, into the asset', () => {
    // Prepare
    const out = mkdtempSync(join(tmpdir(), 'handoff-site-bundle-'));
    const runs: Array<{ command: string; args: string[]; cwd: string }> = [];
    try {
      // Act
      bundleSiteSource(out, (command, args, cwd) => runs.push({ command, args, cwd }));

      // Assess
      expect(runs).toEqual([{ command: 'npm', args: ['ci', '--omit=dev', '--os=linux', '--cpu=x64', '--no-audit', '--no-fund', '--loglevel=error'], cwd: out }]);
      const entries = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(out.length + 1));
      expect(entries).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'site/src/lib/data.ts', 'infra/site-build/publish.ts', 'functions/publish/build-site.ts']));
      expect(entries.filter((e) => e.startsWith('site/node_modules/') || e.startsWith('site/dist/') || e.startsWith('site/.astro/'))).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('site build: publish', () => {
  let s3: LocalS3;
  let work: string;
  beforeAll(async () => {
    s3 = await startS3rver(['lake', 'site']);
    work = mkdtempSync(join(tmpdir(), 'handoff-publish-test-'));
  });
  afterAll(async () => {
    await s3.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("builds from the night's site data and replaces the site's files, removing what the build no longer has", async () => {
    // Prepare: two data files in the lake, and last night's site with a page that is gone now.
    await s3.client.send(new PutObjectCommand({ Bucket: 'lake', Key: '_site-data/meta.json', Body: '{"company":"Brightlane"}' }));
    await s3.client.send(new PutObjectCommand({ Bucket: 'lake', Key: '_site-data/funnel_monthly.json', Body: '[]' }));
    await s3.client.send(new PutObjectCommand({ Bucket: 'lake', Key: 'salesforce/lead/export_date=2026-11-20/lead_csv.parquet', Body: 'PAR1' }));
    await s3.client.send(new PutObjectCommand({ Bucket: 'site', Key: 'old-page/index.html', Body: 'old' }));
    await s3.client.send(new PutObjectCommand({ Bucket: 'site', Key: 'index.html', Body: 'yesterday' }));

    // Act
    const result = await publish(s3.client, { siteDataBucket: 'lake', siteDataPrefix: '_site-data/', siteBucket: 'site' }, join(work, 'run'));

    // Assess
    expect(built.data).toEqual({ 'funnel_monthly.json': '[]', 'meta.json': '{"company":"Brightlane"}' });
    expect(result).toEqual({ pages: 2, uploaded: 3, deleted: 1 });
    expect(await listKeys(s3.client, 'site')).toEqual(['_astro/chart.B1a2.js', 'follow-up/index.html', 'index.html']);
    const page = await s3.client.send(new GetObjectCommand({ Bucket: 'site', Key: 'index.html' }));
    expect(await page.Body!.transformToString()).toBe('<h1>Funnel</h1>');
    expect([page.ContentType, page.CacheControl]).toEqual(['text/html; charset=utf-8', 'public, max-age=300, must-revalidate']);
    const asset = await s3.client.send(new HeadObjectCommand({ Bucket: 'site', Key: '_astro/chart.B1a2.js' }));
    expect([asset.ContentType, asset.CacheControl]).toEqual(['text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
  });

  it('refuses to publish without site data, leaving the site as it is', async () => {
    await expect(publish(s3.client, { siteDataBucket: 'lake', siteDataPrefix: '_nothing-here/', siteBucket: 'site' }, join(work, 'empty')))
      .rejects.toThrow('no site data under s3://lake/_nothing-here/; run the site-data step first');
    expect(await listKeys(s3.client, 'site')).toEqual(['_astro/chart.B1a2.js', 'follow-up/index.html', 'index.html']);
  });

  it('serves each file with its media type and caches only hashed assets for long', () => {
    expect(['index.html', 'downloads/leads.csv', 'data/meta.json', '_astro/site.C0ffee.css', 'favicon.svg', 'x.unknown'].map(contentTypeOf)).toEqual([
      'text/html; charset=utf-8', 'text/csv; charset=utf-8', 'application/json; charset=utf-8', 'text/css; charset=utf-8', 'image/svg+xml', 'application/octet-stream',
    ]);
    expect(['_astro/site.C0ffee.css', 'index.html'].map(cacheControlOf)).toEqual(['public, max-age=31536000, immutable', 'public, max-age=300, must-revalidate']);
    expect(staleKeys(['a.html', 'b.html', 'c.html'], ['b.html'])).toEqual(['a.html', 'c.html']);
  });
});

// buildSite: builds anywhere on disk, repeatedly and concurrently in one process, and refuses bad data.
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../../functions/publish/build-site.ts';
import { SiteDataError } from '../../../site/src/lib/data.ts';

const fixture = fileURLToPath(new URL('../../fixtures/site-data/', import.meta.url));

describe('buildSite', () => {
  let tmp: string;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'handoff-build-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  // A copy of the fixture for another company whose October had 500 MQLs instead of 412.
  async function otherCompany(name: string): Promise<string> {
    const dir = join(tmp, name);
    await cp(fixture, dir, { recursive: true });
    const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8'));
    await writeFile(join(dir, 'meta.json'), JSON.stringify({ ...meta, company: `Company ${name}` }));
    const funnel = JSON.parse(await readFile(join(dir, 'funnel_monthly.json'), 'utf8'));
    const october = funnel.find((r: any) => r.month === '2026-10' && r.source_category === 'marketing');
    october.mqls += 88;
    await writeFile(join(dir, 'funnel_monthly.json'), JSON.stringify(funnel));
    return dir;
  }

  it('builds the fixture site into a folder outside the project', async () => {
    // Act
    const out = join(tmp, 'site-a');
    const result = await buildSite({ dataDir: fixture, outDir: out });
    // Assess: 8 section pages (What changed among them), 3 campaign, 5 rep and 1 partner pages, 3 score band lists, the one
    // list page (every lead and campaign list opens on it) and the 404 page.
    expect(result.pages).toBe(22);
    expect(result.ms).toBeGreaterThan(0);
    const home = await readFile(join(out, 'index.html'), 'utf8');
    // The count opens its lead list; its definition is the small link right after it.
    expect(home).toMatch(/Marketing delivered <a [^>]+>412 MQLs<\/a><a class="def"[^>]*>.*?<\/a> in October 2026, 3% above the <a [^>]+>target of 400<\/a> and 8% more than in September\./);
    expect(await readFile(join(out, 'follow-up', 'index.html'), 'utf8')).toContain('Follow-up of handed-off leads, October 2026');
    // The lead score verdict comes from score_calibration.json; partner-sourced bands of under 10 leads are too few to judge.
    const quality = await readFile(join(out, 'lead-quality', 'index.html'), 'utf8');
    expect(quality).toMatch(/Leads scored 80 or more became <a [^>]+>SQLs<\/a> 3\.1 times as often as leads scored under 40 \(31% vs 10%\)/);
    expect(quality).toContain('too few to judge');
    expect(await readFile(join(out, 'lead-quality', 'score-bands', '1', 'index.html'), 'utf8')).toContain('&lt;b&gt;Bold&lt;/b&gt; &amp; Co');
    // The list files the list page fetches sit beside it, each the data folder's own bytes.
    expect((await readdir(join(out, 'lists'))).filter((f) => f.endsWith('.csv')).sort()).toEqual((await readdir(join(fixture, 'lists'))).sort());
    expect(await readFile(join(out, 'lists', 'mqls.2026-10.csv'), 'utf8')).toBe(await readFile(join(fixture, 'lists', 'mqls.2026-10.csv'), 'utf8'));
    const csv = await readFile(join(out, 'downloads', 'funnel_monthly.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'month,source_category,inquiries,mqls,sals,sqls,won,rejected,recycled,lost,inferred_stages,activity_only,first_conversations,mql_target',
    );
  });

  it('rebuilds the same folder with new data in the same process', async () => {
    const out = join(tmp, 'site-b');
    await buildSite({ dataDir: fixture, outDir: out });
    await writeFile(join(out, 'stale.html'), 'left over');
    // Act: 412 + 88 = 500 MQLs; 500 / 400 = +25% on target; 500 / 381 = +31.2%.
    await buildSite({ dataDir: await otherCompany('b'), outDir: out });
    // Assess
    const home = await readFile(join(out, 'index.html'), 'utf8');
    expect(home).toMatch(/>500 MQLs<\/a><a class="def"[^>]*>.*?<\/a> in October 2026, 25% above the <a [^>]+>target of 400<\/a> and 31% more than in September\./);
    expect(home).toContain('Company b');
    await expect(readFile(join(out, 'stale.html'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('writes nothing under the installation and removes its temporaries', async () => {
    // Prepare: every path under the installed site (a read-only install must build too), and a work folder.
    const installed = fileURLToPath(new URL('../../../site/', import.meta.url));
    const tree = async () => (await readdir(installed, { recursive: true })).sort();
    // Paths under the installed site (the folder itself included) created or changed since `since`.
    const touchedSince = async (since: number) => {
      const paths = ['', ...(await tree())];
      const touched = await Promise.all(paths.map(async (p) => ((await stat(join(installed, p))).mtimeMs >= since ? p || '.' : null)));
      return touched.filter((p) => p !== null);
    };
    const before = await tree();
    const work = join(tmp, 'work');
    const started = Date.now() - 5;
    // Act
    await buildSite({ dataDir: fixture, outDir: join(tmp, 'site-clean'), workDir: work });
    // Assess: no site/.astro/builds/…, nothing new or rewritten under site/; the work folder empty; nothing left beside the site.
    expect(await tree()).toEqual(before);
    expect(await touchedSince(started)).toEqual([]);
    expect(await readdir(work)).toEqual([]);
    expect((await readdir(tmp)).filter((f) => f.includes('site-clean'))).toEqual(['site-clean']);
  });

  it('runs builds at the same time without mixing their data', async () => {
    const [dataC, dataD] = await Promise.all([otherCompany('c'), otherCompany('d')]);
    await Promise.all([
      buildSite({ dataDir: dataC, outDir: join(tmp, 'site-c') }),
      buildSite({ dataDir: dataD, outDir: join(tmp, 'site-d') }),
      buildSite({ dataDir: fixture, outDir: join(tmp, 'site-e') }),
    ]);
    expect(await readFile(join(tmp, 'site-c', 'index.html'), 'utf8')).toContain('Company c');
    expect(await readFile(join(tmp, 'site-d', 'index.html'), 'utf8')).toContain('Company d');
    expect(await readFile(join(tmp, 'site-e', 'index.html'), 'utf8')).toContain('Northwind Demo Ltd');
  });

  it('builds a site from a night with no rows at all, saying so instead of failing', async () => {
    // Prepare: the fixture's meta.json and every other file empty.
    const empty = join(tmp, 'empty-data');
    await cp(fixture, empty, { recursive: true });
    for (const file of await readdir(empty)) if (file.endsWith('.json') && file !== 'meta.json') await writeFile(join(empty, file), '[]');
    // Act
    const out = join(tmp, 'site-empty');
    const result = await buildSite({ dataDir: empty, outDir: out });
    // Assess: the eight section pages, the list page and the 404 page, each stating what is missing.
    expect(result.pages).toBe(10);
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('There is no MQL data for October 2026 yet.');
    expect(await readFile(join(out, 'campaigns', 'index.html'), 'utf8')).toContain('There are no campaigns in the data.');
    expect(await readFile(join(out, 'data-health', 'index.html'), 'utf8')).toContain('No export file was loaded.');
    expect(await readFile(join(out, 'what-changed', 'index.html'), 'utf8')).toContain('No number of a closed month changed since the previous night.');
  });

  it('fails on bad data, naming the file and field, and writes nothing', async () => {
    const bad = join(tmp, 'bad-data');
    await cp(fixture, bad, { recursive: true });
    await writeFile(join(bad, 'response_bands.json'), JSON.stringify([{ month: '2026-10', band: 'under 5 min', band_order: 1, leads: 10, sqls: 'three', conversion_rate: 0.3 }]));
    const out = join(tmp, 'site-bad');
    const build = buildSite({ dataDir: bad, outDir: out });
    await expect(build).rejects.toThrow(SiteDataError);
    await expect(build).rejects.toThrow(/response_bands\.json: \[0\]\.sqls: .*expected number/);
    await expect(readFile(join(out, 'index.html'), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});

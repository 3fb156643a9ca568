// The real demo night, end to end: the site data comes from the marts alone, and no email address or phone number
// reaches any published page (not even inside a CSV download link).
import { createHash } from 'node:crypto';
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config.ts';
import { DuckDbEngine } from '../../functions/core/duckdb-engine.ts';
import { generateDemoExports } from '../../functions/demo/generate.ts';
import { runNight, type NightResult } from '../../functions/night/run-night.ts';
import { writeSiteData } from '../../functions/night/site-data.ts';
import { siteQueries } from '../../functions/night/site-queries.ts';
import { parseCsv } from '../../site/src/lib/csv.ts';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
// "+1 (503) 555-8065", "(503) 555-8065", "503-555-8065", "+44 20 7946 0958": a phone, not a date, id or amount.
const PHONE = /(\+\d{1,3}[\s.-]?\(?\d{1,4}\)?[\s.-]?\d{2,4}[\s.-]?\d{3,4})|(\(\d{3}\)\s?\d{3}[\s.-]\d{4})|(\b\d{3}[.-]\d{3}[.-]\d{4}\b)/;

/** Every file under dir ending in ext, as absolute paths. */
async function filesUnder(dir: string, ext: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(ext)).map((e) => join(e.parentPath, e.name));
}

/** A page with its data: links decoded, so a CSV download cannot hide what the page does not show. */
function withDecodedLinks(html: string): string {
  const decoded = [...html.matchAll(/href="data:[^,"]*,([^"]*)"/g)].map((m) => decodeURIComponent(m[1]!));
  return [html, ...decoded].join('\n');
}

describe('the demo night’s site', () => {
  let root: string;
  let night: NightResult;
  let pages: string[];
  const contacts: string[] = [];

  beforeAll(async () => {
    // Prepare: the demo company's exports, the whole night with a CRM address and MQL targets, the site built.
    root = await mkdtemp(join(tmpdir(), 'handoff-demo-site-'));
    const exportsDir = join(root, 'exports');
    await generateDemoExports(exportsDir);
    const config = parseConfig({
      company: { name: 'Brightlane Software (demo)', crm_url: 'https://brightlane.my.salesforce.com' },
      funnel: { mql_targets: { '2026-09': 110, '2026-10': 110 } },
    });
    night = await runNight({ exportsDir, outDir: join(root, 'night'), config, log: () => {} });
    pages = await filesUnder(night.siteDir!, '.html');
    // The contact details the exports hold, so the scan also looks for each one exactly.
    const leads = await readFile(join(exportsDir, 'salesforce', 'Lead.csv'), 'utf8');
    const header = leads.split('\n', 1)[0]!.split(',').map((h) => h.replaceAll('"', ''));
    const columns = ['Phone', 'MobilePhone', 'Email'].map((c) => header.indexOf(c));
    for (const line of leads.split('\n').slice(1, 400)) {
      const cells = line.split('","').map((c) => c.replaceAll('"', ''));
      for (const i of columns) if (cells[i] && (EMAIL.test(cells[i]!) || PHONE.test(cells[i]!))) contacts.push(cells[i]!);
    }
  });

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('builds every kind of page, including one per campaign, rep and partner, and the list page with a file per list', async () => {
    const relative = pages.map((p) => p.slice(night.siteDir!.length));
    for (const section of ['/index.html', '/campaigns/index.html', '/follow-up/index.html', '/funnel/index.html', '/lead-quality/index.html', '/definitions/index.html', '/data-health/index.html']) {
      expect(relative).toContain(section);
    }
    expect(relative.filter((p) => /^\/campaigns\/[^/]+\/index\.html$/.test(p)).length).toBe(10);
    expect(relative.filter((p) => p.startsWith('/follow-up/reps/')).length).toBeGreaterThanOrEqual(10);
    expect(relative.filter((p) => p.startsWith('/follow-up/partners/')).length).toBe(1);
    // Every list opens on the one list page, which reads the list's own file.
    expect(relative.filter((p) => p.startsWith('/lists/'))).toEqual(['/lists/index.html']);
    // One file per metric and month with lists, and three per group of campaigns sharing the first two digits of their
    // ids' md5 (their people, their opportunities, their pipeline and revenue by period): the demo's 10 campaigns each
    // touched opportunities created and won in the last 12 months, and no two of their ids' md5 start alike.
    const files = (await readdir(join(night.siteDir!, 'lists'))).filter((f) => f.endsWith('.csv'));
    const roi = JSON.parse(await readFile(join(root, 'night', 'site-data', 'campaign_roi.json'), 'utf8')) as Array<{ campaign_id: string | null }>;
    const buckets = new Set(roi.filter((r) => r.campaign_id !== null).map((r) => createHash('md5').update(r.campaign_id!).digest('hex').slice(0, 2)));
    expect(buckets.size).toBe(10);
    expect(files.filter((f) => f.startsWith('campaign.')).sort()).toEqual([...buckets].flatMap((b) => ['opportunities', 'people', 'periods'].map((k) => `campaign.${b}.${k}.csv`)).sort());
    expect(files.filter((f) => /^[a-z-]+\.\d{4}-\d{2}\.csv$/.test(f)).length).toBeGreaterThan(100);
  });

  it('publishes no email address or phone number in any page, CSV link or download', async () => {
    expect(contacts.length).toBeGreaterThan(300);
    expect(contacts.some((c) => EMAIL.test(c))).toBe(true);
    expect(contacts.some((c) => PHONE.test(c))).toBe(true);
    const files = [...pages, ...(await filesUnder(night.siteDir!, '.csv'))];
    for (const file of files) {
      const text = withDecodedLinks(await readFile(file, 'utf8'));
      expect(text.match(EMAIL)?.[0], file).toBeUndefined();
      expect(text.match(PHONE)?.[0], file).toBeUndefined();
      for (const contact of contacts) if (text.includes(contact)) expect.fail(`${file} contains ${contact}`);
    }
  });

  it('links lead ids to the CRM and states the MQL target', async () => {
    const home = await readFile(join(night.siteDir!, 'index.html'), 'utf8');
    expect(home).toMatch(/target of 110<\/a>/);
    // The list page knows the CRM's address and links each lead id of the list's file to it.
    expect(await readFile(join(night.siteDir!, 'lists', 'index.html'), 'utf8')).toContain('https://brightlane.my.salesforce.com');
    expect(await readFile(join(night.siteDir!, 'lists', 'mqls.2026-10.csv'), 'utf8')).toMatch(/\nmqls\.2026-10,mqls,2026-10,,,,\d+,\d+,[^,]+,00Q[0-9A-Za-z]{15},/);
  });

  it("names each listed lead as Lead.csv does (FirstName LastName), and leaves the name empty for the few without one", async () => {
    const [leadHeader, ...leadRows] = parseCsv(await readFile(join(root, 'exports', 'salesforce', 'Lead.csv'), 'utf8'));
    const col = (name: string) => leadHeader!.indexOf(name);
    const exported = new Map(leadRows.map((r) => [r[col('Id')], [r[col('FirstName')], r[col('LastName')]].filter(Boolean).join(' ') || null]));
    const [header, ...rows] = parseCsv(await readFile(join(night.siteDir!, 'lists', 'mqls.2026-10.csv'), 'utf8'));
    const at = (name: string) => header!.indexOf(name);
    expect(header!.slice(at('lead_id'), at('lead_id') + 3)).toEqual(['lead_id', 'person_name', 'company']);
    expect(rows.length).toBeGreaterThan(50);
    for (const row of rows) expect(row[at('person_name')] || null, row[at('lead_id')]!).toBe(exported.get(row[at('lead_id')]));
    // Most of October's MQLs have a name.
    expect(rows.filter((row) => row[at('person_name')]).length / rows.length).toBeGreaterThan(0.9);
  });

  it('reads only the marts: site data written from the Parquet marts alone is the same', async () => {
    // Act: a fresh DuckDB that knows nothing but the marts' Parquet files.
    const engine = await DuckDbEngine.open({});
    const dir = join(root, 'site-data-from-marts');
    try {
      for (const mart of night.marts) await engine.execute(`create view ${mart} as select * from read_parquet('${join(root, 'night', 'marts', `${mart}.parquet`)}')`);
      await writeSiteData(engine, dir, { config: parseConfig({ company: { name: 'x' } }), asOf: night.asOf, generatedAt: '2026-11-21T00:00:00Z' });
    } finally {
      await engine.close();
    }
    // Assess: every data file but meta.json is identical.
    for (const name of Object.keys(siteQueries(night.asOf))) {
      const fromNight = await readFile(join(root, 'night', 'site-data', `${name}.json`), 'utf8');
      expect(await readFile(join(dir, `${name}.json`), 'utf8'), name).toBe(fromNight);
    }
    const lists = await readdir(join(root, 'night', 'site-data', 'lists'));
    expect((await readdir(join(dir, 'lists'))).sort()).toEqual(lists.sort());
    for (const file of lists) expect(await readFile(join(dir, 'lists', file), 'utf8'), file).toBe(await readFile(join(root, 'night', 'site-data', 'lists', file), 'utf8'));
  });

  it('keeps the site data small', async () => {
    const sizes = await Promise.all((await filesUnder(join(root, 'night', 'site-data'), '.json')).map(async (f) => (await readFile(f)).length));
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(5_000_000);
  });
});

// The site's data loader: good fixture data loads; bad data is refused with the file and field named.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSiteData, SiteDataError } from '../../site/src/lib/data.ts';

const fixture = fileURLToPath(new URL('../fixtures/site-data/', import.meta.url));

describe('loadSiteData', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'handoff-site-data-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // A copy of the fixture with one file rewritten.
  async function variant(name: string, file: string, edit: (rows: any) => unknown): Promise<string> {
    const target = join(dir, name);
    await cp(fixture, target, { recursive: true });
    const parsed = JSON.parse(await readFile(join(target, file), 'utf8'));
    await writeFile(join(target, file), JSON.stringify(edit(parsed)));
    return target;
  }

  it('loads every file of the fixture and orders bands by month and band_order', () => {
    const data = loadSiteData(fixture);
    expect(data.meta.company).toBe('Northwind Demo Ltd');
    expect(data.funnel).toHaveLength(39);
    expect(data.sla).toHaveLength(17);
    expect(data.roi).toHaveLength(24);
    expect(data.leadLists.map((l) => `${l.metric} ${l.total} ${l.shown}`)).toEqual(['mqls 412 3', 'rejected 46 2', 'rejected_untouched 2 2', 'response_breached 7 2']);
    expect(data.campaignLists.filter((l) => l.campaign_id === 'c1').map((l) => `${l.list} ${l.total}`)).toEqual([
      'mqls 200', 'opportunities 2', 'pipeline-last-12-months 2', 'pipeline-last-quarter 1', 'revenue-last-12-months 1', 'revenue-last-quarter 1', 'sqls 50', 'touched 500', 'won 1',
    ]);
    // A list's rows stay in its file (the list page reads it); the data gives it by the list's id.
    expect(data.listFile!('rejected-untouched.2026-10')!.split('\n')[0]).toMatch(/^list_id,metric,month,/);
    expect(data.listFile!('mqls.2026-09')).toBeNull();
    expect(data.bands.filter((b) => b.month === '2026-10').map((b) => b.band)).toEqual([
      'under 5 min', '5 to 15 min', '15 to 60 min', '1 to 4 h', '4 to 24 h', 'over 24 h', 'never',
    ]);
  });

  it('names the file and the field of a wrong type', async () => {
    const bad = await variant('wrong-type', 'sla_compliance.json', (rows) => {
      rows[2].compliance = '0.857143';
      return rows;
    });
    expect(() => loadSiteData(bad)).toThrow(SiteDataError);
    expect(() => loadSiteData(bad)).toThrow(/sla_compliance\.json: \[2\]\.compliance: .*expected number/);
  });

  it('refuses a compliance that does not match its own counts', async () => {
    const bad = await variant('wrong-rate', 'sla_compliance.json', (rows) => {
      rows[0].compliance = 0.9; // 5 met of 10 due is 0.5
      return rows;
    });
    expect(() => loadSiteData(bad)).toThrow(/\[0\]\.compliance: must be met \/ \(met \+ late \+ breached\)/);
  });

  it('refuses an unknown source category, a bad month, a model it does not know and a missing file', async () => {
    const category = await variant('category', 'funnel_monthly.json', (rows) => {
      rows[1].source_category = 'Sales';
      return rows;
    });
    expect(() => loadSiteData(category)).toThrow(/funnel_monthly\.json: \[1\]\.source_category/);
    const month = await variant('month', 'funnel_monthly.json', (rows) => {
      rows[0].month = '2026-13';
      return rows;
    });
    expect(() => loadSiteData(month)).toThrow(/\[0\]\.month: expected a month as "YYYY-MM"/);
    const model = await variant('model', 'campaign_roi.json', (rows) => {
      rows[0].model = 'time_decay';
      return rows;
    });
    expect(() => loadSiteData(model)).toThrow(/campaign_roi\.json: \[0\]\.model/);
    expect(() => loadSiteData(join(dir, 'no-such-folder'))).toThrow(/meta\.json could not be read \(ENOENT\)/);
  });

  it('refuses two rows for the same grain', async () => {
    const bad = await variant('duplicate', 'funnel_monthly.json', (rows) => [...rows, rows[0]]);
    expect(() => loadSiteData(bad)).toThrow(/rows \[0\] and \[39\] have the same month × source_category \(2025-10 × marketing\)/);
    const roi = await variant('duplicate-roi', 'campaign_roi.json', (rows) => [...rows, rows[0]]);
    expect(() => loadSiteData(roi)).toThrow(/campaign_roi\.json: rows \[0\] and \[24\] have the same campaign × model \(c1 × first_touch\)/);
  });
});

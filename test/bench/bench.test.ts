// The benchmark script end to end at a tiny scale (1,000 leads): it must produce a complete results
// file, and the baseline's hand-written funnel query must agree with the night's funnel_monthly.
// No timing is asserted: only that every stage ran, took time and moved rows.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunnelMonth } from '../../bench/baseline.ts';
import type { BenchResult } from '../../bench/run.ts';
import { HEADERS } from '../../functions/demo/write.ts';
import { parseQuotedCsv } from '../helpers/data-export.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const COUNTS = ['inquiries', 'mqls', 'sals', 'sqls', 'won'] as const;

let dir: string;
let result: BenchResult;
let output: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'handoff-bench-test-'));
  const args = [join(ROOT, 'bench', 'run.ts'), '--scale', '0.001', '--work', join(dir, 'work'), '--results', join(dir, 'results'), '--keep'];
  // The script exits 1 when the night fails or the funnels differ, after writing its results: the tests below say which.
  const run = await promisify(execFile)(process.execPath, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 })
    .catch((error: Error & { stdout?: string; stderr?: string }) => ({ stdout: `${error.stdout ?? ''}\n${error.stderr ?? ''}\n${error.message}` }));
  output = run.stdout;
  const results = join(dir, 'results');
  const [json] = existsSync(results) ? readdirSync(results).filter((f) => /^\d{4}-\d{2}-\d{2}-scale-0\.001\.json$/.test(f)) : [];
  if (!json) throw new Error(`the bench wrote no results file:\n${output}`);
  result = JSON.parse(readFileSync(join(dir, 'results', json!), 'utf8')) as BenchResult;
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});


const DATE_ONLY = new Set(['ConvertedDate', 'LastActivityDate', 'StartDate', 'EndDate', 'CloseDate', 'ActivityDate', 'FirstRespondedDate']);

/** The night's funnel_monthly, summed over source categories by month, read straight from the mart. */
async function martTotalsByMonth(): Promise<FunnelMonth[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    const reader = await db.runAndReadAll(`select strftime(month, '%Y-%m') as month, ${COUNTS.map((c) => `sum(${c}) as ${c}`).join(', ')}
      from read_parquet('${join(dir, 'work', 'night', 'marts', 'funnel_monthly.parquet')}') group by month order by month`);
    return reader.getRowObjectsJS().map((r) => ({ month: String(r['month']), ...Object.fromEntries(COUNTS.map((c) => [c, Number(r[c])])) }) as FunnelMonth);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

describe('npm run bench -- --scale 0.001', () => {
  it('writes a results file with the machine, the data and both runs', () => {
    expect(result.scale).toBe(0.001);
    expect(result.leads).toBe(1000);
    expect(result.machine.cores).toBeGreaterThan(0);
    expect(result.machine.cpu).not.toBe('');
    expect(result.machine.duckdb).toMatch(/^v\d/);
    expect(result.machine.node).toBe(process.version);
    expect(result.data.files['Lead.csv']).toBe(1000);
    expect(result.data.files['CampaignMember.csv']).toBe(20_000);
    expect(result.night.exitCode, result.night.error).toBe(0);
    expect(result.baseline.exitCode, result.baseline.error).toBe(0);
    const md = readdirSync(join(dir, 'results')).find((f) => f.endsWith('-scale-0.001.md'));
    expect(md).toBeDefined();
    expect(readFileSync(join(dir, 'results', md!), 'utf8')).toContain('| stage | wall s | CPU s | peak RSS MB | rows |');
    expect(output).toContain('Night / baseline');
  });

  it('generates real Data Export files the night loads without a quarantined row', () => {
    const dir2 = join(dir, 'work', 'exports', 'salesforce');
    expect(readdirSync(dir2).sort()).toEqual(Object.keys(HEADERS).map((n) => `${n}.csv`).sort());
    let multiline = 0;
    for (const [name, header] of Object.entries(HEADERS)) {
      const [head, ...rows] = parseQuotedCsv(readFileSync(join(dir2, `${name}.csv`), 'utf8'));
      expect(head, name).toEqual([...header]);
      expect(rows.length, name).toBe(result.data.files[`${name}.csv`]);
      for (const row of rows) {
        expect(row.length, name).toBe(header.length);
        header.forEach((column, i) => {
          const value = row[i]!;
          const where = `${name}.${column} = ${JSON.stringify(value)}`;
          if (value.includes('\n')) multiline++;
          if (/^(Is[A-Z]|HasResponded$)/.test(column)) expect(['0', '1'], where).toContain(value);
          else if (column === 'Id') expect(value, where).toMatch(/^[0-9A-Za-z]{18}$/);
          else if (/Id$/.test(column) && value !== '') expect(value, where).toMatch(/^[0-9A-Za-z]{18}$/);
          else if (DATE_ONLY.has(column) && value !== '') expect(value, where).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          else if (/(Date|DateTime|Modstamp)$/.test(column) && value !== '') expect(value, where).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        });
      }
    }
    const leads = parseQuotedCsv(readFileSync(join(dir2, 'Lead.csv'), 'utf8'));
    expect(leads.flat()).toContain('000000000000000AAA');
    expect(multiline, 'a description with an embedded newline').toBeGreaterThan(0);
    expect(result.night.stages[0]!.summary).toMatch(/ 0 quarantined, 0 unreadable files$/);
  });

  it('times every stage of the night and of the baseline, with their peak memory and rows', () => {
    expect(result.night.stages.map((s) => s.stage)).toEqual(['ingest', 'seeds', 'models', 'marts', 'history', 'site data', 'digests', 'site']);
    expect(result.baseline.stages.map((s) => s.stage)).toEqual(['csv to parquet', 'funnel query']);
    for (const stage of [...result.night.stages, ...result.baseline.stages]) {
      expect(stage.wallS, stage.stage).toBeGreaterThan(0);
      expect(stage.peakRssMb, stage.stage).toBeGreaterThan(0);
      expect(stage.rows, stage.stage).toBeGreaterThan(0);
    }
    expect(result.night.stages[0]!.rows).toBe(Object.values(result.data.files).reduce((a, b) => a + b, 0));
    expect(result.baseline.stages[0]!.rows).toBe(result.night.stages[0]!.rows);
    expect(result.night.totalS).toBeGreaterThan(0);
    expect(result.baseline.totalS).toBeGreaterThan(0);
    expect(result.night.cpuS).toBeGreaterThan(0);
    expect(result.baseline.cpuS).toBeGreaterThan(0);
    expect(result.ratio).toBeCloseTo(result.night.totalS / result.baseline.totalS, 1);
    expect(result.site.pages).toBeGreaterThan(0);
    expect(result.site.sections.reduce((n, s) => n + s.pages, 0)).toBe(result.site.pages);
    expect(result.demo?.exitCode, result.demo?.error).toBe(0);
    expect(result.demo?.siteS).toBeGreaterThan(0);
    expect(result.targets.map((t) => t.target)).toEqual([
      'night ≤ 3 × baseline', 'night without the site ≤ 2 × baseline', 'ingest ≤ 1.5 × baseline CSV to Parquet', 'peak memory ≤ 4 GB',
      'demo site build < 30 s', '≤ 100 kB gzipped JS per page',
    ]);
  });

  it("the baseline's one query counts the same funnel as the night's funnel_monthly, month by month", async () => {
    const night = await martTotalsByMonth();
    const baseline = JSON.parse(readFileSync(join(dir, 'work', 'baseline', 'funnel.json'), 'utf8')) as FunnelMonth[];
    expect(night.length).toBeGreaterThan(10);
    expect(baseline).toEqual(night);
    const sum = (rows: FunnelMonth[], k: (typeof COUNTS)[number]) => rows.reduce((n, r) => n + r[k], 0);
    for (const k of COUNTS) {
      expect(sum(night, k), k).toBeGreaterThan(0);
      expect(sum(baseline, k), k).toBe(sum(night, k));
      expect(result.crossCheck.night[k]).toBe(sum(night, k));
      expect(result.crossCheck.baseline[k]).toBe(sum(night, k));
    }
    // A funnel narrows: the totals must look like one, or the data exercised nothing.
    expect(sum(night, 'inquiries')).toBeGreaterThan(sum(night, 'mqls'));
    expect(sum(night, 'mqls')).toBeGreaterThan(sum(night, 'sqls'));
    expect(sum(night, 'sqls')).toBeGreaterThan(sum(night, 'won'));
    expect(result.crossCheck.equal).toBe(true);
    expect(result.crossCheck.mismatches).toEqual([]);
    expect(existsSync(join(dir, 'work', 'exports', 'salesforce', 'Lead.csv'))).toBe(true);
  });
});

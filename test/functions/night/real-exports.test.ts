// `handoff run` on exports whose only faults are data anomalies: exit 0, a built site, and a data
// health page that names every anomaly with its count and an example id.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli.ts';
import { FIXTURES, readMart } from '../../helpers/night.ts';

describe('handoff run on a Salesforce export with anomalies and missing files', () => {
  let out: string;
  let exitCode: number;
  let healthPage: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'handoff-anomalies-'));
    exitCode = await main(['run', '--exports', join(FIXTURES, 'exports', 'anomalies'), '--out', out, '--as-of', '2026-10-30T17:00:00Z']);
    healthPage = await readFile(join(out, 'site', 'data-health', 'index.html'), 'utf8');
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('exits 0 and builds the site', () => {
    expect(exitCode).toBe(0);
    expect(healthPage).toContain('<h1>Data health</h1>');
  });

  it('names every anomaly on the data health page with its count and an example id', () => {
    // The three anomalies of the fixture (see test/sql/data-anomalies.test.ts for the records).
    expect(healthPage).toContain('close date before creation (1 opportunity, e.g. 0060000000000O2AAA)');
    expect(healthPage).toContain('won without a close date (1 opportunity, e.g. 0060000000000O3AAA)');
    expect(healthPage).toContain('stage times out of order (1 person, e.g. 00Q0000000000A3AAA)');
  });

  it('says which missing files degrade which numbers, and which status is unmapped', () => {
    expect(healthPage).toMatch(/User\.csv \(salesforce\): owners are known only by id/);
    expect(healthPage).toMatch(/MQL - Open \(1 person, salesforce\)/);
  });
});

// Real files from an API-based export tool (test/fixtures/exports/salesforce-api-export, with its
// licence): no User.csv, LeadHistory.csv or Event.csv, and deals closed before they were created.
describe('handoff run on the real Salesforce sample export, site included', () => {
  let root: string;
  let exitCode: number;
  let healthPage: string;
  let health: Array<Record<string, unknown>>;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'handoff-samples-night-'));
    await cp(join(FIXTURES, 'exports', 'salesforce-api-export'), join(root, 'exports', 'salesforce'), { recursive: true, filter: (src) => !/\.(txt|md)$/.test(src) });
    exitCode = await main(['run', '--exports', join(root, 'exports'), '--out', join(root, 'out')]);
    healthPage = await readFile(join(root, 'out', 'site', 'data-health', 'index.html'), 'utf8');
    health = await readMart(join(root, 'out'), 'data_health', 'check_kind, object, test_name');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('exits 0 with every row loaded and every data test passing', () => {
    expect(exitCode).toBe(0);
    const loads = health.filter((h) => h['check_kind'] === 'load');
    // 22 accounts, 8 campaigns, 68 members, 102 contacts, 60 leads, 50 opportunities, 75 tasks (counted with a CSV reader).
    expect(loads.reduce((n, h) => n + Number(h['rows_loaded']), 0)).toBe(385);
    expect(health.filter((h) => h['check_kind'] === 'test' && h['status'] !== 'pass')).toEqual([]);
  });

  it('names the 19 deals closed before they were created, the missing files and the unmapped source', () => {
    // Counted with Python's csv module: CloseDate earlier than the date of CreatedDate in 19 of 50 rows.
    expect(healthPage).toContain('close date before creation (19 opportunities, e.g. 006Ec00000AieKGIAZ)');
    expect(health.filter((h) => h['check_kind'] === 'missing_export').map((h) => h['test_name'])).toEqual(['Event.csv', 'LeadHistory.csv', 'User.csv']);
    // 22 leads and contacts carry "Referral", which the default source map leaves to the user.
    expect(health.filter((h) => h['check_kind'] === 'unmapped_lead_source').map((h) => [h['test_name'], Number(h['failures'])])).toEqual([['Referral', 22]]);
  });
});

// `handoff run` on exports whose only faults are data anomalies: exit 0, a built site, and a data
// health page that names every anomaly with its count and an example id.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli.ts';
import { FIXTURES } from '../../helpers/night.ts';

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

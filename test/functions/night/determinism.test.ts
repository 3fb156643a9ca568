// Same input, same marts (README): two nights on the same exports give every mart exactly, value for value.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../../functions/demo/config.ts';
import { generateDemoExports } from '../../../functions/demo/generate.ts';
import { runNight } from '../../../functions/night/run-night.ts';

describe('two nights on the same input', () => {
  let root: string;
  let marts: string[];

  beforeAll(async () => {
    // Prepare: the demo company's exports (generated), and the night run on them twice into two folders.
    root = await mkdtemp(join(tmpdir(), 'handoff-determinism-'));
    const exportsDir = join(root, 'exports');
    const demo = await generateDemoExports(exportsDir);
    for (const run of ['a', 'b']) {
      await runNight({ exportsDir, outDir: join(root, run), config: demoConfig(demo.asOf), skipSite: true, log: () => {} });
    }
    marts = (await readdir(join(root, 'a', 'marts'))).filter((f) => f.endsWith('.parquet')).sort();
  });

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('give every mart exactly: no row of one is missing from the other, down to the last digit', async () => {
    // Every mart of the README's dictionary.
    expect(marts).toEqual([
      'attribution.parquet', 'campaign_costs_monthly.parquet', 'campaign_people.parquet', 'campaign_roi.parquet', 'closed_figures.parquet', 'contactability.parquet', 'data_health.parquet',
      'definition_changes.parquet', 'figure_records.parquet', 'funnel_cohorts.parquet', 'funnel_monthly.parquet', 'lead_score_calibration.parquet', 'lead_scores.parquet',
      'leads.parquet', 'loss_reasons.parquet', 'monthly_figures.parquet', 'rejection_reasons.parquet', 'response_bands.parquet', 'restatement_log.parquet', 'restatements.parquet', 'revenue_monthly.parquet',
      'sla_compliance.parquet',
    ]);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const differences: Record<string, number> = {};
      for (const mart of marts) {
        const [a, b] = ['a', 'b'].map((run) => `read_parquet('${join(root, run, 'marts', mart)}')`);
        // EXCEPT ALL compares doubles bit for bit and keeps duplicates, so equal multisets give 0 rows both ways.
        const reader = await connection.runAndReadAll(
          `select (select count(*) from (select * from ${a} except all select * from ${b})) + (select count(*) from (select * from ${b} except all select * from ${a})) as n, (select count(*) from ${a}) as rows`,
        );
        const [row] = reader.getRowObjectsJson() as Array<{ n: string; rows: string }>;
        // A first night has no earlier snapshot: nothing restated, no definition changed.
        if (['restatements.parquet', 'restatement_log.parquet', 'definition_changes.parquet'].includes(mart)) expect(Number(row!.rows), mart).toBe(0);
        else expect(Number(row!.rows), mart).toBeGreaterThan(0);
        differences[mart] = Number(row!.n);
      }
      expect(differences).toEqual(Object.fromEntries(marts.map((m) => [m, 0])));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type HandoffConfig } from '../../functions/core/config.ts';
import { loadModels } from '../../functions/core/sql.ts';
import { TrinoEngine } from '../../functions/core/trino-engine.ts';
import { demoConfig } from '../../functions/demo/config.ts';
import { generateDemoExports } from '../../functions/demo/generate.ts';
import { runNight } from '../../functions/night/run-night.ts';
import { HUBSPOT_2025_CONFIG, MAPPED_CONFIG, MULTI_SOURCE_CONFIG } from '../fixtures/fixture-configs.ts';
import { compareMart } from '../helpers/mart-parity.ts';
import { FIXTURES as FIXTURES_DIR, runFixtureNight } from '../helpers/night.ts';
import { startTrino, type TrinoServer } from '../helpers/trino.ts';
import { runTrinoNight } from '../helpers/trino-night.ts';

// Athena v3 runs on Trino. The marts the same rendered SQL gives on a real Trino must equal
// DuckDB's row for row; a difference is fixed in the SQL or a macro, never in the comparison.
// Each fixture runs with the config and as-of of its own hand-worked test.
const FIXTURES: Array<{ fixture: string; config: unknown; asOf?: string }> = [
  { fixture: 'sla-week', config: {}, asOf: '2026-11-23T16:00:00Z' },
  { fixture: 'versions', config: {}, asOf: '2026-11-20T00:00:00Z' },
  { fixture: 'revenue-month', config: { currency: { reporting: 'USD', rates: { EUR: 1.1 } } }, asOf: '2026-10-31T00:00:00Z' },
  { fixture: 'attribution', config: {}, asOf: '2026-06-30T00:00:00Z' },
  { fixture: 'anomalies', config: {}, asOf: '2026-10-30T17:00:00Z' },
  { fixture: 'mapped-constants', config: MAPPED_CONFIG },
  { fixture: 'future-dated', config: {} },
  { fixture: 'hubspot-2025', config: HUBSPOT_2025_CONFIG, asOf: '2025-06-30T00:00:00Z' },
  { fixture: 'multi-source', config: MULTI_SOURCE_CONFIG, asOf: '2026-03-31T00:00:00Z' },
  { fixture: 'person-names', config: {}, asOf: '2026-11-30T00:00:00Z' },
];

const MARTS = loadModels().filter((m) => m.layer === 'marts').map((m) => m.name);

/** Runs the models on Trino over the lake the DuckDB night wrote and lists every mart difference. */
async function differences(server: TrinoServer, outDir: string, config: HandoffConfig, asOf: string, name: string): Promise<string[]> {
  const trino = await runTrinoNight(server.url, outDir, config, asOf, name);
  expect(trino.asOf).toBe(asOf);
  const found: string[] = [];
  for (const mart of MARTS) found.push(...await compareMart(outDir, trino.engine, mart));
  return found;
}

describe('every mart on Trino (Athena v3) equals the DuckDB mart', () => {
  let started: Promise<TrinoServer>;
  beforeAll(async () => {
    // No skip: where Trino cannot start, every test below fails with the reason.
    started = startTrino();
    await started.catch(() => undefined);
  }, 900_000);
  afterAll(async () => {
    await (await started.catch(() => undefined))?.stop();
  }, 60_000);

  it('reports a failing statement with what it was for and Trino\'s own error', async () => {
    const engine = new TrinoEngine({ url: (await started).url, catalog: 'hive', schema: 'information_schema' });
    await expect(engine.query('select 7 / 2 as halves, 7 / 2e0 as exact', 'division')).resolves.toEqual([{ halves: 3, exact: 3.5 }]);
    await expect(engine.query('select no_such_column from (values 1) as t(x)', 'int_broken')).rejects.toThrow(/^Trino query for int_broken failed: COLUMN_NOT_FOUND: .*no_such_column/);
  });

  it('on the demo company', async () => {
    const server = await started;
    const dir = mkdtempSync(join(tmpdir(), 'handoff-parity-demo-'));
    const demo = await generateDemoExports(join(dir, 'exports'));
    const config = demoConfig(demo.asOf);
    const night = await runNight({ exportsDir: join(dir, 'exports'), outDir: join(dir, 'night'), config, skipSite: true, log: () => {} });
    expect(night.models.length).toBeGreaterThan(100);
    expect(await differences(server, join(dir, 'night'), config, night.asOf, 'demo')).toEqual([]);
  }, 1_200_000);

  it('on the restatements fixture\'s second night, over the history the first night wrote', async () => {
    // The history marts (closed_figures, restatements, restatement_log, definition_changes) only have rows to
    // compare once a night has a previous one: night 1 publishes November, night 2 restates it.
    const server = await started;
    const outDir = mkdtempSync(join(tmpdir(), 'handoff-parity-restatements-'));
    const exports = (folder: string) => join(FIXTURES_DIR, 'exports', 'restatements', folder);
    const config = (minutes: number) => parseConfig({ sla: { overrides: [{ sla: 'response', segment: 'Enterprise', minutes }] } });
    await runNight({ exportsDir: exports('night-1'), outDir, config: config(240), asOf: '2026-12-07T06:00:00Z', skipSite: true, log: () => {} });
    const night2 = await runNight({ exportsDir: exports('night-2'), outDir, config: config(120), asOf: '2026-12-08T06:00:00Z', skipSite: true, log: () => {} });
    expect(await differences(server, outDir, config(120), night2.asOf, 'restatements')).toEqual([]);
  }, 1_200_000);

  for (const { fixture, config, asOf } of FIXTURES) {
    it(`on the ${fixture} fixture`, async () => {
      const server = await started;
      const night = await runFixtureNight(fixture, config, asOf);
      expect(await differences(server, night.outDir, parseConfig(config), night.asOf, fixture.replaceAll('-', '_'))).toEqual([]);
    }, 1_200_000);
  }
});

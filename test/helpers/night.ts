import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseConfig } from '../../functions/core/config.ts';
import { runNight, type NightResult } from '../../functions/night/run-night.ts';

export const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

/** Runs the night's data stages (no site) on a fixture export folder into a temp dir. */
export async function runFixtureNight(fixture: string, config: unknown = {}, asOf?: string): Promise<NightResult & { outDir: string }> {
  const outDir = mkdtempSync(join(tmpdir(), 'handoff-test-'));
  const result = await runNight({
    exportsDir: join(FIXTURES, 'exports', fixture),
    outDir,
    config: parseConfig(config),
    skipSite: true,
    log: () => {},
    ...(asOf ? { asOf } : {}),
  });
  return { ...result, outDir };
}

/** Reads a mart's Parquet file back through DuckDB, as a user would, with timestamps as text. */
export async function readMart(outDir: string, mart: string, orderBy: string): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`select * from read_parquet('${join(outDir, 'marts', `${mart}.parquet`)}') order by ${orderBy}`);
    return reader.getRowObjectsJson() as Array<Record<string, unknown>>;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

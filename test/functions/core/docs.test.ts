import { describe, expect, it } from 'vitest';
import { dataDictionary, writtenDataDictionary } from '../../../functions/core/docs.ts';
import { loadModels } from '../../../functions/core/sql.ts';

const README = new URL('../../../README.md', import.meta.url).pathname;

describe('data dictionary', () => {
  it('documents every column every mart returns', async () => {
    const { DuckDbEngine } = await import('../../../functions/core/duckdb-engine.ts');
    const { runFixtureNight } = await import('../../helpers/night.ts');
    const night = await runFixtureNight('revenue-month', { currency: { rates: { EUR: 1.1 } } }, '2026-10-31T00:00:00Z');
    const engine = await DuckDbEngine.open();
    try {
      for (const mart of loadModels().filter((m) => m.layer === 'marts')) {
        const columns = await engine.query<{ column_name: string }>(`select column_name from (describe select * from read_parquet('${night.outDir}/marts/${mart.name}.parquet'))`);
        expect(mart.columns.map((c) => c.name), `${mart.name} documents exactly the columns it returns`).toEqual(columns.map((c) => c.column_name));
      }
    } finally {
      await engine.close();
    }
  });

  it('is in the README as generated (run npm run docs after changing a mart)', () => {
    expect(writtenDataDictionary(README)).toBe(dataDictionary().trim());
  });
});

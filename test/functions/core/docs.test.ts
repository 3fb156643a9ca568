import { describe, expect, it } from 'vitest';
import { dataDictionary, mappedColumns, writtenSection } from '../../../functions/core/docs.ts';
import { loadModels } from '../../../functions/core/sql.ts';

const README = new URL('../../../README.md', import.meta.url).pathname;

describe('README', () => {
  it('holds each section once, in reading order, ending with the known limits', async () => {
    const { readFileSync } = await import('node:fs');
    const sections = readFileSync(README, 'utf8').split('\n').filter((line) => line.startsWith('## '));
    expect(sections).toEqual([
      '## Two commands', '## What the site shows', '## Your own exports', '## Digests by email and Slack', '## How it fits together',
      '## Marts (public interface)', '## Definitions in force', '## Month close, snapshots and restatements', '## Deploy on AWS',
      '## Benchmark', '## Known limits',
    ]);
  });
});

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
    expect(writtenSection(README, 'data-dictionary')).toBe(dataDictionary().trim());
  });

  it('lists every column of every mapped object in the README, with whether it is required', () => {
    expect(writtenSection(README, 'mapped-columns')).toBe(mappedColumns().trim());
    // Spot checks written by hand: a lead needs lead_id and created_at; status is optional text.
    expect(mappedColumns()).toContain('| `lead_id` | required | text |');
    expect(mappedColumns()).toContain('| `created_at` | required | date and time:');
    expect(mappedColumns()).toMatch(/\| `status` \| optional \| text \| current lead status/);
  });
});

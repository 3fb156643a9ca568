// The night bounds DuckDB a third lower while it reads the exports, runs the models and writes the site data: part of
// what it allocates then is outside its bound. Worked by hand: 3,072 MB × 2/3 = 2,048 MB; 2 GB = 2,000 MB × 2/3 = 1,333.3, so 1,333 MB;
// 1.5 GB = 1,500 MB × 2/3 = 1,000 MB.
import { describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import { workMemoryLimit, withMemoryLimit } from '../../../functions/night/run-night.ts';

describe("the ingest's, the models' and the site data's memory bound", () => {
  it('is two thirds of the night bound, in whole megabytes', () => {
    expect(workMemoryLimit('3072MB')).toBe('2048MB');
    expect(workMemoryLimit('2GB')).toBe('1333MB');
    expect(workMemoryLimit('1.5GB')).toBe('1000MB');
  });

  it('keeps a size it does not read as megabytes or gigabytes', () => {
    expect(workMemoryLimit('3GiB')).toBe('3GiB');
  });
});

describe('the bound while a stage runs', () => {
  it('holds the lower bound during the work and the night bound after it, also when the work fails', async () => {
    // DuckDB shows bounds in binary units, cut to one decimal: 500 MB = 500,000,000 / 1,048,576 = 476.84 → 476.8 MiB;
    // 1 GB = 1,000,000,000 / 1,048,576 = 953.67 → 953.6 MiB.
    const engine = await DuckDbEngine.open({ memoryLimit: '1GB' });
    const bound = async () => (await engine.query<{ bound: string }>(`select current_setting('memory_limit') as bound`))[0]!.bound;
    try {
      expect(await withMemoryLimit(engine, '500MB', '1GB', bound)).toBe('476.8 MiB');
      expect(await bound()).toBe('953.6 MiB');
      await expect(withMemoryLimit(engine, '500MB', '1GB', () => Promise.reject(new Error('a file failed')))).rejects.toThrow('a file failed');
      expect(await bound()).toBe('953.6 MiB');
    } finally {
      await engine.close();
    }
  });
});

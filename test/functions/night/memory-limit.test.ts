// The night bounds DuckDB a sixth lower while it reads the exports: part of what the CSV reader allocates is outside
// DuckDB's bound. Worked by hand: 3,072 MB × 5/6 = 2,560 MB; 2 GB = 2,000 MB × 5/6 = 1,666.7, so 1,666 MB.
import { describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import { workMemoryLimit, withMemoryLimit } from '../../../functions/night/run-night.ts';

describe("ingest's memory bound", () => {
  it('is five sixths of the night bound, in whole megabytes', () => {
    expect(workMemoryLimit('3072MB')).toBe('2560MB');
    expect(workMemoryLimit('2GB')).toBe('1666MB');
    expect(workMemoryLimit('1.5GB')).toBe('1250MB');
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

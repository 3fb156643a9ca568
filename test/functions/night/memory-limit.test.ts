// The night bounds DuckDB a sixth lower while it reads the exports: part of what the CSV reader allocates is outside
// DuckDB's bound. Worked by hand: 3,072 MB × 5/6 = 2,560 MB; 2 GB = 2,000 MB × 5/6 = 1,666.7, so 1,666 MB.
import { describe, expect, it } from 'vitest';
import { ingestMemoryLimit } from '../../../functions/night/run-night.ts';

describe("ingest's memory bound", () => {
  it('is five sixths of the night bound, in whole megabytes', () => {
    expect(ingestMemoryLimit('3072MB')).toBe('2560MB');
    expect(ingestMemoryLimit('2GB')).toBe('1666MB');
    expect(ingestMemoryLimit('1.5GB')).toBe('1250MB');
  });

  it('keeps a size it does not read as megabytes or gigabytes', () => {
    expect(ingestMemoryLimit('3GiB')).toBe('3GiB');
  });
});

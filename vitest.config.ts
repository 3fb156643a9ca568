import { defineConfig } from 'vitest/config';

// Tests run against real DuckDB, real files, a real S3 API (s3rver) and a real browser; those
// are slower than unit tests, so timeouts are generous. The JSON report is what CI counts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});

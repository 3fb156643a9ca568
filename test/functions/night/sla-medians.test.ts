import { describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import { roundedPercentile } from '../../../functions/night/site-queries.ts';

// The team and company SLA medians and 90th percentiles (sla_medians.json), to one decimal.
describe('SLA percentiles on the site', () => {
  it('interpolate between the two nearest clocks and round a value on a half up', async () => {
    const engine = await DuckDbEngine.open();
    try {
      const percentiles = async (values: number[]) => {
        const rows = values.map((v) => `(${v}::double)`).join(', ');
        const [row] = await engine.query<{ median: number; p90: number }>(
          `select ${roundedPercentile(0.5)} as median, ${roundedPercentile(0.9)} as p90 from (values ${rows}) as clocks(value)`,
        );
        return [row!.median, row!.p90];
      };
      // 0.6 and 0.7 minutes: the median is 0.65 (the interpolation gives 0.6499999999999999 in binary), shown 0.7;
      // the 90th percentile is 0.6 + 0.9 × 0.1 = 0.69, shown 0.7.
      expect(await percentiles([0.6, 0.7])).toEqual([0.7, 0.7]);
      // 1 to 11 minutes: the median is the 6th clock, 6; the 90th percentile lies at rank 1 + 0.9 × 10 = 10, so 10.
      expect(await percentiles([11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([6, 10]);
      // 10, 20, 40, 80: median halfway between 20 and 40, 30; the 90th percentile at rank 1 + 0.9 × 3 = 3.7, 40 + 0.7 × 40 = 68.
      expect(await percentiles([80, 10, 40, 20])).toEqual([30, 68]);
    } finally {
      await engine.close();
    }
  });
});

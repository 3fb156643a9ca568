// The breach lists' window comes from the config: sla.breach_window_days reaches the query and meta.json.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/core/config.ts';
import { siteMeta } from '../../../functions/night/site-data.ts';
import { siteQueries } from '../../../functions/night/site-queries.ts';

describe('breach window', () => {
  it('lists breaching leads whose clock started within the configured days before the as-of', () => {
    const config = parseConfig({ sla: { breach_window_days: 7 } });
    expect(siteMeta({ config, asOf: '2026-11-20T18:00:00Z', generatedAt: '2026-11-20T19:00:00Z' })['breach_window_days']).toBe(7);
    // 7 days before Fri 2026-11-20 18:00 UTC is Fri 2026-11-13 18:00.
    expect(siteQueries('2026-11-20T18:00:00Z', config.sla.breach_window_days)['breaches']).toContain("timestamp '2026-11-13 18:00:00.000'");
    expect(parseConfig({}).sla.breach_window_days).toBe(30);
    expect(() => parseConfig({ sla: { breach_window_days: 0 } })).toThrow(/sla\.breach_window_days/);
  });
});

// The scorecard's headline table splits pipeline and revenue into parts that add up to the total:
// an amount nobody can be credited with is a row of its own, never left out.
import { describe, expect, it } from 'vitest';
import { loadSiteData } from '../../site/src/lib/data.ts';
import { scorecardView } from '../../site/src/lib/views/scorecard.ts';

const fixture = new URL('../fixtures/site-data/', import.meta.url).pathname;

describe('scorecard headline parts', () => {
  it('shows the source-unknown amount beside marketing and sales-and-partner, so the parts add up', () => {
    const data = loadSiteData(fixture);
    // The fixture's October 2026 pipeline: marketing 600,000, sales 200,000, partner 100,000; add 50,000 of unknown source.
    const october = data.revenue.find((r) => r.month === '2026-10' && r.source_category === 'partner')!;
    data.revenue.push({ ...october, source_category: 'unknown', pipeline_created: 50_000, opportunities_created: 1, opportunities_won: 0, opportunities_lost: 0, revenue_won: 0, closed_amount: 0, win_rate_count: null, win_rate_amount: null, median_cycle_days: null });
    const table = scorecardView(data).headlines;
    const row = (label: string) => table.rows.find((r) => r[0]!.text === label)![1]!.value;
    // First data column: October 2026.
    expect([row('Pipeline created, marketing-sourced'), row('Pipeline created, sales- and partner-sourced'), row('Pipeline created, source unknown')]).toEqual([600_000, 300_000, 50_000]);
  });
});

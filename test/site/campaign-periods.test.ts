// Campaigns by period on the site: the fixture's campaign_periods.json (test/fixtures/site-data/README.md) read as the
// campaigns page and a campaign's page show it, with the numbers worked out by hand.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSiteData } from '../../site/src/lib/data.ts';
import { plain } from '../../site/src/lib/sentence.ts';
import { tableCsv } from '../../site/src/lib/table.ts';
import { roiRangeChart } from '../../site/src/lib/views/campaign-range.ts';
import { campaigns } from '../../site/src/lib/views/campaigns.ts';
import { campaignListId } from '../../site/src/lib/list-links.ts';
import { readList } from '../../site/src/lib/list-file.ts';
import { campaignPeriodLabels, campaignPeriodsSentence, campaignPeriodsTable, campaignPeriodTable, periodTotals } from '../../site/src/lib/views/campaign-periods.ts';

const data = loadSiteData(fileURLToPath(new URL('../fixtures/site-data/', import.meta.url)));

describe('campaigns by period', () => {
  it('names the periods: as of 5 November 2026, Q3 2026 and November 2025 to October 2026', () => {
    expect(campaignPeriodLabels(data)).toEqual({ last_quarter: 'Q3 2026', last_12_months: 'November 2025 to October 2026', all_time: 'all time' });
  });

  it('totals the campaigns with a known cost per period (linear), the email campaign of unknown cost left out', () => {
    // Q3: Paid Search 2,500 + webinar 0 = 2,500 cost; 5,000 + 4,000 = 9,000 revenue: (9,000 − 2,500) / 2,500 = +260%.
    expect(periodTotals(data, 'last_quarter')).toEqual({ cost: 2500, revenue: 9000, roi: 2.6 });
    // 12 months: 8,000 + 2,000 = 10,000; 40,000 + 10,000 = 50,000: +400%. All time: 12,000; 70,000: 58,000 / 12,000 = +483%.
    expect(periodTotals(data, 'last_12_months')).toEqual({ cost: 10000, revenue: 50000, roi: 4 });
    expect(periodTotals(data, 'all_time').roi).toBeCloseTo(58000 / 12000, 9);
    expect(plain(campaignPeriodsSentence(data))).toBe(
      'Under the linear model, the campaigns with a known cost returned +260% in Q3 2026 ($9,000 against $2,500), +400% over November 2025 to October 2026 ($50,000 against $10,000) and +483% in all ($70,000 against $12,000).',
    );
  });

  it('shows every campaign in the three periods side by side, a period without booked cost as such, CSV headers with units', () => {
    const table = campaignPeriodsTable(data);
    expect(table.rows.map((r) => r[0]!.text)).toEqual(['<img src=x onerror=alert(1)>', '=HYPERLINK("http://evil.example","click")', 'Paid Search – Always On', 'Unattributed (no campaign to credit)']);
    // The webinar: no cost booked in Q3 (4,000 revenue), 2,000 and +400% over 12 months, +900% in all.
    expect(table.rows[0]!.slice(1).map((c) => c.text)).toEqual(['$0', '$4,000', 'no cost booked', '$2,000', '$10,000', '+400%', '$2,000', '$20,000', '+900%']);
    // Paid Search: Q3 2,500 cost against 5,000: +100%.
    expect(table.rows[2]!.slice(1, 4).map((c) => c.text)).toEqual(['$2,500', '$5,000', '+100%']);
    expect(table.rows[1]![1]!.text).toBe('unknown');
    expect(tableCsv(table).split('\r\n')[0]).toBe(
      'Campaign,"Cost, Q3 2026 (USD)","Revenue, Q3 2026 (USD)","ROI, Q3 2026 (%)","Cost, November 2025 to October 2026 (USD)","Revenue, November 2025 to October 2026 (USD)","ROI, November 2025 to October 2026 (%)","Cost, all time (USD)","Revenue, all time (USD)","ROI, all time (%)"',
    );
  });

  it("a campaign's page: each period with its ROI under the linear model and the range over the six models", () => {
    const table = campaignPeriodTable(data, 'c1', 'Paid Search – Always On');
    // Q3: linear 5,000 against 2,500 = +100%; first touch 6,000: +140% is the highest; 12 months: first touch 48,000 / 8,000 − 1 = +500%.
    expect(table.rows.map((r) => [r[0]!.text, r[4]!.text, r[6]!.text])).toEqual([
      ['Q3 2026', '+100%', '+140%'],
      ['November 2025 to October 2026', '+400%', '+500%'],
      ['All time', '+400%', '+500%'],
    ]);
    // Each pipeline and revenue opens its opportunities: created in the period, won in it; of all time, every one touched
    // and every won one. The fixture's Q3 revenue list holds o1, so it links; the email campaign has no lists, so nothing does.
    const id = (list: string) => `/lists/?list=${campaignListId('c1', list)}`;
    expect(table.rows.map((r) => [r[2]!.href, r[3]!.href])).toEqual([
      [id('pipeline-last-quarter'), id('revenue-last-quarter')],
      [id('pipeline-last-12-months'), id('revenue-last-12-months')],
      [id('opportunities'), id('won')],
    ]);
    expect(campaignPeriodTable(data, 'c3', 'Email').rows.flatMap((r) => [r[2]!.href, r[3]!.href]).filter(Boolean)).toEqual([]);
  });

  it("opens a period's pipeline as the list page draws it: the opportunities created in Q3 2026", () => {
    const listId = campaignListId('c1', 'pipeline-last-quarter');
    const view = readList(data.listFile!(listId)!, listId, data.meta, undefined).page(1);
    expect(plain(view.intro)).toBe('1 opportunity has a touch of Paid Search – Always On, created from July 2026 to September 2026. All of them are listed.');
    expect(view.table.rows.map((r) => r[0]!.text)).toEqual(['Contoso – platform renewal (o1)']);
  });
});

describe('ROI range chart', () => {
  it('draws each campaign of known cost as its lowest to highest ROI over the six models, linear marked, highest linear first', () => {
    const chart = roiRangeChart(campaigns(data))!;
    // ROI is (revenue − cost) / cost: the webinar (cost 2,000) from first touch (10,000) +400% to last touch (30,000)
    // +1,400%, linear (20,000) +900%; Paid Search (cost 10,000) from last touch +300% to first touch +500%, linear +400%.
    expect(chart.spec.labels).toEqual(['<img src=x onerror=alert(1)>', 'Paid Search – Always On']);
    expect(chart.spec.ranges!.values).toEqual([[4, 14], [3, 5]]);
    expect(chart.spec.series[0]).toMatchObject({ values: [9, 4], asPoints: true });
    expect(chart.caption).toContain('1 campaign has no recorded cost, so no ROI.');
  });
});

// Pages with a row per campaign stay readable (and the site's build flat) when a company runs thousands of campaigns:
// the campaigns page's tables and charts name the 50 with the highest cost and list every campaign by name, and the
// lead quality page names the 50 campaigns whose leads sales rejected most. Hand-made data from the fixture's rows.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSiteData } from '../../site/src/lib/data.ts';
import { plain } from '../../site/src/lib/sentence.ts';
import type { RejectionRow, RoiRow, SiteData } from '../../site/src/lib/schema.ts';
import { campaignPeriodsTable } from '../../site/src/lib/views/campaign-periods.ts';
import { roiRangeChart } from '../../site/src/lib/views/campaign-range.ts';
import { CAMPAIGN_ROWS, campaignsView, shownCampaigns, shownNote } from '../../site/src/lib/views/campaigns.ts';
import { leadQualityView } from '../../site/src/lib/views/lead-quality.ts';

const fixture = fileURLToPath(new URL('../fixtures/site-data/', import.meta.url));
const two = (i: number) => String(i).padStart(2, '0');

/**
 * The fixture with its campaigns replaced by `n` copies of Paid Search's rows: campaign i (1…n) is "Campaign i" (two
 * digits) and cost 1,000 × i, except those in `unknownCost`, whose cost is not recorded. The unattributed rows stay.
 */
function withCampaigns(n: number, unknownCost: number[] = []): SiteData {
  const data = loadSiteData(fixture);
  const template = data.roi.filter((r) => r.campaign_id === 'c1');
  const roi: RoiRow[] = data.roi.filter((r) => r.campaign_id === null);
  for (let i = 1; i <= n; i++) {
    const cost = unknownCost.includes(i) ? null : 1000 * i;
    for (const r of template) roi.push({ ...r, campaign_id: `k${two(i)}`, campaign_name: `Campaign ${two(i)}`, cost, roi: cost === null ? null : r.roi });
  }
  const periodTemplate = data.campaignPeriods.filter((r) => r.campaign_id === 'c1');
  const campaignPeriods = data.campaignPeriods.filter((r) => r.campaign_id === null);
  for (let i = 1; i <= n; i++) {
    for (const r of periodTemplate) campaignPeriods.push({ ...r, campaign_id: `k${two(i)}`, campaign_name: `Campaign ${two(i)}` });
  }
  return { ...data, roi, campaignPeriods, campaignOpportunities: [], campaignLists: [] };
}

describe('the campaigns page with more campaigns than it names', () => {
  it('names the 50 campaigns with the highest cost in every table and chart, in name order, and says so', () => {
    // 60 campaigns costing 1,000 … 60,000: the 50 costliest are Campaign 11 … Campaign 60.
    const view = campaignsView(withCampaigns(60));
    const expected = Array.from({ length: 50 }, (_, i) => `Campaign ${two(i + 11)}`);
    expect(CAMPAIGN_ROWS).toBe(50);
    expect(view.campaigns).toHaveLength(60);
    expect(view.shown.map((c) => c.name)).toEqual(expected);
    const note = 'The 50 campaigns with the highest cost, of 60: every campaign has its own page (all are listed at the end of this page), and the campaign ROI download holds every campaign\'s row.';
    for (const table of [view.atAGlance, view.reach, view.roi, view.perOpportunity, view.perWon]) {
      expect(table.rows.map((row) => row[0]!.text)).toEqual(expected);
      expect(table.note).toContain(note);
    }
    // The revenue, pipeline and opportunity tables keep their unattributed row after the 50.
    for (const table of [view.revenue, view.pipeline, view.opportunities]) {
      expect(table.rows).toHaveLength(51);
      expect(table.rows[50]![0]!.text).toBe('Unattributed (no campaign to credit)');
    }
    // The cost chart: the 50, largest cost first (60,000 down to 11,000).
    expect(view.chart.labels).toEqual([...expected].reverse());
    expect(view.chart.series[0]!.values[0]).toBe(60000);
    expect(view.chartCaption).toContain('the 50 campaigns with the highest cost, of 60');
    // Every campaign stays one click away.
    expect(view.directory).toHaveLength(60);
    expect(view.directory[0]!.name).toBe('Campaign 01');
    expect(view.directory[0]!.href).toMatch(/^\/campaigns\/campaign-01-/);
  });

  it('judges every campaign in its sentences, not only the 50 it names', () => {
    // Campaigns 01 … 10 are left out of the tables but counted in the cost sentence: 1,000 + … + 60,000 = 1,830,000
    // ($1.8 million), where the 50 named cost 1,775,000 ($1.8 million too, so the count tells them apart).
    const view = campaignsView(withCampaigns(60));
    expect(plain(view.sentences[0]!)).toBe('60 campaigns cost $1.8 million in total.');
  });

  it('ranks a campaign with no recorded cost after every campaign with one', () => {
    // Campaign 60's cost is unknown: the 50 are Campaign 10 … Campaign 59.
    const shown = shownCampaigns(campaignsView(withCampaigns(60, [60])).campaigns);
    expect(shown.map((c) => c.name)).toEqual(Array.from({ length: 50 }, (_, i) => `Campaign ${two(i + 10)}`));
  });

  it('narrows the period table and the ROI range chart to the same 50, keeping the unattributed row', () => {
    const data = withCampaigns(60);
    const view = campaignsView(data);
    const ids = new Set(view.shown.map((c) => c.id));
    const table = campaignPeriodsTable(data, { ids, note: shownNote(view.shown.length, view.campaigns.length) });
    expect(table.rows).toHaveLength(51);
    expect(table.rows[0]![0]!.text).toBe('Campaign 11');
    expect(table.rows[50]![0]!.text).toBe('Unattributed (no campaign to credit)');
    expect(table.note).toContain('The 50 campaigns with the highest cost, of 60');
    const range = roiRangeChart(view.shown, view.campaigns.length)!;
    expect(range.spec.labels).toHaveLength(50);
    expect(range.caption).toMatch(/^ROI of the 50 campaigns with the highest cost \(of 60\) under the six attribution models/);
  });

  it('shows every campaign, with no list of names, when there are 50 or fewer', () => {
    const fifty = campaignsView(withCampaigns(50));
    expect(fifty.shown).toHaveLength(50);
    expect(fifty.directory).toEqual([]);
    expect(fifty.atAGlance.note).not.toContain('highest cost');
    expect(shownNote(3, 3)).toBe('');
    const fixtureView = campaignsView(loadSiteData(fixture));
    expect(fixtureView.atAGlance.rows.map((row) => row[0]!.text)).toEqual(fixtureView.campaigns.map((c) => c.name));
  });
});

describe('the lead quality page with more campaigns than it names', () => {
  it('names the 50 campaigns whose leads sales rejected most, and says of how many', () => {
    const data = loadSiteData(fixture);
    // Campaign i had i leads rejected for one reason: the 50 kept are Campaign 11 … Campaign 60.
    const rejections: RejectionRow[] = data.rejections.filter((r) => r.dimension !== 'campaign');
    for (let i = 1; i <= 60; i++) {
      rejections.push({ dimension: 'campaign', key: `k${two(i)}`, label: `Campaign ${two(i)}`, reason: 'No budget', rejected: i, examples: [] });
    }
    const table = leadQualityView({ ...data, rejections }).byCampaign;
    expect(table.rows).toHaveLength(50);
    expect(table.rows.map((row) => row[0]!.text)).toEqual(Array.from({ length: 50 }, (_, i) => `Campaign ${two(i + 11)}`));
    expect(table.note).toBe("The 50 campaigns whose leads sales rejected most, of 60; each campaign's own page gives its reasons.");
    // With the fixture's few campaigns, every row and no note.
    const small = leadQualityView(data).byCampaign;
    expect(small.rows).toHaveLength(data.rejections.filter((r) => r.dimension === 'campaign').length);
    expect(small.note).toBeUndefined();
  });
});

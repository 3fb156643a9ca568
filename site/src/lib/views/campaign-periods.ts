// Campaigns read by period: cost booked, and revenue closed, in the latest complete quarter, the last 12 complete months
// and all time, so a campaign that paid back long ago is not read as paying back now.
import { formatRoi, moneyWords, quarterName } from '../format.ts';
import { pages } from '../paths.ts';
import { campaignPeriods, type CampaignPeriod, type CampaignPeriodRow, type Model, type SiteData } from '../schema.ts';
import { def, sentence, type Sentence } from '../sentence.ts';
import { cell, tableNote, type Table } from '../table.ts';
import { campaignListLink } from '../list-links.ts';
import type { CampaignList } from './campaign-lists.ts';
import { periods } from './common.ts';
import { rowsBy } from './index-by.ts';

/** The model the site judges campaigns by; the others are shown beside it. */
export const DEFAULT_MODEL: Model = 'linear';

/** Each period's name as the pages say it: "Q3 2026", "November 2025 to October 2026", "all time". */
export function campaignPeriodLabels(data: SiteData): Record<CampaignPeriod, string> {
  const p = periods(data);
  return { last_quarter: quarterName(p.quarter, true), last_12_months: p.yearLabel, all_time: 'all time' };
}

function rowsOf(data: SiteData, period: CampaignPeriod, model: Model = DEFAULT_MODEL): CampaignPeriodRow[] {
  return data.campaignPeriods.filter((r) => r.period === period && r.model === model);
}

/** Cost and revenue of the campaigns with a known cost in a period, and their ROI (null when nothing was spent). */
export function periodTotals(data: SiteData, period: CampaignPeriod): { cost: number; revenue: number; roi: number | null } {
  const known = rowsOf(data, period).filter((r) => r.campaign_id !== null && r.cost !== null);
  const cost = known.reduce((n, r) => n + (r.cost ?? 0), 0);
  const revenue = known.reduce((n, r) => n + r.attributed_revenue, 0);
  return { cost, revenue, roi: cost > 0 ? (revenue - cost) / cost : null };
}

/** One sentence with the campaigns' return in each period, so the reader sees whether it is getting better or worse. */
export function campaignPeriodsSentence(data: SiteData): Sentence {
  const labels = campaignPeriodLabels(data);
  const currency = data.meta.reporting_currency;
  const phrase = (period: CampaignPeriod, where: string): Sentence => {
    const t = periodTotals(data, period);
    if (t.roi === null) return sentence`no recorded cost ${where}`;
    return sentence`${def(formatRoi(t.roi), 'roi')} ${where} (${moneyWords(t.revenue, currency)} against ${moneyWords(t.cost, currency)})`;
  };
  return sentence`Under the linear model, the campaigns with a known cost returned ${phrase('last_quarter', `in ${labels.last_quarter}`)}, ${phrase(
    'last_12_months',
    `over ${labels.last_12_months}`,
  )} and ${phrase('all_time', 'in all')}.`;
}

/**
 * Each campaign's cost, revenue and ROI under the default model in each period, side by side: every campaign's, or
 * those of `shown` (campaign ids) with `note` saying which, and the unattributed row.
 */
export function campaignPeriodsTable(data: SiteData, shown?: { ids: ReadonlySet<string>; note: string }): Table {
  const labels = campaignPeriodLabels(data);
  const currency = data.meta.reporting_currency;
  const byCampaign = new Map<string, Map<CampaignPeriod, CampaignPeriodRow>>();
  const included = (id: string | null) => id === null || !shown || shown.ids.has(id);
  for (const row of data.campaignPeriods.filter((r) => r.model === DEFAULT_MODEL && included(r.campaign_id))) {
    const key = row.campaign_id ?? '';
    byCampaign.set(key, (byCampaign.get(key) ?? new Map()).set(row.period, row));
  }
  const ordered = [...byCampaign.entries()].sort(
    ([a, x], [b, y]) => Number(a === '') - Number(b === '') || x.get('all_time')!.campaign_name.localeCompare(y.get('all_time')!.campaign_name, 'en') || a.localeCompare(b),
  );
  return {
    caption: `Cost, revenue and ROI by campaign under the linear model: ${labels.last_quarter}, ${labels.last_12_months}, and all time`,
    note: tableNote(
      "A period's cost is what was booked in it; its revenue is the credited share of the deals won with a close date in it. A campaign with no cost booked in a period has no ROI there.",
      shown?.note,
    ),
    columns: [
      { label: 'Campaign', text: true },
      ...campaignPeriods.flatMap((period) => [
        { label: `Cost, ${labels[period]}`, metric: 'cost' as const },
        { label: `Revenue, ${labels[period]}`, metric: 'attributed_revenue' as const },
        { label: `ROI, ${labels[period]}`, metric: 'roi' as const },
      ]),
    ],
    rows: ordered.map(([id, byPeriod]) => {
      const name = byPeriod.get('all_time')?.campaign_name ?? id;
      return [
        id === '' ? cell.text('Unattributed (no campaign to credit)') : cell.text(name, pages.campaign(name, id)),
        ...campaignPeriods.flatMap((period) => {
          const row = byPeriod.get(period);
          const unknown = id === '' ? 'none' : 'unknown';
          return [
            cell.money(row?.cost ?? null, currency, unknown),
            cell.money(row?.attributed_revenue ?? 0, currency),
            row?.cost === 0 ? { text: 'no cost booked', value: null, unit: '%' } : cell.roi(row?.roi ?? null),
          ];
        }),
      ];
    }),
    csvName: 'campaigns-by-period',
  };
}

// The lists behind a period's pipeline (opportunities created in it) and revenue (deals won in it); of all time, every
// opportunity the campaign touched and every won one.
const PERIOD_LISTS: Record<CampaignPeriod, { pipeline: CampaignList; revenue: CampaignList }> = {
  last_quarter: { pipeline: 'pipeline-last-quarter', revenue: 'revenue-last-quarter' },
  last_12_months: { pipeline: 'pipeline-last-12-months', revenue: 'revenue-last-12-months' },
  all_time: { pipeline: 'opportunities', revenue: 'won' },
};

/** One campaign's cost, pipeline and revenue in each period, with its ROI under the default model and the range over all six. */
export function campaignPeriodTable(data: SiteData, campaignId: string, name: string): Table {
  const labels = campaignPeriodLabels(data);
  const currency = data.meta.reporting_currency;
  const mine = rowsBy(data.campaignPeriods, 'campaign', (r) => r.campaign_id, campaignId);
  return {
    caption: `${name} by period`,
    note: "A period's cost is what was booked in it, its pipeline that of the opportunities created in it, its revenue that of the deals won with a close date in it.",
    columns: [
      { label: 'Period', text: true },
      { label: 'Cost', metric: 'cost' },
      { label: 'Pipeline (linear)', metric: 'attributed_pipeline' },
      { label: 'Revenue (linear)', metric: 'attributed_revenue' },
      { label: 'ROI (linear)', metric: 'roi' },
      { label: 'Lowest ROI of six models', metric: 'roi' },
      { label: 'Highest ROI of six models', metric: 'roi' },
    ],
    rows: campaignPeriods.map((period) => {
      const rows = mine.filter((r) => r.period === period);
      const linear = rows.find((r) => r.model === DEFAULT_MODEL);
      const rois = rows.map((r) => r.roi).filter((r): r is number => r !== null);
      const noCost = linear?.cost === 0 ? { text: 'no cost booked', value: null, unit: '%' } : null;
      return [
        cell.text(labels[period].replace(/^./, (c) => c.toUpperCase())),
        cell.money(linear?.cost ?? null, currency),
        cell.linked(cell.money(linear?.attributed_pipeline ?? 0, currency), campaignListLink(data, { id: campaignId }, PERIOD_LISTS[period].pipeline)),
        cell.linked(cell.money(linear?.attributed_revenue ?? 0, currency), campaignListLink(data, { id: campaignId }, PERIOD_LISTS[period].revenue)),
        noCost ?? cell.roi(linear?.roi ?? null),
        noCost ?? cell.roi(rois.length ? Math.min(...rois) : null),
        noCost ?? cell.roi(rois.length ? Math.max(...rois) : null),
      ];
    }),
    csvName: `campaign-${campaignId}-by-period`,
  };
}

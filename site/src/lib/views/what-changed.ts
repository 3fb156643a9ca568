// The What changed page's content: each number of a closed month that changed since the previous night, with the
// leads and opportunities that entered or left it and why; and each closed month's published figure beside tonight's.
import { formatCount, formatFraction, formatMoney, formatPercent, formatRoi, monthName } from '../format.ts';
import type { ClosedFigureRow, FigureMetric, RestatementCause, RestatementRow } from '../history-schema.ts';
import { crmLink } from '../paths.ts';
import { dayName } from './definition-changes.ts';
import type { SiteData } from '../schema.ts';
import { to, listOf, sentence, type Sentence } from '../sentence.ts';
import { cell, type Table } from '../table.ts';

/** How each published metric is named on the page. */
export const FIGURE_LABELS: Record<FigureMetric, string> = {
  inquiries: 'Inquiries',
  mqls: 'MQLs',
  sals: 'SALs',
  sqls: 'SQLs',
  opportunities_won: 'Opportunities won',
  revenue_won: 'Revenue won',
  response_handed_off: 'Leads handed off (response SLA)',
  response_met: 'Response SLA met',
  response_late: 'Response SLA late',
  response_breached: 'Response SLA breached',
  response_compliance: 'Response SLA compliance',
  response_median_minutes: 'Median response (business minutes)',
  mql_to_sql_rate: 'MQL to SQL rate',
  campaign_leads: 'Campaign leads',
  campaign_mqls: 'Campaign MQLs',
  campaign_sqls: 'Campaign SQLs',
  campaign_pipeline: 'Campaign pipeline (default model)',
  campaign_revenue_won: 'Campaign revenue won (default model)',
  campaign_cost: 'Campaign cost',
  campaign_roi: 'Campaign ROI (default model)',
};

const MONEY_METRICS: ReadonlySet<FigureMetric> = new Set(['revenue_won', 'campaign_pipeline', 'campaign_revenue_won', 'campaign_cost']);
const RATE_METRICS: ReadonlySet<FigureMetric> = new Set(['response_compliance', 'mql_to_sql_rate']);

/** Each cause in the reader's words. */
export const CAUSE_WORDS: Record<RestatementCause, string> = {
  merged_or_deleted: 'merged into another record or deleted in the CRM',
  amount_changed: 'its amount changed',
  close_date_moved: 'its close date moved',
  status_history_backfilled: 'its status history was backfilled',
  definition_changed: 'a definition changed',
  record_edited: 'its source or team was edited',
  recorded_late: 'recorded in the CRM after the month closed',
  unexplained: 'no single record explains it',
};

/** One restated number with the records behind the change. */
export interface RestatedNumber {
  id: string;
  title: string;
  /** The number without its month, for the verdict: "MQLs (marketing)". */
  name: string;
  month: string;
  oldText: string;
  newText: string;
  restatedOn: string;
  previousNight: string;
  recordsTotal: number;
  records: Array<{ id: string; kind: 'lead' | 'opportunity'; href: string | null; change: string; cause: string }>;
}

/** The number as a reader sees it: money, a percent, an ROI, minutes or a count; "none" for a rate with no figure. */
export function figureText(metric: FigureMetric, value: number | null, currency: string): string {
  if (value === null) return 'none';
  if (MONEY_METRICS.has(metric)) return formatMoney(value, currency);
  if (RATE_METRICS.has(metric)) return formatPercent(value, 1);
  if (metric === 'campaign_roi') return formatRoi(value);
  if (metric === 'response_median_minutes') return formatFraction(value);
  return formatCount(value);
}

/** A figure's breakdown as a reader knows it: a campaign by its name, a source category or team as it is. */
export function breakdownName(data: SiteData, row: { breakdown_kind: string; breakdown: string }): string {
  if (row.breakdown_kind !== 'campaign') return row.breakdown;
  return data.roi.find((r) => r.campaign_id === row.breakdown)?.campaign_name ?? row.breakdown;
}

/** The restated numbers of the listed days, newest night first, each with its records in the order the data gives them. */
export function restatedNumbers(data: SiteData): RestatedNumber[] {
  const byFigure = new Map<string, RestatementRow[]>();
  for (const row of data.restatements) {
    const key = `${row.restated_on}|${row.metric}|${row.month}|${row.breakdown}`;
    byFigure.set(key, [...(byFigure.get(key) ?? []), row]);
  }
  const currency = data.meta.reporting_currency;
  return [...byFigure.entries()].map(([key, rows]) => {
    const first = rows[0]!;
    return {
      id: `restated-${key.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}`,
      title: `${FIGURE_LABELS[first.metric]}, ${monthName(first.month)}, ${breakdownName(data, first)}`,
      name: `${FIGURE_LABELS[first.metric]} (${breakdownName(data, first)})`,
      month: first.month,
      oldText: figureText(first.metric, first.old_value, currency),
      newText: figureText(first.metric, first.new_value, currency),
      restatedOn: first.restated_on,
      previousNight: first.previous_as_of_date,
      recordsTotal: first.records_total,
      records: rows
        .filter((r) => r.record_id !== null)
        .map((r) => ({
          id: r.record_id!,
          kind: r.record_kind ?? 'lead',
          href: crmLink(data.meta.crm_url, r.record_id),
          change: r.change === 'entered' ? 'entered' : r.change === 'left' ? 'left' : 'changed its amount',
          cause: CAUSE_WORDS[r.cause],
        })),
    };
  });
}

/** The restated numbers tonight found, and those earlier nights found (each still listed with its night), apart. */
export function restatedByNight(data: SiteData): { tonight: RestatedNumber[]; earlier: Array<{ night: string; numbers: RestatedNumber[] }> } {
  const tonightDay = data.meta.as_of.slice(0, 10);
  const all = restatedNumbers(data);
  const earlier = new Map<string, RestatedNumber[]>();
  for (const n of all.filter((x) => x.restatedOn !== tonightDay)) earlier.set(n.restatedOn, [...(earlier.get(n.restatedOn) ?? []), n]);
  return { tonight: all.filter((n) => n.restatedOn === tonightDay), earlier: [...earlier.entries()].map(([night, numbers]) => ({ night, numbers })) };
}

/** How many changed numbers the verdict names one by one; the rest are counted. */
const VERDICT_NAMED = 3;

/**
 * The page's first sentence: whether any closed month's number changed since the previous night, and if so how many,
 * of which month, and the first few with their old and new values (each opening its explanation below).
 */
export function whatChangedVerdict(numbers: RestatedNumber[]): Sentence {
  if (numbers.length === 0) return ["No closed month's numbers changed since the previous night."];
  const months = [...new Set(numbers.map((n) => n.month))];
  const of = months.length === 1 ? monthName(months[0]!) : 'closed months';
  const count = numbers.length === 1 ? 'One number' : `${formatCount(numbers.length)} numbers`;
  const named = numbers.slice(0, VERDICT_NAMED).map((n) => {
    const what = months.length === 1 ? n.name : `${n.name}, ${monthName(n.month)}`;
    return sentence`${to(what, `#${n.id}`)} ${n.oldText} → ${n.newText}`;
  });
  const rest = numbers.length - named.length;
  return sentence`${count} of ${of} changed since the previous night: ${listOf(rest > 0 ? [...named, [`${formatCount(rest)} more`]] : named)}.`;
}

/** The closed months' numbers whose recomputation differs from what was published, as a table. */
export function closedDifferencesTable(data: SiteData): Table {
  const currency = data.meta.reporting_currency;
  const rows = data.closedFigures.filter((r) => r.is_restated);
  return {
    caption: 'Closed months: published figures beside tonight’s recomputation, where they differ',
    note: `A month closes ${formatCount(data.meta.close_after_days)} days after it ends; its figures are published that night and never change. Only figures whose recomputation differs are listed.`,
    columns: [{ label: 'Number', text: true }, { label: 'Month', text: true }, { label: 'Source, team or campaign', text: true }, { label: 'Published', text: true }, { label: 'Published on', text: true }, { label: 'Recomputed tonight', text: true }],
    rows: rows.map((r) => [
      cell.text(FIGURE_LABELS[r.metric]),
      cell.text(monthName(r.month)),
      cell.text(breakdownName(data, r)),
      valueCell(r, r.published_value, currency),
      cell.text(r.published_on),
      valueCell(r, r.current_value, currency),
    ]),
    csvName: 'closed-month-differences',
  };
}

function valueCell(row: ClosedFigureRow, value: number | null, currency: string) {
  if (value !== null && MONEY_METRICS.has(row.metric)) return cell.money(value, currency);
  if (value !== null && !RATE_METRICS.has(row.metric) && row.metric !== 'campaign_roi' && row.metric !== 'response_median_minutes') return cell.count(value);
  return cell.text(figureText(row.metric, value, currency));
}

/**
 * The scorecard's sentence when the latest closed month's numbers were restated tonight, or null. It names how many
 * numbers changed and when the month was published, so a reader never sees last month move without being told.
 */
export function restatementSentence(data: SiteData): string | null {
  const months = [...new Set(data.closedFigures.map((r) => r.month))].sort();
  const last = months.at(-1);
  if (!last) return null;
  const tonightDay = data.meta.as_of.slice(0, 10);
  const restated = new Set(data.restatements.filter((r) => r.month === last && r.restated_on === tonightDay).map((r) => `${r.metric}|${r.breakdown}`));
  if (restated.size === 0) return null;
  const published = data.closedFigures.find((r) => r.month === last)?.published_on;
  return `${restated.size === 1 ? 'One number' : `${formatCount(restated.size)} numbers`} of ${monthName(last)}, published on ${published ? dayName(published) : 'close'}, changed since the previous night; What changed lists each with the leads and opportunities behind it.`;
}

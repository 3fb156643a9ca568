// What every page needs to know about the periods it reports on, and the links from numbers to the leads behind them.
import { addMonths, addQuarters, latestCompleteMonth, latestCompleteQuarter, monthName, monthsEnding, quarterMonths, quarterName } from '../format.ts';
import type { ListMetric, MetricKey } from '../metrics.ts';
import type { Sentence } from '../sentence.ts';
import { leadListHref } from '../list-links.ts';
import type { ListDimension, SiteData } from '../schema.ts';
import { monthPeriod, type Period } from '../sentences.ts';

export interface Periods {
  month: string;
  previousMonth: string;
  monthPeriod: Period;
  quarter: string;
  previousQuarter: string;
  quarterPeriod: Period;
  /** The last 12 complete months, oldest first. */
  year: string[];
  yearLabel: string;
}

/** The latest complete month and quarter as of the data, the periods before them, and the last 12 months. */
export function periods(data: SiteData): Periods {
  const month = latestCompleteMonth(data.meta.as_of);
  const previousMonth = addMonths(month, -1);
  const quarter = latestCompleteQuarter(data.meta.as_of);
  const previousQuarter = addQuarters(quarter, -1);
  const year = monthsEnding(month, 12);
  return {
    month,
    previousMonth,
    monthPeriod: monthPeriod(month, previousMonth),
    quarter,
    previousQuarter,
    quarterPeriod: { label: quarterName(quarter, true), previousLabel: quarterName(previousQuarter, true) },
    year,
    yearLabel: `${monthName(year[0]!)} to ${monthName(month)}`,
  };
}

/** The months of a quarter. */
export const monthsOf = quarterMonths;

const published = new WeakMap<SiteData, Set<string>>();

/** A team, owner, partner or source category whose own leads a number counts. */
export interface ListGroup {
  dimension: ListDimension;
  key: string;
}

/** The page listing the leads behind a metric in a month (of one team, owner, partner or source), when the site publishes that list; else null. */
export function listHref(data: SiteData, metric: ListMetric, month: string, group?: ListGroup | null): string | null {
  let keys = published.get(data);
  if (!keys) {
    keys = new Set(data.leadLists.map((l) => `${l.metric}|${l.month}|${l.dimension ?? ''}|${l.key ?? ''}`));
    published.set(data, keys);
  }
  if (!keys.has(`${metric}|${month}|${group?.dimension ?? ''}|${group?.key ?? ''}`)) return null;
  return leadListHref(metric, month, group);
}

// Metrics whose counts in a sentence have a monthly lead list of the same name.
const COUNTED: Partial<Record<MetricKey, ListMetric>> = { mqls: 'mqls', sqls: 'sqls', sals: 'sals', won: 'won', rejected: 'rejected', recycled: 'recycled', handed_off: 'handed_off', rejected_untouched: 'rejected_untouched' };

/** Makes each count in the sentences (a number linking to its definition) open the month's lead list too, when one is published. */
export function withLeadLists(data: SiteData, sentences: Sentence[], month: string): Sentence[] {
  return sentences.map((s) =>
    s.map((part) => {
      if (typeof part === 'string' || !('metric' in part) || part.href || !/^\d/.test(part.text)) return part;
      const list = COUNTED[part.metric];
      const href = list ? listHref(data, list, month) : null;
      return href ? { ...part, href } : part;
    }),
  );
}

// Tables as data: each cell carries the text a reader sees and the raw value its CSV download gets.
import { rowsToCsv } from './csv.ts';
import {
  formatCount,
  formatDays,
  formatFraction,
  formatMoney,
  formatPercent,
  formatPercentAgainst,
  formatRoi,
  shortDuration,
} from './format.ts';
import { anchor, type MetricKey } from './metrics.ts';
import { pages } from './paths.ts';
import { MIN_CASES } from './verdicts.ts';

// A rate or median from fewer than MIN_CASES cases: shown with its count and flagged in words, never coloured as a verdict.
function tooFew(c: Cell, cases: number | undefined, count: string): Cell {
  return cases !== undefined && cases < MIN_CASES ? { text: `${c.text} ${count}`, value: c.value, flag: 'too few to judge', ...(c.unit ? { unit: c.unit } : {}) } : c;
}

export interface Column {
  label: string;
  /** The metric the column's numbers are; its header links to the definition. */
  metric?: MetricKey;
  /** Left-aligned text column. */
  text?: boolean;
  /** Unit shown after the label: "(business time)". */
  unit?: string;
  /** Kept in view at the right edge on a phone while the columns between scroll: the column the reader came for. */
  keep?: boolean;
}

export interface Cell {
  text: string;
  /** What the CSV gets; text when omitted. */
  value?: string | number | boolean | null;
  href?: string;
  /** A word shown under the value so a state is never told by colour alone. */
  flag?: string;
  tone?: 'below' | 'meets';
  /** The unit of the CSV value ("USD", "business minutes", "%"), carried into the CSV column header. */
  unit?: string;
}

export interface Table {
  caption: string;
  note?: string;
  columns: Column[];
  rows: Cell[][];
  footer?: Cell[][];
  /** File name of the CSV download, without ".csv". */
  csvName: string;
}

/** A table's note from its parts, skipping the empty ones; undefined when none is left. */
export function tableNote(...parts: Array<string | undefined>): string | undefined {
  return parts.filter(Boolean).join(' ') || undefined;
}

/** Cell builders: one way to show each kind of value. */
export const cell = {
  /** A label that links to its metric's definition. */
  defined: (text: string, metric: MetricKey): Cell => ({ text, value: text, href: pages.definition(anchor(metric)) }),
  text: (text: string | null, href?: string | null, empty = ''): Cell => ({ text: text ?? empty, value: text, ...(href ? { href } : {}) }),
  /** A person's name, or that the export gave none (the company has its own column beside it; the CSV keeps the name empty). */
  person: (name: string | null | undefined): Cell => ({ text: name || 'no name', value: name || null }),
  /** A cell that opens its list (or other page) when there is one to open. */
  linked: (c: Cell, href: string | null | undefined): Cell => (href ? { ...c, href } : c),
  count: (n: number | null, href?: string | null, empty = 'no data'): Cell =>
    n === null ? { text: empty, value: null } : { text: formatCount(n), value: n, ...(href && n > 0 ? { href } : {}) },
  fraction: (n: number): Cell => ({ text: formatFraction(n), value: Math.round(n * 1000) / 1000 }),
  /** A rate; with cases (its denominator), under MIN_CASES it reads "50% of 4" and is flagged too few to judge. */
  percent: (share: number | null, empty = 'no data', cases?: number): Cell =>
    share === null ? { text: empty, value: null, unit: '%' } : tooFew({ text: formatPercent(share), value: Math.round(share * 10000) / 100, unit: '%' }, cases, `of ${formatCount(cases ?? 0)}`),
  money: (amount: number | null, currency: string, empty = 'unknown'): Cell =>
    amount === null
      ? { text: empty, value: empty === 'unknown' ? 'unknown' : null, unit: currency }
      : { text: formatMoney(amount, currency), value: Math.round(amount * 100) / 100, unit: currency },
  roi: (roi: number | null): Cell => (roi === null ? { text: 'unknown', value: 'unknown', unit: '%' } : { text: formatRoi(roi), value: Math.round(roi * 10000) / 100, unit: '%' }),
  /** A business time; with cases (how many clocks it is the median of), under MIN_CASES it is flagged too few to judge. */
  minutes: (minutes: number | null, empty = 'none done', cases?: number): Cell =>
    minutes === null
      ? { text: empty, value: null, unit: 'business minutes' }
      : tooFew({ text: shortDuration(minutes), value: minutes, unit: 'business minutes' }, cases, `(of ${formatCount(cases ?? 0)})`),
  /** Days between stages; with cases, under MIN_CASES it is flagged too few to judge. */
  days: (days: number | null, empty = 'none yet', cases?: number): Cell =>
    days === null ? { text: empty, value: null, unit: 'days' } : tooFew({ text: formatDays(days), value: days, unit: 'days' }, cases, `(of ${formatCount(cases ?? 0)})`),
  /** A compliance rate against the agreed level, marked in words (not only colour) when below it; from fewer than MIN_CASES due leads, too few to judge. */
  compliance: (value: number | null, target: number, handedOff: number, due?: number): Cell => {
    if (value === null) return { text: handedOff === 0 ? 'no leads' : 'none due yet', value: null, unit: '%' };
    const text = formatPercentAgainst(value, target);
    const raw = Math.round(value * 10000) / 100;
    if (due !== undefined && due < MIN_CASES) return tooFew({ text, value: raw, unit: '%' }, due, `of ${formatCount(due)}`);
    return value < target ? { text, value: raw, flag: 'below target', tone: 'below', unit: '%' } : { text, value: raw, tone: 'meets', unit: '%' };
  },
};

/** The table as CSV: column labels as the header, raw values, formula-looking text neutralised. */
export function tableCsv(table: Table): string {
  // A column's CSV unit is its cells' unit (money, minutes, days, %), else the unit its header shows.
  const all = [...table.rows, ...(table.footer ?? [])];
  const header = table.columns.map((c, i) => {
    const unit = all.find((row) => row[i]?.unit)?.[i]?.unit ?? c.unit;
    return unit ? `${c.label} (${unit})` : c.label;
  });
  const rows = all.map((row) => row.map((c) => (c.value === undefined ? c.text : c.value)));
  return rowsToCsv(header, rows);
}

/** A data: address holding the table's CSV, so the download works from a static page without a server or script. */
export function csvDataUri(table: Table): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${tableCsv(table)}`)}`;
}

// Turns validated mart rows into what the pages show: period totals, trends and SLA roll-ups. Rates are always recomputed from counts.
import { monthsEnding } from './format.ts';
import type { CohortRow, FunnelRow, RevenueRow, Sla, SlaMedianRow, SlaRow, SourceCategory } from './schema.ts';
import type { SourcedAmounts } from './sentences.ts';

export const funnelStages = [
  { key: 'inquiries', label: 'Inquiries' },
  { key: 'mqls', label: 'MQLs' },
  { key: 'sals', label: 'SALs' },
  { key: 'sqls', label: 'SQLs' },
  { key: 'won', label: 'Won' },
] as const;

export const funnelExits = [
  { key: 'rejected', label: 'Rejected by sales' },
  { key: 'recycled', label: 'Recycled' },
  { key: 'lost', label: 'Lost' },
] as const;

export type FunnelCounts = Pick<FunnelRow, 'inquiries' | 'mqls' | 'sals' | 'sqls' | 'won' | 'rejected' | 'recycled' | 'lost' | 'activity_only' | 'first_conversations' | 'inferred_stages'>;
type CountKey = keyof FunnelCounts;
const countKeys: CountKey[] = ['inquiries', 'mqls', 'sals', 'sqls', 'won', 'rejected', 'recycled', 'lost', 'activity_only', 'first_conversations', 'inferred_stages'];

function zeroCounts(): FunnelCounts {
  return { inquiries: 0, mqls: 0, sals: 0, sqls: 0, won: 0, rejected: 0, recycled: 0, lost: 0, activity_only: 0, first_conversations: 0, inferred_stages: 0 };
}

/** People reaching each stage in the months, all source categories together; null when none of the months has rows. */
export function funnelTotals(rows: FunnelRow[], months: string | readonly string[]): FunnelCounts | null {
  const wanted = new Set(typeof months === 'string' ? [months] : months);
  const inRange = rows.filter((r) => wanted.has(r.month));
  if (inRange.length === 0) return null;
  const total = zeroCounts();
  for (const row of inRange) for (const key of countKeys) total[key] += row[key];
  return total;
}

/** The months' counts per source category, in the contract's category order (categories without rows are zero). */
export function funnelByCategory(rows: FunnelRow[], months: string | readonly string[], categories: readonly SourceCategory[]): Map<SourceCategory, FunnelCounts> {
  const wanted = new Set(typeof months === 'string' ? [months] : months);
  const result = new Map<SourceCategory, FunnelCounts>(categories.map((c) => [c, zeroCounts()]));
  for (const row of rows) {
    if (!wanted.has(row.month)) continue;
    const target = result.get(row.source_category)!;
    for (const key of countKeys) target[key] += row[key];
  }
  return result;
}

/** Marketing's MQL target for the months: their sum, or null unless every month has one. */
export function mqlTarget(rows: FunnelRow[], months: readonly string[]): number | null {
  let sum = 0;
  for (const month of months) {
    const target = rows.find((r) => r.month === month && r.mql_target !== null)?.mql_target;
    if (target === undefined || target === null) return null;
    sum += target;
  }
  return sum;
}

/** The first month with data in rows (by their month field), or null. */
export function firstMonth(rows: Array<{ month: string }>): string | null {
  return rows.reduce<string | null>((min, r) => (min === null || r.month < min ? r.month : min), null);
}

/** The months of the 12 ending with last that are not before the first month with data. */
export function yearWindow(rows: Array<{ month: string }>, last: string, n = 12): string[] {
  const first = firstMonth(rows);
  if (first === null) return [];
  return monthsEnding(last, n).filter((m) => m >= first);
}

export interface TrendPoint {
  month: string;
  mqls: number;
  sqls: number;
}

/**
 * MQLs and SQLs per month for up to n months ending with last. Months before the first month
 * with data are left out; a month inside the range without rows counts as zero.
 */
export function mqlSqlTrend(rows: FunnelRow[], last: string, n = 12): TrendPoint[] {
  return yearWindow(rows, last, n).map((month) => {
    const t = funnelTotals(rows, month);
    return { month, mqls: t?.mqls ?? 0, sqls: t?.sqls ?? 0 };
  });
}

/** Cohort counts of the months added up, with the rates recomputed; null when no month has a cohort. */
export function cohortTotals(rows: CohortRow[], months: readonly string[]): { mqls: number; reachedSal: number; reachedSql: number; reachedWon: number; salRate: number | null } | null {
  const inRange = rows.filter((r) => months.includes(r.month));
  if (inRange.length === 0) return null;
  const sum = (pick: (r: CohortRow) => number) => inRange.reduce((n, r) => n + pick(r), 0);
  const mqls = sum((r) => r.mqls);
  const reachedSal = sum((r) => r.reached_sal);
  return { mqls, reachedSal, reachedSql: sum((r) => r.reached_sql), reachedWon: sum((r) => r.reached_won), salRate: mqls === 0 ? null : reachedSal / mqls };
}

export interface SlaTotals {
  handedOff: number;
  met: number;
  late: number;
  breached: number;
  pending: number;
  neverDone: number;
  /** met / (met + late + breached), null when nothing was due yet. */
  compliance: number | null;
}

/** Adds SLA outcome counts and recomputes compliance from them (rates are never averaged). */
export function slaTotals(rows: SlaRow[]): SlaTotals {
  const t = { handedOff: 0, met: 0, late: 0, breached: 0, pending: 0, neverDone: 0 };
  for (const r of rows) {
    t.handedOff += r.handed_off;
    t.met += r.met;
    t.late += r.late;
    t.breached += r.breached;
    t.pending += r.pending;
    t.neverDone += r.never_done;
  }
  const due = t.met + t.late + t.breached;
  return { ...t, compliance: due === 0 ? null : t.met / due };
}

/** The rows of one SLA in the given months. */
export function slaRows(rows: SlaRow[], sla: Sla, months?: readonly string[]): SlaRow[] {
  const wanted = months ? new Set(months) : null;
  return rows.filter((r) => r.sla === sla && (wanted === null || wanted.has(r.month)));
}

function byText(a: string, b: string): number {
  return a.localeCompare(b, 'en');
}

/** SLA totals per team for the given rows, teams in alphabetical order. */
export function slaByTeam(rows: SlaRow[]): Array<{ team: string } & SlaTotals> {
  const teams = [...new Set(rows.map((r) => r.team))].sort(byText);
  return teams.map((team) => ({ team, ...slaTotals(rows.filter((r) => r.team === team)) }));
}

/** SLA totals per partner company for the given rows (partner reps only), in alphabetical order. */
export function slaByPartner(rows: SlaRow[]): Array<{ partner: string } & SlaTotals> {
  const partners = [...new Set(rows.map((r) => r.partner_name).filter((p): p is string => p !== null))].sort(byText);
  return partners.map((partner) => ({ partner, ...slaTotals(rows.filter((r) => r.partner_name === partner)) }));
}

export interface RepSla extends SlaTotals {
  ownerId: string | null;
  ownerName: string;
  team: string;
  partner: string | null;
  /** Only known for a single month: medians of different months cannot be combined. */
  medianMinutes: number | null;
  p90Minutes: number | null;
}

/** SLA totals per owner for the given rows, by team then name. An owner who changed team is listed under the latest team. */
export function slaByRep(rows: SlaRow[]): RepSla[] {
  const owners = new Map<string, SlaRow[]>();
  for (const r of rows) {
    const key = r.owner_id ?? '';
    owners.set(key, [...(owners.get(key) ?? []), r]);
  }
  const reps = [...owners.values()].map((own) => {
    const latest = own.reduce((a, b) => (b.month > a.month ? b : a));
    const single = own.length === 1 ? own[0]! : null;
    return {
      ownerId: latest.owner_id,
      ownerName: latest.owner_name,
      team: latest.team,
      partner: latest.partner_name,
      ...slaTotals(own),
      medianMinutes: single?.median_business_minutes ?? null,
      p90Minutes: single?.p90_business_minutes ?? null,
    };
  });
  return reps.sort((a, b) => byText(a.team, b.team) || byText(a.ownerName, b.ownerName) || byText(a.ownerId ?? '', b.ownerId ?? ''));
}

/** The company-wide (team omitted) or a team's median and p90 business minutes of an SLA in a month or quarter. */
export function periodMedian(rows: SlaMedianRow[], period: string, sla: Sla, team: string | null = null): SlaMedianRow | null {
  return rows.find((r) => r.period === period && r.sla === sla && r.team === team) ?? null;
}

/** Pipeline created or revenue won in the months, by who sourced it. */
export function sourcedAmounts(rows: RevenueRow[], months: readonly string[], field: 'pipeline_created' | 'revenue_won'): SourcedAmounts | null {
  const inRange = rows.filter((r) => months.includes(r.month));
  if (inRange.length === 0) return null;
  const amounts: SourcedAmounts = { marketing: 0, sales: 0, partner: 0, unknown: 0 };
  for (const r of inRange) amounts[r.source_category] += r[field];
  return amounts;
}

/** Opportunities won and lost in the months with their amounts, for win rates by count and by amount. */
export function winTotals(rows: RevenueRow[], months: readonly string[]): { won: number; lost: number; wonAmount: number; closedAmount: number; rate: number | null } {
  const inRange = rows.filter((r) => months.includes(r.month));
  let won = 0;
  let lost = 0;
  let wonAmount = 0;
  let closedAmount = 0;
  for (const r of inRange) {
    won += r.opportunities_won;
    lost += r.opportunities_lost;
    wonAmount += r.revenue_won;
    closedAmount += r.closed_amount;
  }
  return { won, lost, wonAmount, closedAmount, rate: won + lost === 0 ? null : won / (won + lost) };
}

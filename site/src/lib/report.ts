// Turns validated mart rows into what the pages show: month totals, trends and SLA roll-ups.
import { monthsEnding } from './format.ts';
import type { FunnelRow, SlaRow, SourceCategory } from './schema.ts';

export const funnelStages = [
  { key: 'inquiries', label: 'Inquiries', definition: 'People who responded to marketing or were created as leads.' },
  { key: 'mqls', label: 'MQLs', definition: 'Marketing-qualified leads: people marketing judged ready for sales and handed over.' },
  { key: 'sals', label: 'SALs', definition: 'Sales-accepted leads: people sales agreed to work.' },
  { key: 'sqls', label: 'SQLs', definition: 'Sales-qualified leads: people sales qualified, usually by creating an opportunity.' },
  { key: 'won', label: 'Won', definition: 'People whose opportunity was closed as won.' },
] as const;

export const funnelExits = [
  { key: 'rejected', label: 'Rejected by sales', definition: 'People sales disqualified, with a reason.' },
  { key: 'recycled', label: 'Recycled', definition: 'People sent back to marketing for nurturing.' },
] as const;

export type FunnelCounts = Pick<FunnelRow, 'inquiries' | 'mqls' | 'sals' | 'sqls' | 'won' | 'rejected' | 'recycled'>;
type CountKey = keyof FunnelCounts;
const countKeys: CountKey[] = ['inquiries', 'mqls', 'sals', 'sqls', 'won', 'rejected', 'recycled'];

function zeroCounts(): FunnelCounts {
  return { inquiries: 0, mqls: 0, sals: 0, sqls: 0, won: 0, rejected: 0, recycled: 0 };
}

/** People reaching each stage in a month, all source categories together; null when the month has no rows. */
export function funnelTotals(rows: FunnelRow[], month: string): FunnelCounts | null {
  const inMonth = rows.filter((r) => r.month === month);
  if (inMonth.length === 0) return null;
  const total = zeroCounts();
  for (const row of inMonth) for (const key of countKeys) total[key] += row[key];
  return total;
}

/** The month's counts per source category, in the contract's category order (categories without rows are zero). */
export function funnelByCategory(rows: FunnelRow[], month: string, categories: readonly SourceCategory[]): Map<SourceCategory, FunnelCounts> {
  const result = new Map<SourceCategory, FunnelCounts>(categories.map((c) => [c, zeroCounts()]));
  for (const row of rows) {
    if (row.month !== month) continue;
    const target = result.get(row.source_category)!;
    for (const key of countKeys) target[key] += row[key];
  }
  return result;
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
  const first = rows.reduce<string | null>((min, r) => (min === null || r.month < min ? r.month : min), null);
  if (first === null) return [];
  return monthsEnding(last, n)
    .filter((m) => m >= first)
    .map((month) => {
      const t = funnelTotals(rows, month);
      return { month, mqls: t?.mqls ?? 0, sqls: t?.sqls ?? 0 };
    });
}

export interface SlaTotals {
  handedOff: number;
  met: number;
  late: number;
  breached: number;
  pending: number;
  /** met / (met + late + breached), null when nothing was due yet. */
  compliance: number | null;
}

/** Adds SLA outcome counts and recomputes compliance from them (rates are never averaged). */
export function slaTotals(rows: SlaRow[]): SlaTotals {
  const t = { handedOff: 0, met: 0, late: 0, breached: 0, pending: 0 };
  for (const r of rows) {
    t.handedOff += r.handed_off;
    t.met += r.met;
    t.late += r.late;
    t.breached += r.breached;
    t.pending += r.pending;
  }
  const due = t.met + t.late + t.breached;
  return { ...t, compliance: due === 0 ? null : t.met / due };
}

function byText(a: string, b: string): number {
  return a.localeCompare(b, 'en');
}

/** SLA totals per team for the given months, teams in alphabetical order. */
export function slaByTeam(rows: SlaRow[], months: readonly string[]): Array<{ team: string } & SlaTotals> {
  const wanted = new Set(months);
  const teams = [...new Set(rows.filter((r) => wanted.has(r.month)).map((r) => r.team))].sort(byText);
  return teams.map((team) => ({ team, ...slaTotals(rows.filter((r) => r.team === team && wanted.has(r.month))) }));
}

export interface RepSla extends SlaTotals {
  ownerId: string;
  ownerName: string;
  team: string;
  /** Only known for a single month: medians of different months cannot be combined. */
  medianMinutes: number | null;
  p90Minutes: number | null;
}

/** SLA totals per rep for the given months, by team then name. A rep who changed team is listed under the latest team. */
export function slaByRep(rows: SlaRow[], months: readonly string[]): RepSla[] {
  const wanted = new Set(months);
  const inRange = rows.filter((r) => wanted.has(r.month));
  const owners = new Map<string, SlaRow[]>();
  for (const r of inRange) owners.set(r.owner_id, [...(owners.get(r.owner_id) ?? []), r]);
  const reps = [...owners.entries()].map(([ownerId, own]) => {
    const latest = own.reduce((a, b) => (b.month > a.month ? b : a));
    const single = own.length === 1 ? own[0]! : null;
    return {
      ownerId,
      ownerName: latest.owner_name,
      team: latest.team,
      ...slaTotals(own),
      medianMinutes: single?.median_business_minutes ?? null,
      p90Minutes: single?.p90_business_minutes ?? null,
    };
  });
  return reps.sort((a, b) => byText(a.team, b.team) || byText(a.ownerName, b.ownerName) || byText(a.ownerId, b.ownerId));
}

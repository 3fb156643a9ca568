// Rep and partner pages: who has one, and what each shows (month-by-month SLAs, breaches right now, response-time bands).
import { monthName } from '../format.ts';
import { pages } from '../paths.ts';
import { slaRows, slaTotals } from '../report.ts';
import type { BreachRow, SiteData, Sla, SlaRow } from '../schema.ts';
import type { Sentence } from '../sentence.ts';
import { breachesNowSentence, medianResponseSentence, partnerSentence, repSentence } from '../sentences.ts';
import { cell, type Table } from '../table.ts';
import { periods } from './common.ts';
import { rowsBy } from './index-by.ts';
import { bandsView, bandTotals, breachCounts, breachTable, mostOverdueFirst, ownerMonthsTable, repTable, slaTitle } from './sla-tables.ts';
import { rejectedUntouchedTable } from './follow-up.ts';

export interface Owner {
  id: string;
  name: string;
  team: string;
  partner: string | null;
}

/** Every owner with SLA rows or breaches, named as in their latest row, so each gets a page. */
export function owners(data: SiteData): Owner[] {
  const byId = new Map<string, Owner & { month: string }>();
  for (const r of data.sla) {
    if (r.owner_id === null) continue;
    const seen = byId.get(r.owner_id);
    if (!seen || r.month >= seen.month) byId.set(r.owner_id, { id: r.owner_id, name: r.owner_name, team: r.team, partner: r.partner_name, month: r.month });
  }
  for (const b of data.breaches) {
    if (b.owner_id !== null && !byId.has(b.owner_id)) byId.set(b.owner_id, { id: b.owner_id, name: b.owner_name, team: b.team, partner: b.partner_name, month: '' });
  }
  return [...byId.values()].map(({ month: _month, ...owner }) => owner).sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

/** Every partner company with SLA rows, so each gets a page. */
export function partners(data: SiteData): string[] {
  return [...new Set(data.sla.map((r) => r.partner_name).filter((p): p is string => p !== null))].sort((a, b) => a.localeCompare(b, 'en'));
}

// An owner's own breaching leads: routing breaches wait in a queue, before any owner.
function owned(rows: BreachRow[]): BreachRow[] {
  return mostOverdueFirst(rows.filter((b) => !b.breaches_routing));
}

function slasOf(rows: SlaRow[]): Sla[] {
  const order: Sla[] = ['response', 'disposition', 'partner_response', 'routing'];
  return order.filter((sla) => rows.some((r) => r.sla === sla));
}

// "all 2 are listed" or "the 100 most overdue of 240 are listed": never "up to 100 of 2".
function listedOf(total: number, limit: number): string {
  return total <= limit ? `all ${total} ${total === 1 ? 'is' : 'are'} listed` : `the ${limit} most overdue of ${total} are listed`;
}

/** One rep's page: SLAs month by month, breaches right now, response bands, routing apart. */
export function repView(data: SiteData, owner: Owner) {
  const p = periods(data);
  const target = data.meta.sla.compliance_target;
  const rows = rowsBy(data.sla, 'owner', (r) => r.owner_id, owner.id);
  const monthResponse = slaTotals(slaRows(rows, 'response', [p.month]));
  const monthRow = rows.find((r) => r.sla === 'response' && r.month === p.month) ?? null;
  const previousRow = rows.find((r) => r.sla === 'response' && r.month === p.previousMonth) ?? null;
  const breaches = owned(rowsBy(data.breaches, 'owner', (b) => b.owner_id, owner.id));
  const sentences: Sentence[] = [
    repSentence({ name: owner.name, team: owner.team, label: monthName(p.month), ...monthResponse, slaMinutes: data.meta.sla.response_minutes, target }),
    ...(monthRow ? [medianResponseSentence({ period: p.monthPeriod, median: monthRow.median_business_minutes, previousMedian: previousRow?.median_business_minutes ?? null, done: monthRow.met + monthRow.late })] : []),
    breachesNowSentence(breachCounts(breaches, () => true), owner.name),
  ];
  const judged = slasOf(rows).filter((sla) => sla !== 'routing');
  const bands = bandTotals(rowsBy(data.ownerBands, 'owner', (b) => b.owner_id, owner.id));
  return {
    ...p,
    sentences,
    months: judged.map((sla) => ownerMonthsTable(data, sla, p.year, rows, `${slaTitle(data, sla)}, ${owner.name}, by month, ${p.yearLabel}`, `${sla}-${owner.id}-by-month`)),
    routing: rows.some((r) => r.sla === 'routing')
      ? ownerMonthsTable(data, 'routing', p.year, rows, `${slaTitle(data, 'routing')}: leads routed to ${owner.name}, by month`, `routing-${owner.id}-by-month`)
      : null,
    breaches: breachTable(
      data,
      breaches,
      `Leads of ${owner.name} breaching an SLA right now`,
      `breaches-${owner.id}`,
      false,
      `One row per open lead, most overdue first; ${listedOf(breaches[0]?.owner_breaches ?? 0, data.meta.breach_list_limit)}. Download the CSV to work the list.`,
    ),
    rejectedUntouched: rejectedUntouchedTable(data, p.month, (r) => r.owner_id === owner.id),
    bands: bands.length > 0
      ? bandsView(bands, `${owner.name}: MQL to SQL conversion by first response, ${p.yearLabel}`, `response-bands-${owner.id}`, 'The response-time distribution of the leads handed to this owner in the last 12 complete months; leads still inside their deadline are left out.')
      : null,
  };
}

/** One partner's page: its reps, breaches, months and rejection reasons. */
export function partnerView(data: SiteData, partner: string) {
  const p = periods(data);
  const target = data.meta.sla.compliance_target;
  const rows = rowsBy(data.sla, 'partner', (r) => r.partner_name, partner);
  const month = slaTotals(slaRows(rows, 'partner_response', [p.month]));
  const breaches = owned(rowsBy(data.breaches, 'partner', (b) => b.partner_name, partner));
  const rejections = data.rejections.filter((r) => r.dimension === 'partner' && r.key === partner);
  const rejectionTable: Table = {
    caption: `Why sales rejected leads handed to ${partner}, ${p.yearLabel}`,
    columns: [{ label: 'Reason', text: true, metric: 'rejection_reason' }, { label: 'Rejected' }, { label: 'Example leads', text: true }],
    rows: rejections.map((r) => [cell.text(r.reason), cell.count(r.rejected), cell.text(r.examples.map((e) => `${e.lead_id ?? e.person_id} (${e.company ?? 'unknown company'})`).join('; '))]),
    csvName: `rejections-partner-${partner}`,
  };
  return {
    ...p,
    sentences: [
      partnerSentence({ label: monthName(p.month), ...month, slaMinutes: data.meta.sla.partner_response_minutes, target }),
      breachesNowSentence(breachCounts(breaches, () => true), partner),
    ],
    reps: repTable(data, 'partner_response', p.year, `${slaTitle(data, 'partner_response')}, ${partner} reps, ${p.yearLabel}`, `partner-response-${partner}-reps`, undefined, (r) => r.partner_name === partner),
    months: slasOf(rows)
      .filter((sla) => sla !== 'routing')
      .map((sla) => ownerMonthsTable(data, sla, p.year, rows, `${slaTitle(data, sla)}, ${partner}, by month, ${p.yearLabel}`, `${sla}-${partner}-by-month`)),
    breaches: breachTable(data, breaches, `Leads handed to ${partner} breaching an SLA right now`, `breaches-partner-${partner}`, true, `One row per open lead, most overdue first; up to ${data.meta.breach_list_limit} per rep.`),
    rejections: rejections.length > 0 ? rejectionTable : null,
    followUp: pages.followUp(),
  };
}

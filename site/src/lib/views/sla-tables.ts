// SLA tables shared by the follow-up, rep and partner pages: by team, rep, partner and month, breach lists, response bands.
import type { ChartSpec } from '../chart.ts';
import { businessDuration, formatBusinessHours, formatLocalDateTime, formatOverdue, monthName } from '../format.ts';
import type { ListMetric } from '../metrics.ts';
import { crmLink, pages } from '../paths.ts';
import { periodMedian, slaByPartner, slaByRep, slaByTeam, slaRows, slaTotals, type SlaTotals } from '../report.ts';
import type { BreachRow, SiteData, Sla, SlaRow } from '../schema.ts';
import { bandLabel } from '../sentences.ts';
import { cell, type Cell, type Column, type Table } from '../table.ts';
import { listHref, type ListGroup } from './common.ts';

export const SLA_NAMES: Record<Sla, string> = {
  response: 'Response',
  disposition: 'Disposition',
  partner_response: 'Partner response',
  routing: 'Routing',
};

/** The agreed business minutes of an SLA (config default; overrides are listed on the definitions page). */
export function slaMinutes(data: SiteData, sla: Sla): number {
  return data.meta.sla[`${sla}_minutes`];
}

/** "Response within 4 business hours". */
export function slaTitle(data: SiteData, sla: Sla): string {
  return `${SLA_NAMES[sla]} within ${businessDuration(slaMinutes(data, sla))}`;
}

function outcomeColumns(sla: Sla): Column[] {
  return [
    { label: sla === 'routing' ? 'New MQLs' : 'Handed off', metric: 'handed_off' },
    { label: 'Met', metric: 'met' },
    { label: 'Late', metric: 'late' },
    { label: 'Breached', metric: 'breached' },
    { label: 'Pending', metric: 'pending' },
    { label: 'Done in time', metric: 'compliance', keep: true },
  ];
}

function outcomeCells(t: SlaTotals, target: number, links?: { sla: Sla; month: string; data: SiteData; group?: ListGroup | null }): Cell[] {
  const list = (status: 'met' | 'late' | 'breached') => (links ? listHref(links.data, `${links.sla}_${status}` as ListMetric, links.month, links.group) : null);
  return [
    cell.count(t.handedOff),
    cell.count(t.met, list('met')),
    cell.count(t.late, list('late')),
    cell.count(t.breached, list('breached')),
    cell.count(t.pending),
    // The share done in time opens the leads done in time, as the count of met does.
    cell.linked(cell.compliance(t.compliance, target, t.handedOff, t.met + t.late + t.breached), t.met > 0 ? list('met') : null),
  ];
}

const timeColumns: Column[] = [
  { label: 'Median', metric: 'median_minutes', unit: 'business time' },
  { label: '9 in 10 within', metric: 'p90_minutes', unit: 'business time' },
];

/** One SLA by team for the months, with an all-teams total; team medians when the months are one period the data has medians for. */
export function teamTable(data: SiteData, sla: Sla, months: string[], periodKey: string | null, caption: string, csvName: string, note?: string): Table {
  const rows = slaRows(data.sla, sla, months);
  const target = data.meta.sla.compliance_target;
  const withTimes = periodKey !== null;
  const times = (team: string | null): Cell[] => {
    if (!withTimes) return [];
    const m = periodMedian(data.slaMedians, periodKey, sla, team);
    return [cell.minutes(m?.median_business_minutes ?? null, undefined, m?.done), cell.minutes(m?.p90_business_minutes ?? null, undefined, m?.done)];
  };
  const links = months.length === 1 ? { sla, month: months[0]!, data } : undefined;
  return {
    caption,
    ...(note ? { note } : {}),
    columns: [{ label: 'Team', text: true }, ...outcomeColumns(sla), ...(withTimes ? timeColumns : [])],
    rows: slaByTeam(rows).map((t) => [cell.text(t.team), ...outcomeCells(t, target, links && { ...links, group: { dimension: 'team', key: t.team } }), ...times(t.team)]),
    footer: [[cell.text('All teams'), ...outcomeCells(slaTotals(rows), target, links), ...times(null)]],
    csvName,
  };
}

/** One SLA by owner for the months; median and p90 only for a single month (medians cannot be combined across months). */
export function repTable(data: SiteData, sla: Sla, months: string[], caption: string, csvName: string, note?: string, filter?: (r: SlaRow) => boolean): Table {
  const rows = slaRows(data.sla, sla, months).filter(filter ?? (() => true));
  const target = data.meta.sla.compliance_target;
  const single = months.length === 1;
  const links = (ownerId: string | null) => (single && ownerId ? { sla, month: months[0]!, data, group: { dimension: 'owner' as const, key: ownerId } } : undefined);
  return {
    caption,
    ...(note ? { note } : {}),
    columns: [
      { label: sla === 'routing' ? 'Routed to' : 'Owner', text: true },
      { label: 'Team', text: true },
      ...outcomeColumns(sla),
      ...(single ? timeColumns : []),
    ],
    rows: slaByRep(rows).map((r) => [
      cell.text(r.ownerName, r.ownerId ? pages.rep(r.ownerName, r.ownerId) : null),
      cell.text(r.team),
      ...outcomeCells(r, target, links(r.ownerId)),
      ...(single ? [cell.minutes(r.medianMinutes, undefined, r.met + r.late), cell.minutes(r.p90Minutes, undefined, r.met + r.late)] : []),
    ]),
    csvName,
  };
}

/** Partner response (or any SLA) by partner company, each linking to its page. */
export function partnerTable(data: SiteData, sla: Sla, months: string[], caption: string, csvName: string): Table {
  const target = data.meta.sla.compliance_target;
  return {
    caption,
    columns: [{ label: 'Partner', text: true }, ...outcomeColumns(sla)],
    rows: slaByPartner(slaRows(data.sla, sla, months)).map((p) => [
      cell.text(p.partner, pages.partner(p.partner)),
      ...outcomeCells(p, target, months.length === 1 ? { sla, month: months[0]!, data, group: { dimension: 'partner', key: p.partner } } : undefined),
    ]),
    csvName,
  };
}

/** Each team's compliance month by month, so a slipping team shows before the quarter ends; each share opens the leads done in time. */
export function teamTrendTable(data: SiteData, sla: Sla, months: string[], caption: string, csvName: string): Table {
  const target = data.meta.sla.compliance_target;
  const teams = slaByTeam(slaRows(data.sla, sla, months)).map((t) => t.team);
  const metList = (month: string, c: Cell, met: number, group?: ListGroup): Cell =>
    cell.linked(c, met > 0 ? listHref(data, `${sla}_met` as ListMetric, month, group) : null);
  return {
    caption,
    note: 'Share of due leads done within the SLA; each share opens the leads done in time. "No leads": none that month; "none due yet": every deadline is still ahead.',
    columns: [{ label: 'Month', text: true }, ...teams.map((team) => ({ label: team, metric: 'compliance' as const })), { label: 'All teams', metric: 'compliance' }],
    rows: months.map((month) => {
      const rows = slaRows(data.sla, sla, [month]);
      const byTeam = new Map(slaByTeam(rows).map((t) => [t.team, t]));
      const all = slaTotals(rows);
      return [
        cell.text(monthName(month)),
        ...teams.map((team) => {
          const t = byTeam.get(team);
          const share = cell.compliance(t?.compliance ?? null, target, t?.handedOff ?? 0, t ? t.met + t.late + t.breached : 0);
          return metList(month, share, t?.met ?? 0, { dimension: 'team', key: team });
        }),
        metList(month, cell.compliance(all.compliance, target, all.handedOff, all.met + all.late + all.breached), all.met),
      ];
    }),
    csvName,
  };
}

/** One owner's (or a set of owners') SLA month by month, with that month's median and p90. */
export function ownerMonthsTable(data: SiteData, sla: Sla, months: string[], rows: SlaRow[], caption: string, csvName: string): Table {
  const target = data.meta.sla.compliance_target;
  const owners = new Set(rows.map((r) => r.owner_id));
  const ownerId = owners.size === 1 ? [...owners][0] : null;
  const group = ownerId ? { dimension: 'owner' as const, key: ownerId } : null;
  return {
    caption,
    columns: [{ label: 'Month', text: true }, ...outcomeColumns(sla), ...timeColumns],
    rows: months.map((month) => {
      const inMonth = rows.filter((r) => r.sla === sla && r.month === month);
      const t = slaTotals(inMonth);
      const single = inMonth.length === 1 ? inMonth[0]! : null;
      return [
        cell.text(monthName(month)),
        ...outcomeCells(t, target, group ? { sla, month, data, group } : undefined),
        cell.minutes(single?.median_business_minutes ?? null, inMonth.length > 1 ? 'several owners' : 'none done', single ? single.met + single.late : undefined),
        cell.minutes(single?.p90_business_minutes ?? null, inMonth.length > 1 ? 'several owners' : 'none done', single ? single.met + single.late : undefined),
      ];
    }),
    csvName,
  };
}

const BREACH_SLAS = ['response', 'disposition', 'partner_response', 'routing'] as const;

/** The SLAs one breaching lead breaches, in the site's order. */
export function breachedSlas(b: BreachRow): Sla[] {
  return BREACH_SLAS.filter((sla) => b[`breaches_${sla}`]);
}

/** Most overdue first (business time past the lead's target), then the earliest deadline. */
export function mostOverdueFirst(rows: BreachRow[]): BreachRow[] {
  return [...rows].sort(
    (a, b) => (b.overdue_business_minutes ?? -1) - (a.overdue_business_minutes ?? -1) || (a.due_at ?? '').localeCompare(b.due_at ?? '') || a.person_id.localeCompare(b.person_id),
  );
}

/**
 * Open leads breaching an SLA right now, one row per lead with every SLA it breaches, most overdue first:
 * due time in the owner's local time, overdue in business time and in calendar time; CRM links when config names the CRM.
 */
export function breachTable(data: SiteData, rows: BreachRow[], caption: string, csvName: string, showOwner: boolean, note?: string): Table {
  const crm = data.meta.crm_url;
  const fallbackZone = data.meta.calendar_detail.timezone;
  return {
    caption,
    ...(note ? { note } : {}),
    columns: [
      { label: 'Lead', text: true },
      { label: 'Name', text: true },
      { label: 'Company', text: true },
      ...(showOwner ? [{ label: 'Owner', text: true }] : []),
      { label: 'SLAs breached', text: true, metric: 'breaching_now' },
      { label: rows.every((b) => breachedSlas(b).every((sla) => sla === 'routing')) ? 'Became MQL' : 'Handed off', text: true },
      { label: "Due (owner's local time)", text: true },
      { label: 'Overdue', metric: 'breaching_now', unit: 'business hours' },
      { label: 'Overdue', unit: 'calendar time since due' },
      { label: 'Lead status now', text: true },
    ],
    rows: mostOverdueFirst(rows).map((b) => {
      const zone = b.owner_time_zone ?? fallbackZone;
      return [
        cell.text(b.lead_id ?? b.person_id, crmLink(crm, b.lead_id)),
        cell.person(b.person_name),
        cell.text(b.company, null, 'unknown'),
        ...(showOwner ? [cell.text(b.owner_name, b.owner_id ? pages.rep(b.owner_name, b.owner_id) : null)] : []),
        cell.text(breachedSlas(b).map((sla) => SLA_NAMES[sla]).join(', ')),
        { text: b.started_at ? formatLocalDateTime(b.started_at, zone) : 'unknown', value: b.started_at },
        { text: b.due_at ? formatLocalDateTime(b.due_at, zone) : 'unknown', value: b.due_at },
        b.overdue_business_minutes === null
          ? cell.text('unknown')
          : { text: formatBusinessHours(b.overdue_business_minutes), value: Math.round((b.overdue_business_minutes / 60) * 10) / 10, unit: 'business hours' },
        { text: b.overdue_hours === null ? 'unknown' : formatOverdue(b.overdue_hours), value: b.overdue_hours, unit: 'calendar hours since due' },
        cell.text(b.lead_status, null, 'unknown'),
      ];
    }),
    csvName,
  };
}

/** How many distinct leads breach each SLA right now, for the owners whose rows pass the filter (full counts, not the bounded lists). */
export function breachCounts(breaches: BreachRow[], filter: (b: BreachRow) => boolean): Array<{ sla: Sla; count: number }> {
  const owners = new Map<string, BreachRow>();
  for (const b of breaches) if (filter(b)) owners.set(b.owner_id ?? '', b);
  return BREACH_SLAS.map((sla) => ({ sla, count: [...owners.values()].reduce((n, b) => n + b[`owner_${sla}_breaches`], 0) }));
}

/** How many distinct open leads breach any SLA right now (each lead once, however many SLAs it breaches). */
export function breachingLeads(breaches: BreachRow[], filter: (b: BreachRow) => boolean): number {
  const owners = new Map<string, number>();
  for (const b of breaches) if (filter(b)) owners.set(b.owner_id ?? '', b.owner_breaches);
  return [...owners.values()].reduce((n, c) => n + c, 0);
}

interface BandTotals {
  band: string;
  leads: number;
  sqls: number;
}

/** Response bands added up over rows (several months, or one owner), rates recomputed, fastest first. */
export function bandTotals(rows: Array<BandTotals & { band_order: number }>): Array<BandTotals & { rate: number | null }> {
  const byBand = new Map<string, BandTotals & { order: number }>();
  for (const r of rows) {
    const t = byBand.get(r.band) ?? { band: r.band, leads: 0, sqls: 0, order: r.band_order };
    t.leads += r.leads;
    t.sqls += r.sqls;
    byBand.set(r.band, t);
  }
  return [...byBand.values()].sort((a, b) => a.order - b.order).map((t) => ({ band: t.band, leads: t.leads, sqls: t.sqls, rate: t.leads === 0 ? null : t.sqls / t.leads }));
}

/** "Speed pays": leads per response band and their MQL to SQL conversion, as a table and a bar chart. */
export function bandsView(bands: ReturnType<typeof bandTotals>, caption: string, csvName: string, note: string): { table: Table; spec: ChartSpec; chartCaption: string } {
  return {
    table: {
      caption,
      note,
      columns: [
        { label: 'First response', text: true, metric: 'response_band' },
        { label: 'Leads' },
        { label: 'Became SQL', metric: 'sqls' },
        { label: 'MQL to SQL conversion (cohort view)', metric: 'band_conversion' },
      ],
      rows: bands.map((b) => [cell.text(bandLabel(b.band)), cell.count(b.leads), cell.count(b.sqls), cell.percent(b.rate, 'no leads', b.leads)]),
      csvName,
    },
    spec: {
      type: 'bar',
      labels: bands.map((b) => b.band),
      yTitle: 'Became SQL',
      format: 'percent',
      series: [{ label: 'MQL to SQL conversion', values: bands.map((b) => b.rate), color: '#1f5fa8' }],
    },
    chartCaption: `${caption}: the share of leads in each first-response band that became SQL.`,
  };
}


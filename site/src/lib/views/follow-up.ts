// The follow-up page's content: every SLA by team, rep and partner, routing apart, breaches now, and speed pays.
import type { ChartSpec } from '../chart.ts';
import { businessDuration, monthName, monthShort } from '../format.ts';
import { periodMedian, slaByTeam, slaRows, slaTotals } from '../report.ts';
import type { BreachRow, RejectedUntouchedRow, SiteData, Sla } from '../schema.ts';
import type { Sentence } from '../sentence.ts';
import { breachesNowSentence, followUpSentence, partnerSentence, routingSentence, speedPaysSentence, teamsSentence } from '../sentences.ts';
import { cell, type Table } from '../table.ts';
import { pages } from '../paths.ts';
import { listHref, periods } from './common.ts';
import { complianceTile, followUpVerdictOf, medianTile, monthToDateOf } from './headline.ts';
import {
  bandsView,
  bandTotals,
  breachCounts,
  breachTable,
  breachingLeads,
  SLA_NAMES,
  partnerTable,
  repTable,
  slaMinutes,
  slaTitle,
  teamTable,
  teamTrendTable,
} from './sla-tables.ts';

/** Owners with open leads breaching right now: distinct leads per SLA, and all SLAs counting each lead once; most first. */
function breachesByOwner(data: SiteData): Table {
  const owners = new Map<string, BreachRow>();
  for (const b of data.breaches) owners.set(b.owner_id ?? '', b);
  const slas = ['response', 'disposition', 'partner_response', 'routing'] as const;
  return {
    caption: 'Open leads breaching an SLA right now, by owner',
    note: `Leads not converted, rejected or recycled whose clock started in the last ${data.meta.breach_window_days} days. A lead breaching two SLAs counts once in "All SLAs". Routing breaches have no owner yet: they wait in a queue.`,
    columns: [
      { label: 'Owner', text: true },
      { label: 'Team', text: true },
      ...slas.map((s) => ({ label: SLA_NAMES[s], metric: 'breaching_now' as const })),
      { label: 'All SLAs (leads)', metric: 'breaching_now' },
    ],
    rows: [...owners.values()]
      .sort((a, b) => b.owner_breaches - a.owner_breaches || a.owner_name.localeCompare(b.owner_name, 'en'))
      .map((o) => [
        cell.text(o.owner_name, o.owner_id ? pages.rep(o.owner_name, o.owner_id) : null),
        cell.text(o.team),
        ...slas.map((s) => cell.count(o[`owner_${s}_breaches`])),
        cell.count(o.owner_breaches),
      ]),
    csvName: 'breaches-by-owner',
  };
}

/** Leads each owner rejected or recycled before any contact attempt, in the month: counted apart, never as breaches. */
export function rejectedUntouchedTable(data: SiteData, month: string, filter: (r: RejectedUntouchedRow) => boolean = () => true): Table {
  const rows = data.rejectedUntouched.filter((r) => r.month === month && filter(r)).sort((a, b) => b.leads - a.leads || a.owner_name.localeCompare(b.owner_name, 'en'));
  const total = rows.reduce((n, r) => n + r.leads, 0);
  return {
    caption: `Rejected without a contact attempt, by owner, ${monthName(month)}`,
    note: 'Handed-off leads rejected or recycled before any call, email or meeting. They are not counted as breaching; marketing asks about them most.',
    columns: [{ label: 'Owner', text: true }, { label: 'Team', text: true }, { label: 'Rejected without a contact attempt', metric: 'rejected_untouched' }],
    rows: rows.map((r) => [cell.text(r.owner_name, r.owner_id ? pages.rep(r.owner_name, r.owner_id) : null), cell.text(r.team), cell.count(r.leads, r.owner_id ? listHref(data, 'rejected_untouched', month, { dimension: 'owner', key: r.owner_id }) : null)]),
    footer: [[cell.text('All owners'), cell.text(''), cell.count(total, listHref(data, 'rejected_untouched', month))]],
    csvName: `rejected-without-contact-by-owner-${month}`,
  };
}

/** Everything the follow-up page shows: the latest complete month, the last 12 months, and right now. */
export function followUpView(data: SiteData) {
  const p = periods(data);
  const { month, previousMonth, year, yearLabel } = p;
  const target = data.meta.sla.compliance_target;
  const response = slaTotals(slaRows(data.sla, 'response', [month]));
  const previous = slaTotals(slaRows(data.sla, 'response', [previousMonth]));
  const routing = slaTotals(slaRows(data.sla, 'routing', [month]));
  const partner = slaTotals(slaRows(data.sla, 'partner_response', [month]));
  const yearBands = bandTotals(data.bands.filter((b) => year.includes(b.month)));
  const label = monthName(month);

  const sentences: Sentence[] = [
    followUpSentence({ period: p.monthPeriod, ...response, previousCompliance: previous.compliance, slaMinutes: data.meta.sla.response_minutes, target }),
    teamsSentence({ label, teams: slaByTeam(slaRows(data.sla, 'response', [month])).map((t) => ({ ...t, due: t.met + t.late + t.breached })), target }),
    routingSentence({ label, ...routing, median: periodMedian(data.slaMedians, month, 'routing')?.median_business_minutes ?? null, slaMinutes: data.meta.sla.routing_minutes }),
    ...(partner.handedOff > 0 ? [partnerSentence({ label, ...partner, slaMinutes: data.meta.sla.partner_response_minutes, target })] : []),
    breachesNowSentence(breachCounts(data.breaches, () => true)),
    speedPaysSentence(yearBands),
  ];

  // Each team's compliance month by month with the agreed level as a dashed line (the same numbers as the trend table).
  const trendChart = (sla: Sla) => {
    const teams = slaByTeam(slaRows(data.sla, sla, year)).map((t) => t.team);
    const colors = ['#1f5fa8', '#a8430f', '#5b3a8c', '#0f6b6b', '#6b5a0f', '#3a3a3a'];
    return {
      spec: {
        type: 'line',
        labels: year.map((m) => monthShort(m)),
        yTitle: 'Done in time',
        format: 'percent',
        series: [
          ...teams.map((team, i) => ({ label: team, values: year.map((m) => slaTotals(slaRows(data.sla, sla, [m]).filter((r) => r.team === team)).compliance), color: colors[i % colors.length]! })),
          { label: `Agreed level (${Math.round(target * 100)}%)`, values: year.map(() => target), color: '#8a2b0c', dashed: true },
        ],
      } satisfies ChartSpec,
      caption: `${slaTitle(data, sla)}: share done in time by team, ${yearLabel}, against the agreed level of ${Math.round(target * 100)}%.`,
    };
  };

  // The month the data was cut in, so far: its own partial table, never mixed into the complete months.
  const current = data.meta.as_of.slice(0, 7);
  const slaSection = (sla: Sla) => ({
    chart: trendChart(sla),
    sla,
    title: slaTitle(data, sla),
    month: teamTable(data, sla, [month], month, `${slaTitle(data, sla)}, by team, ${label}`, `${sla}-by-team-${month}`, `Clocks started in ${label}. The agreed level is ${Math.round(target * 100)}%.`),
    soFar: slaRows(data.sla, sla, [current]).length > 0
      ? teamTable(data, sla, [current], null, `${slaTitle(data, sla)}, by team, ${monthName(current)} so far (partial month)`, `${sla}-by-team-${current}-so-far`, 'A partial month: clocks still inside their deadline are pending, so compare it with complete months only with care.')
      : null,
    reps: repTable(data, sla, [month], `${slaTitle(data, sla)}, by owner, ${label}`, `${sla}-by-owner-${month}`, 'Times are business time from handoff until done.'),
    trend: teamTrendTable(data, sla, year, `${slaTitle(data, sla)}: done in time, by team and month, ${yearLabel}`, `${sla}-by-team-and-month`),
    year: teamTable(data, sla, year, null, `${slaTitle(data, sla)}, by team, ${yearLabel}`, `${sla}-by-team-12-months`, 'Each rep’s month-by-month figures are on their page.'),
  });

  const routingBreaches = data.breaches.filter((b) => b.breaches_routing);
  const hasPartners = data.sla.some((r) => r.sla === 'partner_response');
  const bands = bandsView(yearBands, `MQL to SQL conversion by first response, ${yearLabel}`, 'response-bands-12-months', 'Leads handed off in the last 12 complete months, by business time to the first sales touch. Leads still inside their deadline are left out.');
  return {
    ...p,
    verdict: followUpVerdictOf(data, p),
    monthToDate: monthToDateOf(data),
    tiles: [
      complianceTile(data, p, 'response'),
      medianTile(data, p),
      complianceTile(data, p, 'disposition'),
      ...(partner.handedOff > 0 ? [complianceTile(data, p, 'partner_response')] : []),
      complianceTile(data, p, 'routing'),
    ],
    sentences,
    response: slaSection('response'),
    disposition: slaSection('disposition'),
    partner: hasPartners
      ? {
          title: slaTitle(data, 'partner_response'),
          month: partnerTable(data, 'partner_response', [month], `${slaTitle(data, 'partner_response')}, by partner, ${label}`, `partner-response-by-partner-${month}`),
          year: partnerTable(data, 'partner_response', year, `${slaTitle(data, 'partner_response')}, by partner, ${yearLabel}`, 'partner-response-by-partner-12-months'),
          reps: repTable(data, 'partner_response', [month], `${slaTitle(data, 'partner_response')}, by partner rep, ${label}`, `partner-response-by-rep-${month}`),
        }
      : null,
    routing: {
      title: slaTitle(data, 'routing'),
      minutes: businessDuration(slaMinutes(data, 'routing')),
      trend: teamTrendTable(data, 'routing', year, `${slaTitle(data, 'routing')}: routed in time, by the team routed to, and month, ${yearLabel}`, 'routing-by-team-and-month'),
      month: teamTable(data, 'routing', [month], month, `${slaTitle(data, 'routing')}, by the team routed to, ${label}`, `routing-by-team-${month}`, `Leads that became MQL in ${label}. The clock runs from MQL until a rep owns the lead.`),
      breaches: routingBreaches.length > 0
        ? breachTable(data, routingBreaches, 'MQLs still waiting for a rep past the routing deadline', 'routing-breaches', false, `Most overdue first; up to ${data.meta.breach_list_limit} are listed of ${routingBreaches[0]!.owner_routing_breaches}.`)
        : null,
    },
    breachesByOwner: breachesByOwner(data),
    breachingLeads: breachingLeads(data.breaches, () => true),
    rejectedUntouched: rejectedUntouchedTable(data, month),
    teamBreaches: [...new Set(data.breaches.filter((b) => b.owner_id !== null).map((b) => b.team))]
      .sort((a, b) => a.localeCompare(b, 'en'))
      .map((team) => {
        const rows = data.breaches.filter((b) => b.owner_id !== null && b.team === team);
        return {
          team,
          count: rows.length,
          table: breachTable(data, rows, `Open leads of ${team} breaching an SLA right now`, `breaches-team-${team}`, true, `One row per lead, most overdue first (up to ${data.meta.breach_list_limit} per rep).`),
        };
      }),
    bands,
  };
}

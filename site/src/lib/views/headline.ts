// The verdict and headline tiles shared by the scorecard and follow-up pages: built from the same counts as the tables.
import { businessDuration, formatCount, formatPercentAgainst, formatPercent, monthName, monthOnly, shortDuration } from '../format.ts';
import { funnelTotals, mqlTarget, periodMedian, slaByTeam, slaRows, slaTotals } from '../report.ts';
import type { SiteData, Sla } from '../schema.ts';
import type { Sentence } from '../sentence.ts';
import { changePhrase, followUpVerdict, MIN_CASES, monthToDateSentence, mqlVerdict, rateStatus, type Driver, type Tile } from '../verdicts.ts';
import { listHref, type Periods } from './common.ts';

const SLA_LABELS: Record<Sla, string> = {
  response: 'Response in time',
  disposition: 'Disposition in time',
  partner_response: 'Partner response in time',
  routing: 'Routing in time',
};

/** Each team's response figures in the month, for naming who drives the verdict. */
function teamDrivers(data: SiteData, month: string): Driver[] {
  return slaByTeam(slaRows(data.sla, 'response', [month])).map((t) => ({
    name: t.team,
    met: t.met,
    due: t.met + t.late + t.breached,
    medianMinutes: periodMedian(data.slaMedians, month, 'response', t.team)?.median_business_minutes ?? null,
  }));
}

/** The follow-up verdict for the latest complete month (response SLA against the agreed level, and the team driving it). */
export function followUpVerdictOf(data: SiteData, p: Periods): Sentence[] {
  const t = slaTotals(slaRows(data.sla, 'response', [p.month]));
  return followUpVerdict({
    label: monthName(p.month),
    met: t.met,
    late: t.late,
    breached: t.breached,
    slaMinutes: data.meta.sla.response_minutes,
    target: data.meta.sla.compliance_target,
    hrefs: {
      met: listHref(data, 'response_met', p.month),
      late: listHref(data, 'response_late', p.month),
      breached: listHref(data, 'response_breached', p.month),
    },
    teams: teamDrivers(data, p.month),
  });
}

/** Marketing's verdict for the latest complete month: MQLs against the target. */
export function mqlVerdictOf(data: SiteData, p: Periods): Sentence {
  return mqlVerdict({
    label: monthName(p.month),
    mqls: funnelTotals(data.funnel, p.month)?.mqls ?? null,
    target: mqlTarget(data.funnel, [p.month]),
    href: listHref(data, 'mqls', p.month),
  });
}

/** A compliance tile: the month's rate against the agreed level, its change, and the 12 months before. */
export function complianceTile(data: SiteData, p: Periods, sla: Sla): Tile {
  const target = data.meta.sla.compliance_target;
  const totals = (month: string) => slaTotals(slaRows(data.sla, sla, [month]));
  const now = totals(p.month);
  const due = now.met + now.late + now.breached;
  const status = rateStatus(now.compliance, target, due);
  const value = now.compliance === null ? 'none due' : status === 'too few to judge' ? `${formatPercent(now.compliance)} of ${formatCount(due)}` : formatPercentAgainst(now.compliance, target);
  const series = p.year.map((m) => totals(m).compliance);
  return {
    label: `${SLA_LABELS[sla]}, ${monthOnly(p.month)}`,
    value,
    href: listHref(data, `${sla}_met`, p.month),
    metric: 'compliance',
    target: `${formatPercent(target)} within ${businessDuration(data.meta.sla[`${sla}_minutes`])}`,
    status,
    change: changePhrase(now.compliance, totals(p.previousMonth).compliance, monthOnly(p.previousMonth), 'rate'),
    series,
    targetValue: target,
    seriesLabel: `${SLA_LABELS[sla]} per month, ${p.yearLabel}: ${series.map((v) => (v === null ? 'none' : formatPercent(v))).join(', ')}`,
  };
}

/** The MQL tile: the month's MQLs against the target, its change, and the 12 months before. */
export function mqlTile(data: SiteData, p: Periods): Tile {
  const mqls = (month: string) => funnelTotals(data.funnel, month)?.mqls ?? null;
  const now = mqls(p.month);
  const target = mqlTarget(data.funnel, [p.month]);
  const series = p.year.map(mqls);
  return {
    label: `MQLs, ${monthOnly(p.month)}`,
    value: now === null ? 'no data' : formatCount(now),
    href: listHref(data, 'mqls', p.month),
    metric: 'mqls',
    target: target === null ? 'none set' : formatCount(target),
    status: now === null ? 'too few to judge' : target === null ? 'no target' : now >= target ? 'on track' : 'off track',
    change: changePhrase(now, mqls(p.previousMonth), monthOnly(p.previousMonth), 'count'),
    series,
    targetValue: target,
    seriesLabel: `MQLs per month, ${p.yearLabel}: ${series.map((v) => (v === null ? 'none' : formatCount(v))).join(', ')}`,
  };
}

/** The median first response tile, judged against the response SLA itself. */
export function medianTile(data: SiteData, p: Periods): Tile {
  const median = (month: string) => periodMedian(data.slaMedians, month, 'response');
  const now = median(p.month);
  const sla = data.meta.sla.response_minutes;
  const series = p.year.map((m) => median(m)?.median_business_minutes ?? null);
  const value = now?.median_business_minutes ?? null;
  return {
    label: `Median first response, ${monthOnly(p.month)}`,
    value: value === null ? 'none done' : now!.done < MIN_CASES ? `${shortDuration(value)} (${formatCount(now!.done)} leads)` : shortDuration(value),
    href: listHref(data, 'response_met', p.month),
    metric: 'median_minutes',
    target: `under ${businessDuration(sla)}`,
    status: value === null || now!.done < MIN_CASES ? 'too few to judge' : value <= sla ? 'on track' : 'off track',
    change: changePhrase(value, median(p.previousMonth)?.median_business_minutes ?? null, monthOnly(p.previousMonth), 'minutes'),
    series,
    targetValue: sla,
    seriesLabel: `Median first response per month in business minutes, ${p.yearLabel}: ${series.map((v) => (v === null ? 'none' : shortDuration(v))).join(', ')}`,
  };
}

/** The month the data was cut in, so far: labelled as partial, never compared with complete months. */
export function monthToDateOf(data: SiteData): Sentence | null {
  const month = data.meta.as_of.slice(0, 7);
  const t = slaTotals(slaRows(data.sla, 'response', [month]));
  const at = new Date(data.meta.as_of);
  return monthToDateSentence({
    label: monthName(month),
    through: `${at.getUTCDate()} ${monthOnly(month)}`,
    mqls: funnelTotals(data.funnel, month)?.mqls ?? null,
    mqlsHref: listHref(data, 'mqls', month),
    met: t.met,
    due: t.met + t.late + t.breached,
    slaMinutes: data.meta.sla.response_minutes,
  });
}

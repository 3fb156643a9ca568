// Plain-English sentence templates for the scorecard and follow-up: numbers in, one sentence out. No data, no model, no HTML.
import {
  businessDuration,
  capitalize,
  formatCount,
  formatPercent,
  formatPercentAgainst,
  formatPoints,
  moneyWords,
  monthName,
  monthOnly,
  plural,
} from './format.ts';
import { def, listOf, sentence, type Sentence } from './sentence.ts';
import { MIN_CASES } from './verdicts.ts';

/** A period in a sentence: its full label ("October 2026", "Q3 2026") and how to name the one before ("September"). */
export interface Period {
  label: string;
  previousLabel: string;
}

/** A month and the month before, named as a reader says them: "September" in the same year, else "December 2025". */
export function monthPeriod(month: string, previousMonth: string): Period {
  return {
    label: monthName(month),
    previousLabel: month.slice(0, 4) === previousMonth.slice(0, 4) ? monthOnly(previousMonth) : monthName(previousMonth),
  };
}

/**
 * How a count moved since the period before: "8% more than in September", "the same as in
 * September", "up from none in September", "down from 12 in September".
 */
export function changeSincePhrase(current: number, previous: number, previousLabel: string): string {
  if (current === previous) return `the same as in ${previousLabel}`;
  if (previous === 0) return `up from none in ${previousLabel}`;
  if (current === 0) return `down from ${formatCount(previous)} in ${previousLabel}`;
  const change = (current - previous) / previous;
  const direction = change > 0 ? 'more' : 'fewer';
  const size = Math.abs(change) < 0.005 ? 'less than 1%' : formatPercent(Math.abs(change));
  return `${size} ${direction} than in ${previousLabel}`;
}

/** How a rate moved: "up from 71% in September", "down from 90% in September", "the same as in September". */
export function rateChangePhrase(current: number, previous: number | null, previousLabel: string): string {
  if (previous === null) return `with no rate for ${previousLabel} to compare`;
  if (Math.round(current * 100) === Math.round(previous * 100)) return `about the same as in ${previousLabel}`;
  return `${current > previous ? 'up' : 'down'} from ${formatPercent(previous)} in ${previousLabel}`;
}

/** Money moving: "up from $1.2 million in September", "down from $80,000 in September". */
function moneyChangePhrase(current: number, previous: number, previousLabel: string, currency: string): string {
  if (current === previous) return `the same as in ${previousLabel}`;
  if (previous === 0) return `up from nothing in ${previousLabel}`;
  return `${current > previous ? 'up' : 'down'} from ${moneyWords(previous, currency)} in ${previousLabel}`;
}

/** How far a count is from its target: "3% above the target of 400", "exactly the target of 400". */
function targetPhrase(count: number, target: number): Sentence {
  const goal = def(`target of ${formatCount(target)}`, 'mql_target');
  if (count === target) return sentence`exactly the ${goal}`;
  if (target === 0) return sentence`above the ${goal}`;
  const gap = (count - target) / target;
  const size = Math.abs(gap) < 0.005 ? 'less than 1%' : formatPercent(Math.abs(gap));
  return sentence`${size} ${gap > 0 ? 'above' : 'below'} the ${goal}`;
}

/**
 * "Marketing delivered 412 MQLs in October 2026, 3% above the target of 400 and 8% more than in September."
 * Without a target the sentence says so: "…, 8% more than in September; no target set."
 */
export function mqlSentence(input: { period: Period; mqls: number | null; previousMqls: number | null; target: number | null }): Sentence {
  const { period, mqls, previousMqls, target } = input;
  if (mqls === null) return sentence`There is no MQL data for ${period.label} yet.`;
  const delivered = def(mqls === 0 ? 'no MQLs' : plural(mqls, 'MQL'), 'mqls');
  const change = previousMqls === null ? null : changeSincePhrase(mqls, previousMqls, period.previousLabel);
  if (target === null) {
    return change === null
      ? sentence`Marketing delivered ${delivered} in ${period.label}; ${def('no target set', 'mql_target')}.`
      : sentence`Marketing delivered ${delivered} in ${period.label}, ${change}; ${def('no target set', 'mql_target')}.`;
  }
  return change === null
    ? sentence`Marketing delivered ${delivered} in ${period.label}, ${targetPhrase(mqls, target)}.`
    : sentence`Marketing delivered ${delivered} in ${period.label}, ${targetPhrase(mqls, target)} and ${change}.`;
}

/** "In October 2026, 96 leads became SQLs and 21 were won." (period view: people reaching each stage that month) */
export function sqlSentence(input: { label: string; sqls: number | null; won: number | null }): Sentence {
  const { label, sqls, won } = input;
  if (sqls === null || won === null) return sentence`There is no SQL or won data for ${label} yet.`;
  const became =
    sqls === 1
      ? sentence`${def('1 lead', 'sqls')} became an SQL`
      : sentence`${def(sqls === 0 ? 'no leads' : plural(sqls, 'lead'), 'sqls')} became SQLs`;
  const wonText = won === 1 ? '1 was won' : won === 0 ? 'none were won' : `${formatCount(won)} were won`;
  return sentence`In ${label}, ${became} and ${def(wonText, 'won')}.`;
}

/**
 * "Sales has accepted 88% of the 103 people who became MQL in October 2026 so far (cohort view), up from 85% in September."
 */
export function salRateSentence(input: { period: Period; mqls: number; sals: number; previousRate: number | null }): Sentence {
  const { period, mqls, sals, previousRate } = input;
  if (mqls === 0) return sentence`Nobody became MQL in ${period.label}, so there is no SAL rate.`;
  const rate = sals / mqls;
  const people = mqls === 1 ? 'the 1 person who' : `the ${formatCount(mqls)} people who`;
  if (mqls < MIN_CASES) return sentence`Sales has accepted ${formatCount(sals)} of ${people} became MQL in ${period.label} so far (cohort view): ${def('too few to judge', 'sal_rate')}.`;
  return sentence`Sales has accepted ${def(formatPercent(rate), 'sal_rate')} of ${people} became MQL in ${period.label} so far (cohort view), ${rateChangePhrase(rate, previousRate, period.previousLabel)}.`;
}

/**
 * "Sales followed up 71% of the leads handed off in October 2026 within 4 business hours, down from 79% in September;
 * the agreed level is 90%." The rate is met / (met + late + breached): leads still inside their deadline are not counted.
 */
export function followUpSentence(input: {
  period: Period;
  met: number;
  late: number;
  breached: number;
  pending: number;
  previousCompliance?: number | null;
  slaMinutes: number;
  target: number;
}): Sentence {
  const { period, met, late, breached, pending, slaMinutes, target } = input;
  const due = met + late + breached;
  const within = businessDuration(slaMinutes);
  if (due === 0) {
    if (pending === 0) return sentence`No leads were handed off to sales in ${period.label}, so there is no follow-up rate yet.`;
    return sentence`None of the ${plural(pending, 'lead')} handed off in ${period.label} is past its deadline yet, so there is no follow-up rate yet.`;
  }
  if (due < MIN_CASES) {
    return sentence`Sales followed up ${formatCount(met)} of the ${plural(due, 'lead')} due in ${period.label} within ${def(within, 'response_sla')}: ${def('too few to judge', 'compliance')}; the agreed level is ${formatPercent(target)}.`;
  }
  const share = met / due;
  const rate = def(formatPercentAgainst(share, target), 'compliance');
  const change = input.previousCompliance === undefined ? '' : `, ${rateChangePhrase(share, input.previousCompliance, period.previousLabel)}`;
  return sentence`Sales followed up ${rate} of the leads handed off in ${period.label} within ${def(within, 'response_sla')}${change}; the agreed level is ${formatPercent(target)}.`;
}

/**
 * "The median first response took 38 business minutes, against 45 business minutes in September."
 * done: how many first responses the median is of; under MIN_CASES it is too few to judge.
 */
export function medianResponseSentence(input: { period?: Period; median: number | null; previousMedian?: number | null; done?: number }): Sentence {
  const { period, median, previousMedian, done } = input;
  if (median === null) return sentence`No handed-off lead has had a first response yet, so there is no median response time.`;
  const took = def(businessDuration(median), 'median_minutes');
  if (done !== undefined && done < MIN_CASES) return sentence`The median first response took ${took}, from only ${plural(done, 'lead')} answered: too few to judge.`;
  if (!period || previousMedian === undefined) return sentence`The median first response took ${took}.`;
  if (previousMedian === null) return sentence`The median first response took ${took}; there is none for ${period.previousLabel} to compare.`;
  return sentence`The median first response took ${took}, against ${businessDuration(previousMedian)} in ${period.previousLabel}.`;
}

/** Pipeline or revenue of a period by who sourced it, in the reporting currency. */
export interface SourcedAmounts {
  marketing: number;
  sales: number;
  partner: number;
  unknown: number;
}

function total(a: SourcedAmounts): number {
  return a.marketing + a.sales + a.partner + a.unknown;
}

function splitPhrase(a: SourcedAmounts, currency: string): string {
  const all = total(a);
  const others = a.sales + a.partner;
  const marketing = a.marketing === 0 ? 'none marketing-sourced' : `${moneyWords(a.marketing, currency)} (${formatPercent(a.marketing / all)}) marketing-sourced`;
  const rest = others === 0 ? 'none from sales and partners' : `${moneyWords(others, currency)} from sales and partners`;
  const unknown = a.unknown > 0 ? ` and ${moneyWords(a.unknown, currency)} of unknown source` : '';
  return `${marketing}, ${rest}${unknown}`;
}

/**
 * "Opportunities created in October 2026 added $2.0 million of pipeline, up from $1.3 million in September:
 * $1.6 million (79%) marketing-sourced, $436,172 from sales and partners."
 */
export function pipelineSentence(input: { period: Period; current: SourcedAmounts; previous: SourcedAmounts | null; currency: string }): Sentence {
  const { period, current, previous, currency } = input;
  const all = total(current);
  if (all === 0) return sentence`No pipeline was created in ${period.label}.`;
  const change = previous === null ? '' : `, ${moneyChangePhrase(all, total(previous), period.previousLabel, currency)}`;
  return sentence`Opportunities created in ${period.label} added ${def(moneyWords(all, currency), 'pipeline_created')} of pipeline${change}: ${splitPhrase(current, currency)}.`;
}

/** "Revenue won in October 2026 was $48,991, down from $461,379 in September: $48,991 (100%) marketing-sourced, none from sales and partners." */
export function revenueSentence(input: { period: Period; current: SourcedAmounts; previous: SourcedAmounts | null; currency: string }): Sentence {
  const { period, current, previous, currency } = input;
  const all = total(current);
  const change = previous === null ? '' : `, ${moneyChangePhrase(all, total(previous), period.previousLabel, currency)}`;
  if (all === 0) return sentence`No revenue was won in ${period.label}${change}.`;
  return sentence`Revenue won in ${period.label} was ${def(moneyWords(all, currency), 'revenue_won')}${change}: ${splitPhrase(current, currency)}.`;
}

/** "Sales won 3 of the 22 opportunities closed in October 2026 (14% by count, 6% by amount), down from 29% in September." */
export function winRateSentence(input: {
  period: Period;
  won: number;
  lost: number;
  wonAmount: number;
  closedAmount: number;
  previousRate: number | null;
}): Sentence {
  const { period, won, lost, wonAmount, closedAmount, previousRate } = input;
  const closed = won + lost;
  if (closed === 0) return sentence`No opportunity closed in ${period.label}, so there is no win rate.`;
  const of = closed === 1 ? 'the 1 opportunity' : `the ${formatCount(closed)} opportunities`;
  if (closed < MIN_CASES) return sentence`Sales won ${formatCount(won)} of ${of} closed in ${period.label}: too few to judge a ${def('win rate', 'win_rate')}.`;
  const rate = won / closed;
  const byAmount = closedAmount > 0 ? `, ${formatPercent(wonAmount / closedAmount)} by amount` : '';
  return sentence`Sales won ${formatCount(won)} of ${of} closed in ${period.label} (${def(formatPercent(rate), 'win_rate')} by count${byAmount}), ${rateChangePhrase(rate, previousRate, period.previousLabel)}.`;
}

/** "2 of 3 teams reached the agreed level of 90% in October 2026; the lowest was Partners at 61%." */
export function teamsSentence(input: { label: string; teams: Array<{ team: string; compliance: number | null; due?: number }>; target: number }): Sentence {
  const { label, target } = input;
  // Teams with fewer than MIN_CASES due leads are named apart, never ranked.
  const small = input.teams.filter((t) => t.compliance !== null && t.due !== undefined && t.due < MIN_CASES);
  const tooFew = small.length === 0 ? '' : ` Too few to judge: ${small.map((t) => `${t.team} (${plural(t.due!, 'lead')} due)`).join(', ')}.`;
  const rated = input.teams.filter((t): t is { team: string; compliance: number; due?: number } => t.compliance !== null && !small.includes(t));
  if (rated.length === 0) return small.length === 0 ? sentence`No team has a follow-up rate for ${label} yet.` : sentence`No team has enough due leads for a follow-up rate for ${label} yet.${tooFew}`;
  const reached = rated.filter((t) => t.compliance >= target).length;
  const level = `the agreed level of ${formatPercent(target)}`;
  if (rated.length === 1) {
    const only = rated[0]!;
    return sentence`${only.team} ${reached ? 'reached' : 'did not reach'} ${level} in ${label}, at ${def(formatPercentAgainst(only.compliance, target), 'compliance')}.${tooFew}`;
  }
  const head =
    reached === rated.length
      ? `All ${rated.length} teams reached ${level} in ${label}`
      : reached === 0
        ? `None of the ${rated.length} teams reached ${level} in ${label}`
        : `${reached} of ${rated.length} teams reached ${level} in ${label}`;
  const low = Math.min(...rated.map((t) => t.compliance));
  const lowest = rated.filter((t) => formatPercentAgainst(t.compliance, target) === formatPercentAgainst(low, target)).map((t) => t.team);
  const who = lowest.length === 1 ? `the lowest was ${lowest[0]}` : `${lowest.join(' and ')} tied lowest`;
  return sentence`${head}; ${who} at ${def(formatPercentAgainst(low, target), 'compliance')}.${tooFew}`;
}

/**
 * "Routing: 82% of the leads that became MQL in October 2026 reached a rep within 1 business hour (median 3 business minutes).
 * Routing is measured apart, so slow routing is not counted against reps."
 */
export function routingSentence(input: { label: string; met: number; late: number; breached: number; median: number | null; slaMinutes: number }): Sentence {
  const { label, met, late, breached, median, slaMinutes } = input;
  const due = met + late + breached;
  if (due === 0) return sentence`No MQL of ${label} is due for routing yet.`;
  if (due < MIN_CASES) {
    return sentence`Routing: ${formatCount(met)} of the ${plural(due, 'lead')} that became MQL in ${label} reached a rep within ${def(businessDuration(slaMinutes), 'routing_sla')}: too few to judge. Routing is measured apart, so slow routing is not counted against reps.`;
  }
  const medianPart = median === null ? '' : ` (median ${businessDuration(median)})`;
  return sentence`Routing: ${def(formatPercent(met / due), 'compliance')} of the leads that became MQL in ${label} reached a rep within ${def(businessDuration(slaMinutes), 'routing_sla')}${medianPart}. Routing is measured apart, so slow routing is not counted against reps.`;
}

/** "Partners touched 70% of the leads handed to them in October 2026 within 8 business hours; the agreed level is 90%." */
export function partnerSentence(input: { label: string; met: number; late: number; breached: number; slaMinutes: number; target: number }): Sentence {
  const { label, met, late, breached, slaMinutes, target } = input;
  const due = met + late + breached;
  if (due === 0) return sentence`No lead handed to a partner in ${label} is due yet.`;
  if (due < MIN_CASES) {
    return sentence`Partners touched ${formatCount(met)} of the ${plural(due, 'lead')} handed to them in ${label} within ${def(businessDuration(slaMinutes), 'partner_response_sla')}: ${def('too few to judge', 'compliance')}; the agreed level is ${formatPercent(target)}.`;
  }
  return sentence`Partners touched ${def(formatPercentAgainst(met / due, target), 'compliance')} of the leads handed to them in ${label} within ${def(businessDuration(slaMinutes), 'partner_response_sla')}; the agreed level is ${formatPercent(target)}.`;
}

const SLA_DEADLINES: Record<string, string> = {
  response: 'their response deadline with no sales touch',
  disposition: 'their disposition deadline without being accepted, rejected or recycled',
  partner_response: 'their partner response deadline with no partner touch',
  routing: 'their routing deadline without reaching a rep',
};

/**
 * "Right now, 108 leads are past their response deadline with no sales touch and 89 past their disposition deadline …";
 * for one owner: "Right now, 2 of Ana Silva's leads are past their response deadline with no sales touch."
 */
export function breachesNowSentence(counts: Array<{ sla: string; count: number }>, whose = ''): Sentence {
  const open = counts.filter((c) => c.count > 0);
  if (open.length === 0) return whose ? sentence`Right now, none of ${possessive(whose)} leads is past an SLA deadline.` : sentence`Right now, no lead is past an SLA deadline.`;
  const deadline = (sla: string) => SLA_DEADLINES[sla] ?? `the ${sla} deadline`;
  const items = open.map((c, i) => {
    if (i > 0) return sentence`${def(formatCount(c.count), 'breaching_now')} past ${deadline(c.sla)}`;
    const who = whose ? `${formatCount(c.count)} of ${possessive(whose)} leads` : plural(c.count, 'lead');
    return sentence`${def(who, 'breaching_now')} ${c.count === 1 ? 'is' : 'are'} past ${deadline(c.sla)}`;
  });
  return sentence`Right now, ${listOf(items)}.`;
}

const BAND_PHRASES: Record<string, string> = {
  'under 5 min': 'followed up within 5 business minutes',
  '5 to 15 min': 'followed up within 5 to 15 business minutes',
  '15 to 60 min': 'followed up within 15 to 60 business minutes',
  '1 to 4 h': 'followed up within 1 to 4 business hours',
  '4 to 24 h': 'followed up within 4 to 24 business hours',
  'over 24 h': 'followed up after more than 24 business hours',
  never: 'never followed up',
};

/** The band in words: "under 5 min" → "followed up within 5 business minutes". */
export function bandPhrase(band: string): string {
  return BAND_PHRASES[band] ?? `with a first response ${band}`;
}

/** The band as a table row header: "Followed up within 5 business minutes". */
export function bandLabel(band: string): string {
  return capitalize(bandPhrase(band));
}

/**
 * "Leads followed up within 5 business minutes became SQLs 32% of the time, against 9% for leads followed up after more than
 * 24 business hours." Compares the quickest and slowest followed-up bands with at least MIN_CASES leads each ('never' converts
 * badly by definition: nobody spoke to them); fastest first in bands.
 */
export function speedPaysSentence(bands: Array<{ band: string; leads: number; rate: number | null }>): Sentence {
  const judged = bands.filter((b) => b.band !== 'never' && b.leads >= MIN_CASES && b.rate !== null);
  const fastest = judged[0];
  const slowest = judged.at(-1);
  if (!fastest || !slowest || fastest === slowest) {
    return sentence`Too few followed-up leads to compare conversion by response time: it needs two response bands with at least ${MIN_CASES} leads each.`;
  }
  const small = bands.filter((b) => b.band !== 'never' && b.leads > 0 && b.leads < MIN_CASES);
  const left = small.length === 0 ? '' : ` Bands with fewer than ${MIN_CASES} leads are too few to judge and left out of the comparison (${small.map((b) => `${b.band}: ${plural(b.leads, 'lead')}`).join('; ')}).`;
  return sentence`Leads ${bandPhrase(fastest.band)} became SQLs ${def(formatPercent(fastest.rate!), 'band_conversion')} of the time, against ${def(formatPercent(slowest.rate!), 'band_conversion')} for leads ${bandPhrase(slowest.band)}.${left}`;
}

/** "Ana Silva (Inbound East) followed up 87% of the leads handed off in October 2026 within 4 business hours; the agreed level is 90%." */
export function repSentence(input: { name: string; team: string; label: string; met: number; late: number; breached: number; pending: number; slaMinutes: number; target: number }): Sentence {
  const { name, team, label, met, late, breached, pending, slaMinutes, target } = input;
  const due = met + late + breached;
  if (due === 0) {
    return pending === 0
      ? sentence`${name} (${team}) had no leads handed off in ${label}.`
      : sentence`None of the ${plural(pending, 'lead')} handed to ${name} (${team}) in ${label} is past its deadline yet.`;
  }
  if (due < MIN_CASES) {
    return sentence`${name} (${team}) followed up ${formatCount(met)} of the ${plural(due, 'lead')} handed off in ${label} within ${def(businessDuration(slaMinutes), 'response_sla')}: ${def('too few to judge', 'compliance')}; the agreed level is ${formatPercent(target)}.`;
  }
  return sentence`${name} (${team}) followed up ${def(formatPercentAgainst(met / due, target), 'compliance')} of the leads handed off in ${label} within ${def(businessDuration(slaMinutes), 'response_sla')}; the agreed level is ${formatPercent(target)}.`;
}

/** "SDR West's" / "Northwind Partners'": the possessive of a name. */
export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

/** A "what changed" note about a rate: "SDR West's response compliance fell from 80% in September to 55% in October 2026 (25 points)." */
export function rateMoveNote(input: { what: string; from: number; to: number; previousLabel: string; label: string; metric: Parameters<typeof def>[1] }): Sentence {
  const { what, from, to: current, previousLabel, label, metric } = input;
  const verb = current > from ? 'rose' : 'fell';
  return sentence`${what} ${verb} from ${formatPercent(from)} in ${previousLabel} to ${def(formatPercent(current), metric)} in ${label} (${formatPoints(current - from)}).`;
}

/** A "what changed" note about a count: "Partner-sourced MQLs rose from 12 in September to 20 in October 2026 (67% more)." */
export function countMoveNote(input: { subject: string; from: number; to: number; previousLabel: string; label: string; metric: Parameters<typeof def>[1] }): Sentence {
  const { subject, from, to: current, previousLabel, label, metric } = input;
  const verb = current > from ? 'rose' : 'fell';
  const size = from === 0 ? 'up from none' : `${formatPercent(Math.abs(current - from) / from)} ${current > from ? 'more' : 'fewer'}`;
  return sentence`${subject} ${verb} from ${formatCount(from)} in ${previousLabel} to ${def(formatCount(current), metric)} in ${label} (${size}).`;
}

/** A "what changed" note about money: "Marketing-sourced pipeline fell from $1.0 million in September to $0.4 million in October 2026." */
export function moneyMoveNote(input: { subject: string; from: number; to: number; previousLabel: string; label: string; currency: string; metric: Parameters<typeof def>[1] }): Sentence {
  const { subject, from, to: current, previousLabel, label, currency, metric } = input;
  const verb = current > from ? 'rose' : 'fell';
  return sentence`${subject} ${verb} from ${moneyWords(from, currency)} in ${previousLabel} to ${def(moneyWords(current, currency), metric)} in ${label}.`;
}

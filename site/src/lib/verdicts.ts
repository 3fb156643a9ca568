// Verdict-first templates: the one or two sentences that open a page (good or bad against the target, who drives it),
// and the headline tiles under them. Numbers in, sentences and tile facts out; no data, no HTML.
import { businessDuration, formatCount, formatPercent, formatPercentAgainst, formatPoints, plural } from './format.ts';
import type { MetricKey } from './metrics.ts';
import { def, sentence, type Part, type Sentence } from './sentence.ts';

/** Fewer cases than this and a rate or median is shown with its count and "too few to judge". */
export const MIN_CASES = 10;

export type Status = 'on track' | 'off track' | 'too few to judge' | 'no target';

/** A number in a sentence that opens the leads behind it (href) and keeps its definition one click away (metric). */
export function leads(text: string, metric: MetricKey, href: string | null): Part {
  return href ? { text, metric, href } : def(text, metric);
}

/** Whether a rate meets its target, or cannot be judged from so few cases. */
export function rateStatus(rate: number | null, target: number | null, cases: number): Status {
  if (rate === null || cases < MIN_CASES) return 'too few to judge';
  if (target === null) return 'no target';
  return rate >= target ? 'on track' : 'off track';
}

function statusWord(status: Status): string {
  return status === 'on track' ? 'On track' : status === 'off track' ? 'Off track' : status === 'no target' ? 'No target set' : 'Too few to judge';
}

/** A team's (or rep's) response figures for naming who drives a verdict. */
export interface Driver {
  name: string;
  met: number;
  due: number;
  medianMinutes: number | null;
}

function driverPhrase(d: Driver, target: number): string {
  const median = d.medianMinutes === null ? '' : `, median first response ${businessDuration(d.medianMinutes)}`;
  return `${formatPercentAgainst(d.met / d.due, target)} of ${formatCount(d.due)} in time${median}`;
}

/**
 * The follow-up verdict: "Off track: sales followed up 58% of the 207 leads due in October 2026 within 4 business hours,
 * against a target of 90% (120 in time, 40 late, 47 never touched). SDR West drives it: 12% of 90, median first response
 * 11.8 business hours, against SDR East 97% of 117, median 15 business minutes."
 * Teams with fewer than MIN_CASES due leads are not named as drivers.
 */
export function followUpVerdict(input: {
  label: string;
  met: number;
  late: number;
  breached: number;
  slaMinutes: number;
  target: number;
  hrefs: { met: string | null; late: string | null; breached: string | null };
  teams: Driver[];
  who?: string;
}): Sentence[] {
  const { label, met, late, breached, slaMinutes, target, hrefs } = input;
  const who = input.who ?? 'sales';
  const due = met + late + breached;
  const goal = `a target of ${formatPercent(target)}`;
  if (due < MIN_CASES) {
    return [
      sentence`Too few to judge: only ${plural(due, 'lead')} handed to ${who} in ${label} ${due === 1 ? 'was' : 'were'} due for a first touch within ${def(businessDuration(slaMinutes), 'response_sla')} (${goal}).`,
    ];
  }
  const rate = met / due;
  const status = rate >= target ? 'On track' : 'Off track';
  const parts = sentence`(${leads(formatCount(met), 'met', hrefs.met)} in time, ${leads(formatCount(late), 'late', hrefs.late)} late, ${leads(formatCount(breached), 'breached', hrefs.breached)} not touched by the deadline)`;
  const first = sentence`${status}: ${who} followed up ${def(formatPercentAgainst(rate, target), 'compliance')} of the leads due in ${label} within ${def(businessDuration(slaMinutes), 'response_sla')}, against ${goal} ${parts}.`;
  const judged = input.teams.filter((t) => t.due >= MIN_CASES).sort((a, b) => a.met / a.due - b.met / b.due || a.name.localeCompare(b.name, 'en'));
  if (judged.length < 2) return [first];
  const worst = judged[0]!;
  const best = judged.at(-1)!;
  if (worst.met / worst.due === best.met / best.due) return [first, sentence`All ${judged.length} teams are tied at ${formatPercent(worst.met / worst.due)}.`];
  const verb = rate >= target ? 'holds it back' : 'drives it';
  return [first, sentence`${worst.name} ${verb}: ${driverPhrase(worst, target)}; the best team, ${best.name}: ${driverPhrase(best, target)}.`];
}

/**
 * Marketing's side of the agreement: "On track: marketing delivered 412 MQLs in October 2026 against a target of 400 (3% above)."
 */
export function mqlVerdict(input: { label: string; mqls: number | null; target: number | null; href: string | null }): Sentence {
  const { label, mqls, target, href } = input;
  if (mqls === null) return sentence`There is no MQL data for ${label} yet.`;
  const count = leads(plural(mqls, 'MQL'), 'mqls', href);
  if (target === null) return sentence`No target set: marketing delivered ${count} in ${label}; set a monthly MQL target to judge it.`;
  const gap = target === 0 ? '' : ` (${formatPercent(Math.abs(mqls - target) / target)} ${mqls >= target ? 'above' : 'below'})`;
  return sentence`${mqls >= target ? 'On track' : 'Off track'}: marketing delivered ${count} in ${label} against a ${def(`target of ${formatCount(target)}`, 'mql_target')}${gap}.`;
}

/** The scorecard's opening: whichever side of the agreement is off track comes first, the driver right after follow-up. */
export function scorecardVerdict(followUp: Sentence[], mql: Sentence): Sentence[] {
  const offTrack = (s: Sentence) => typeof s[0] === 'string' && s[0].startsWith('Off track');
  return offTrack(followUp[0]!) || !offTrack(mql) ? [...followUp, mql] : [mql, ...followUp];
}

/** One headline tile: value, target, status in words, change against the period before, and a 12-month series. */
export interface Tile {
  label: string;
  value: string;
  href: string | null;
  metric: MetricKey;
  target: string;
  status: Status;
  change: string;
  /** Oldest first; null where the month has no value. */
  series: Array<number | null>;
  /** The target as a number on the series' scale, for the sparkline's line. */
  targetValue: number | null;
  seriesLabel: string;
}

/** "up 5 points from September", "down 12 from September", "no figure for September". */
export function changePhrase(current: number | null, previous: number | null, previousLabel: string, kind: 'rate' | 'count' | 'minutes'): string {
  if (current === null || previous === null) return `no figure for ${previousLabel} to compare`;
  if (kind === 'rate') {
    const points = Math.round((current - previous) * 100);
    return points === 0 ? `about the same as ${previousLabel}` : `${points > 0 ? 'up' : 'down'} ${formatPoints(current - previous)} on ${previousLabel}`;
  }
  if (current === previous) return `the same as ${previousLabel}`;
  const diff = Math.abs(current - previous);
  const size = kind === 'minutes' ? businessDuration(diff).replace('business ', '') : formatCount(diff);
  return `${current > previous ? 'up' : 'down'} ${size} on ${previousLabel}`;
}


/**
 * The campaigns verdict against break-even (an ROI of 0% is the target): "Off track: the 9 campaigns with a known cost
 * returned −20% under the linear model ($195,000 of revenue on $243,900 of cost); 4 of 9 paid back their cost."
 */
export function campaignsVerdict(input: { model: string; cost: number; revenue: number; paidBack: number; campaigns: number; currency: string; money: (n: number) => string }): Sentence {
  const { model, cost, revenue, paidBack, campaigns, money } = input;
  if (campaigns === 0 || cost === 0) return sentence`No campaign has a recorded cost, so no ROI can be judged against break-even.`;
  const roi = (revenue - cost) / cost;
  const signed = `${roi >= 0 ? '+' : '−'}${formatPercent(Math.abs(roi))}`;
  const status = roi >= 0 ? 'On track' : 'Off track';
  const set = campaigns === 1 ? 'the 1 campaign' : `the ${formatCount(campaigns)} campaigns`;
  return sentence`${status}: ${set} with a known cost returned ${def(signed, 'roi')} under the ${model} model against a break-even target of 0% (${money(revenue)} of attributed revenue on ${money(cost)} of cost); ${formatCount(paidBack)} of ${formatCount(campaigns)} paid back their cost.`;
}

/**
 * The lead-quality verdict: no target is configured for rejections, so the month is judged against the 12 months
 * before it: "Worse than usual: sales rejected 46 of the 412 MQLs of October 2026 (11%), against 9% over the 12 months
 * to September 2026; the most common reason in the last 12 months was Student / not a buyer."
 */
export function leadQualityVerdict(input: { label: string; rejected: number; mqls: number; baselineRejected: number; baselineMqls: number; baselineLabel: string; href: string | null; topReason: string | null }): Sentence {
  const { label, rejected, mqls, baselineRejected, baselineMqls, baselineLabel, href, topReason } = input;
  const reason = topReason ? `; the most common reason in the last 12 months was ${topReason}` : '';
  if (mqls < MIN_CASES || baselineMqls < MIN_CASES) {
    return sentence`Too few to judge: ${leads(plural(rejected, 'lead'), 'rejected', href)} rejected by sales in ${label}, from ${plural(mqls, 'MQL')}${reason}.`;
  }
  const rate = rejected / mqls;
  const usual = baselineRejected / baselineMqls;
  const status = Math.round(rate * 100) === Math.round(usual * 100) ? 'As usual' : rate > usual ? 'Worse than usual' : 'Better than usual';
  return sentence`${status}: sales rejected ${leads(formatCount(rejected), 'rejected', href)} leads in ${label}, ${formatPercent(rate)} of the month's ${formatCount(mqls)} MQLs, against ${formatPercent(usual)} over ${baselineLabel} (no rejection target is set, so the past year is the benchmark)${reason}.`;
}

/**
 * The current month so far, labelled as partial: "November 2026 so far (partial, to 20 November): 45 MQLs; sales followed up
 * 60% of the 20 leads due within 4 business hours." Null when the data has nothing for the month yet.
 */
export function monthToDateSentence(input: {
  label: string;
  through: string;
  mqls: number | null;
  mqlsHref: string | null;
  met: number;
  due: number;
  slaMinutes: number;
}): Sentence | null {
  const { label, through, mqls, mqlsHref, met, due, slaMinutes } = input;
  if (mqls === null && due === 0) return null;
  const delivered = mqls === null ? 'no MQLs yet' : leads(plural(mqls, 'MQL'), 'mqls', mqlsHref);
  const rate =
    due === 0
      ? sentence`no handed-off lead is past its deadline yet`
      : due < MIN_CASES
        ? sentence`sales followed up ${formatCount(met)} of ${plural(due, 'lead')} due within ${def(businessDuration(slaMinutes), 'response_sla')} (too few to judge)`
        : sentence`sales followed up ${def(formatPercent(met / due), 'compliance')} of the ${plural(due, 'lead')} due within ${def(businessDuration(slaMinutes), 'response_sla')}`;
  return sentence`${label} so far (partial month, to ${through}): ${delivered}; ${rate}.`;
}

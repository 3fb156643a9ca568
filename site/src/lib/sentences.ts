// Plain-English sentence templates: numbers in, one sentence out. No data, no model, no HTML.
import {
  businessDuration,
  formatCount,
  formatPercent,
  formatPercentAgainst,
  monthName,
  monthOnly,
  plural,
} from './format.ts';

// "September" when it is in the same year as the month being described, else "December 2025".
function comparedMonth(month: string, previousMonth: string): string {
  return month.slice(0, 4) === previousMonth.slice(0, 4) ? monthOnly(previousMonth) : monthName(previousMonth);
}

/**
 * How a count moved since the month before: "8% more than in September", "the same as in
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

/** "Marketing delivered 412 MQLs in October 2026, 8% more than in September." */
export function mqlSentence(input: {
  month: string;
  mqls: number | null;
  previousMonth: string;
  previousMqls: number | null;
}): string {
  const { month, mqls, previousMonth, previousMqls } = input;
  if (mqls === null) return `There is no MQL data for ${monthName(month)} yet.`;
  const delivered = mqls === 0 ? 'no MQLs' : plural(mqls, 'MQL');
  const head = `Marketing delivered ${delivered} in ${monthName(month)}`;
  if (previousMqls === null) return `${head}.`;
  return `${head}, ${changeSincePhrase(mqls, previousMqls, comparedMonth(month, previousMonth))}.`;
}

/** "In October 2026, 96 leads became SQLs and 21 were won." (period view: people reaching each stage that month) */
export function sqlSentence(input: { month: string; sqls: number | null; won: number | null }): string {
  const { month, sqls, won } = input;
  if (sqls === null || won === null) return `There is no SQL or won data for ${monthName(month)} yet.`;
  const became = sqls === 1 ? '1 lead became an SQL' : `${sqls === 0 ? 'no leads' : plural(sqls, 'lead')} became SQLs`;
  const wonPart = won === 1 ? '1 was won' : won === 0 ? 'none were won' : `${formatCount(won)} were won`;
  return `In ${monthName(month)}, ${became} and ${wonPart}.`;
}

/**
 * "Sales followed up 71% of handed-off leads within 4 business hours; the agreed level is 90%."
 * The rate is met / (met + late + breached): leads still inside their deadline are not counted yet.
 */
export function followUpSentence(input: {
  month: string;
  met: number;
  late: number;
  breached: number;
  pending: number;
  slaMinutes: number;
  target: number;
}): string {
  const { month, met, late, breached, pending, slaMinutes, target } = input;
  const due = met + late + breached;
  const within = businessDuration(slaMinutes);
  if (due === 0) {
    if (pending === 0) return `No leads were handed off to sales in ${monthName(month)}, so there is no follow-up rate yet.`;
    return `None of the ${plural(pending, 'lead')} handed off in ${monthName(month)} is past its deadline yet, so there is no follow-up rate yet.`;
  }
  const share = met / due;
  return `Sales followed up ${formatPercentAgainst(share, target)} of handed-off leads within ${within}; the agreed level is ${formatPercent(target)}.`;
}

/** "The median first response took 38 business minutes." */
export function medianResponseSentence(medianMinutes: number | null): string {
  if (medianMinutes === null) return 'No handed-off lead has had a first response yet, so there is no median response time.';
  return `The median first response took ${businessDuration(medianMinutes)}.`;
}

/**
 * Per-rep medians cannot be combined into one median, so with several reps the scorecard
 * gives their range: "Each rep's median first response was between 12 and 45 business minutes."
 */
export function repMedianRangeSentence(repMedians: Array<number | null>): string {
  const known = repMedians.filter((m): m is number => m !== null);
  if (known.length === 0) return medianResponseSentence(null);
  if (known.length === 1) return medianResponseSentence(known[0]!);
  const lowMinutes = Math.min(...known);
  const highMinutes = Math.max(...known);
  const low = businessDuration(lowMinutes);
  const high = businessDuration(highMinutes);
  if (low === high) return `Every rep's median first response took ${high}.`;
  const sameUnit = lowMinutes < 59.5 === highMinutes < 59.5;
  return `Each rep's median first response was between ${sameUnit ? low.split(' ')[0] : low} and ${high}.`;
}

/** "2 of 3 teams reached the agreed level of 90% in October 2026; the lowest was Partners at 61%." */
export function teamsSentence(input: {
  month: string;
  teams: Array<{ team: string; compliance: number | null }>;
  target: number;
}): string {
  const { month, target } = input;
  const rated = input.teams.filter((t): t is { team: string; compliance: number } => t.compliance !== null);
  if (rated.length === 0) return `No team has a follow-up rate for ${monthName(month)} yet.`;
  const reached = rated.filter((t) => t.compliance >= target).length;
  const level = `the agreed level of ${formatPercent(target)}`;
  if (rated.length === 1) {
    const only = rated[0]!;
    return `${only.team} ${reached ? 'reached' : 'did not reach'} ${level} in ${monthName(month)}, at ${formatPercentAgainst(only.compliance, target)}.`;
  }
  const head =
    reached === rated.length
      ? `All ${rated.length} teams reached ${level} in ${monthName(month)}`
      : reached === 0
        ? `None of the ${rated.length} teams reached ${level} in ${monthName(month)}`
        : `${reached} of ${rated.length} teams reached ${level} in ${monthName(month)}`;
  const lowest = rated.reduce((a, b) => (b.compliance < a.compliance ? b : a));
  return `${head}; the lowest was ${lowest.team} at ${formatPercentAgainst(lowest.compliance, target)}.`;
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

/**
 * "Leads followed up within 5 business minutes became SQLs 32% of the time, against 4% for leads never followed up."
 * fastest and slowest are the quickest and slowest bands that have leads.
 */
export function speedPaysSentence(
  fastest: { band: string; conversionRate: number | null } | null,
  slowest: { band: string; conversionRate: number | null } | null,
): string {
  if (!fastest || !slowest || fastest.conversionRate === null || slowest.conversionRate === null || fastest.band === slowest.band) {
    return 'There are not enough followed-up leads yet to compare conversion by response time.';
  }
  return `Leads ${bandPhrase(fastest.band)} became SQLs ${formatPercent(fastest.conversionRate)} of the time, against ${formatPercent(slowest.conversionRate)} for leads ${bandPhrase(slowest.band)}.`;
}

// Plain-English templates for the funnel and data health pages: numbers in, one sentence out.
import { formatCount, formatDays, formatPercent, plural } from './format.ts';
import { def, listOf, sentence, type Sentence } from './sentence.ts';
import { MIN_CASES } from './verdicts.ts';

/**
 * "Of the 122 people who became MQL in September 2026, sales has accepted 89%, qualified 29% and won 2 so far (cohort view)."
 */
export function cohortSentence(input: { label: string; mqls: number; sals: number; sqls: number; won: number }): Sentence {
  const { label, mqls, sals, sqls, won } = input;
  if (mqls === 0) return sentence`Nobody became MQL in ${label}.`;
  if (mqls < MIN_CASES) {
    return sentence`Of the ${plural(mqls, 'person', 'people')} who became MQL in ${label}, sales has accepted ${def(formatCount(sals), 'sal_rate')}, qualified ${def(formatCount(sqls), 'mql_to_sql_rate')} and won ${def(formatCount(won), 'won')} so far (cohort view): too few to judge a rate.`;
  }
  return sentence`Of the ${plural(mqls, 'person', 'people')} who became MQL in ${label}, sales has accepted ${def(formatPercent(sals / mqls), 'sal_rate')}, qualified ${def(formatPercent(sqls / mqls), 'mql_to_sql_rate')} and won ${def(formatCount(won), 'won')} so far (cohort view).`;
}

/**
 * "For that cohort, the median time from MQL to SQL was 6.7 days, and 9 in 10 were qualified within 13.6 days."
 * sqls: how many of the cohort were qualified (the times the median is of); under MIN_CASES it is too few to judge.
 */
export function velocitySentence(input: { median: number | null; p90: number | null; sqls?: number }): Sentence {
  const { median, p90, sqls } = input;
  if (median === null) return sentence`None of that cohort has been qualified yet, so there is no time to SQL.`;
  if (sqls !== undefined && sqls < MIN_CASES) {
    return sentence`For that cohort, the median time from MQL to SQL was ${def(formatDays(median), 'days_mql_to_sql')}, from only ${plural(sqls, 'SQL')}: too few to judge.`;
  }
  const nine = p90 === null ? '' : `, and 9 in 10 of them within ${formatDays(p90)}`;
  return sentence`For that cohort, the median time from MQL to SQL was ${def(formatDays(median), 'days_mql_to_sql')}${nine}.`;
}

/**
 * "Of the 1,100 people who became MQL from November 2025 to October 2026, 80 were never accepted, 95 never touched,
 * 600 rejected, 180 recycled and 70 stalled (a lead can leak in more than one way)."
 */
export function leakageSentence(input: { label: string; mqls: number; neverAccepted: number; neverTouched: number; rejected: number; recycled: number; stalled: number }): Sentence {
  const { label, mqls, neverAccepted, neverTouched, rejected, recycled, stalled } = input;
  if (mqls === 0) return sentence`Nobody became MQL from ${label}, so nothing leaked.`;
  const items = listOf([
    sentence`${def(formatCount(neverAccepted), 'never_accepted')} were never accepted`,
    sentence`${def(formatCount(neverTouched), 'never_touched')} never touched`,
    sentence`${def(formatCount(rejected), 'cohort_rejected')} rejected`,
    sentence`${def(formatCount(recycled), 'cohort_recycled')} recycled`,
    sentence`${def(formatCount(stalled), 'stalled')} stalled`,
  ]);
  return sentence`Of the ${plural(mqls, 'person', 'people')} who became MQL from ${label}, ${items} (cohort view; a lead can leak in more than one way).`;
}

/** "In October 2026, 900 people showed activity only, 200 became MQL and 150 had a first sales conversation." */
export function activitySentence(input: { label: string; activityOnly: number; mqls: number; conversations: number }): Sentence {
  const { label, activityOnly, mqls, conversations } = input;
  return sentence`In ${label}, ${def(plural(activityOnly, 'person', 'people'), 'activity_only')} showed activity only (opens, clicks, downloads), ${def(formatCount(mqls), 'mqls')} became MQL and ${def(formatCount(conversations), 'first_conversations')} had a first sales conversation.`;
}

/** "Last night 11 export files were loaded: 28,634 rows read, 28,634 loaded and none quarantined; no file was unreadable." */
export function loadsSentence(input: { files: number; read: number; loaded: number; quarantined: number; unreadable: string[] }): Sentence {
  const { files, read, loaded, quarantined, unreadable } = input;
  if (files === 0) return sentence`No export file was loaded.`;
  const q = quarantined === 0 ? 'none quarantined' : `${formatCount(quarantined)} quarantined with a reason`;
  const bad =
    unreadable.length === 0
      ? 'no file was unreadable'
      : `${unreadable.length === 1 ? '1 file could not be read' : `${formatCount(unreadable.length)} files could not be read`}: ${unreadable.join(', ')}`;
  return sentence`The night loaded ${def(plural(files, 'export file'), 'export_load')}: ${formatCount(read)} rows read, ${formatCount(loaded)} loaded and ${q}; ${bad}.`;
}

/** "1 export is more than 7 days old: salesforce user (180.7 days)." */
export function staleSentence(stale: Array<{ name: string; days: number }>, limitDays: number): Sentence {
  if (stale.length === 0) return sentence`Every export is less than ${plural(limitDays, 'day')} old.`;
  const names = stale.map((s) => `${s.name} (${formatDays(s.days)})`).join(', ');
  return sentence`${stale.length === 1 ? '1 export is' : `${formatCount(stale.length)} exports are`} more than ${plural(limitDays, 'day')} old: ${names}.`;
}

/** "All 17 data tests passed." / "2 of 17 data tests failed: unique person_id on leads, …" */
export function testsSentence(tests: Array<{ name: string; passed: boolean }>): Sentence {
  if (tests.length === 0) return sentence`No data tests ran.`;
  const failed = tests.filter((t) => !t.passed);
  if (failed.length === 0) return sentence`All ${def(plural(tests.length, 'data test'), 'data_test')} passed.`;
  return sentence`${formatCount(failed.length)} of ${def(plural(tests.length, 'data test'), 'data_test')} failed: ${failed.map((t) => t.name).join('; ')}.`;
}

/** The objects anomalies are counted in whose plural is not singular + "s". */
const IRREGULAR_PLURALS: Record<string, string> = { person: 'people', opportunity: 'opportunities', activity: 'activities' };

/**
 * "The night found 2 kinds of data anomaly and went on: close date before creation (3 opportunities, e.g. 006…);
 * stage times out of order (1 person). Each is kept out of only the numbers it would falsify."
 */
export function anomaliesSentence(anomalies: Array<{ name: string; records: number; object: string; examples: string | null }>): Sentence {
  if (anomalies.length === 0) return sentence`No data anomaly was found.`;
  const list = anomalies
    .map((a) => `${a.name} (${plural(a.records, a.object, IRREGULAR_PLURALS[a.object])}${a.examples ? `, e.g. ${a.examples.split(', ')[0]}` : ''})`)
    .join('; ');
  return sentence`The night found ${def(plural(anomalies.length, 'kind of data anomaly', 'kinds of data anomaly'), 'data_anomaly')} and went on: ${list}. Each is kept out of only the numbers it would falsify.`;
}

/** "1 file the exports need did not arrive: User.csv (salesforce): owners are known only by id …." */
export function missingExportsSentence(missing: Array<{ file: string; source: string; without: string }>): Sentence {
  if (missing.length === 0) return sentence`Every file the numbers need arrived.`;
  const list = missing.map((m) => `${m.file} (${m.source}): ${m.without}`).join('; ');
  return sentence`${def(missing.length === 1 ? '1 file the numbers need' : `${formatCount(missing.length)} files the numbers need`, 'missing_export')} did not arrive, so: ${list}.`;
}

/** "1 lead status value maps to no funnel stage: MQL - Open (8,000 people, acme)." */
export function unmappedStatusSentence(values: Array<{ value: string; people: number; source: string }>): Sentence {
  if (values.length === 0) return sentence`Every lead status value maps to a funnel stage.`;
  const list = values.map((v) => `${v.value} (${plural(v.people, 'person', 'people')}, ${v.source})`).join(', ');
  return sentence`${def(values.length === 1 ? '1 lead status value maps' : `${formatCount(values.length)} lead status values map`, 'unmapped_status')} to no funnel stage, so those people stay at inquiry: ${list}. Add ${values.length === 1 ? 'it' : 'them'} to the stage map in the config.`;
}

/** "1 lead source value maps to no source category: Purchased List (53 people)." */
export function unmappedSentence(values: Array<{ value: string; people: number }>): Sentence {
  if (values.length === 0) return sentence`Every lead source value maps to a source category.`;
  const list = values.map((v) => `${v.value} (${plural(v.people, 'person', 'people')})`).join(', ');
  return sentence`${def(values.length === 1 ? '1 lead source value maps' : `${formatCount(values.length)} lead source values map`, 'unmapped_lead_source')} to no source category: ${list}. Add ${values.length === 1 ? 'it' : 'them'} to source_categories in the config.`;
}

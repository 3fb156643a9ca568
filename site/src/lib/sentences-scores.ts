// Plain-English templates for the lead score calibration: does a higher score convert better, and does the MQL threshold separate?
import { formatCount, formatPercent } from './format.ts';
import { def, sentence, type Sentence } from './sentence.ts';

/** Fewer leads than this in a band (or on a side of the threshold) is too few to judge a rate by. */
export const MIN_LEADS_TO_JUDGE = 10;

/** One score band as the sentences need it: how it is bounded, how many MQLs, how many became SQL. */
export interface ScoreBand {
  band: string;
  isDecile: boolean;
  min: number | null;
  max: number | null;
  mqls: number;
  sqls: number;
}

/** Less than this many percentage points between just above and just below the threshold "barely separates". */
const SEPARATES_BY = 0.05;

const points = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(n);

/** "scored 80 or more", "scored under 40", "scored 40 to under 80"; deciles by the scores found in them. */
export function bandWords(band: ScoreBand, end: 'top' | 'bottom' | 'middle'): string {
  if (band.isDecile) {
    const which = end === 'top' ? 'the top decile' : end === 'bottom' ? 'the bottom decile' : band.band;
    const range = end === 'top' ? `${points(band.min!)} or more` : end === 'bottom' ? `${points(band.max!)} or less` : `${points(band.min!)} to ${points(band.max!)}`;
    return `in ${which} (scored ${range})`;
  }
  if (band.max === null) return `scored ${points(band.min!)} or more`;
  if (end === 'bottom') return `scored under ${points(band.max)}`;
  return `scored ${points(band.min!)} to under ${points(band.max)}`;
}

/** How well an AUC ranks, in words. */
export function rankingWords(auc: number): string {
  if (auc >= 0.8) return 'ranks very well';
  if (auc >= 0.7) return 'ranks well';
  if (auc >= 0.6) return 'ranks only modestly';
  if (auc > 0.5) return 'ranks hardly better than chance';
  return 'does not rank at all';
}

// "became SQLs 3.1 times as often as", or the rates side by side when a ratio would mislead.
function comparison(top: ScoreBand, bottom: ScoreBand): Sentence {
  const high = top.sqls / top.mqls;
  const low = bottom.sqls / bottom.mqls;
  const rates = `(${formatPercent(high)} vs ${formatPercent(low)})`;
  if (low === 0) return sentence`became ${def('SQLs', 'score_calibration')} ${rates}; leads ${bandWords(bottom, 'bottom')} never did`;
  const ratio = high / low;
  if (ratio >= 1.1) return sentence`became ${def('SQLs', 'score_calibration')} ${ratio.toFixed(1)} times as often as leads ${bandWords(bottom, 'bottom')} ${rates}`;
  if (ratio > 1 / 1.1) return sentence`became ${def('SQLs', 'score_calibration')} about as often as leads ${bandWords(bottom, 'bottom')} ${rates}`;
  return sentence`became ${def('SQLs', 'score_calibration')} less often than leads ${bandWords(bottom, 'bottom')} ${rates}`;
}

/**
 * Marketing's verdict on the score: "Leads scored 80 or more became SQLs 3.1 times as often as leads
 * under 40 (31% vs 10%); the score ranks well (0.74) but the MQL threshold at 50 barely separates:
 * 11% just above vs 10% just below."
 */
export function scoreVerdictSentence(input: {
  bands: ScoreBand[];
  auc: number | null;
  threshold: { at: number; above: { mqls: number; sqls: number }; below: { mqls: number; sqls: number } } | null;
}): Sentence {
  const { bands, auc, threshold } = input;
  if (bands.length === 0) return sentence`No MQL has a lead score, so there is nothing to calibrate; name the score column in the config (scoring.score_columns).`;
  const bottom = bands[0]!;
  const top = bands.at(-1)!;
  const head =
    bands.length < 2
      ? sentence`Every scored MQL falls in one score band, so the score cannot be compared across bands`
      : top.mqls < MIN_LEADS_TO_JUDGE || bottom.mqls < MIN_LEADS_TO_JUDGE
        ? sentence`Too few to judge whether higher scores convert better: ${formatCount(top.mqls)} leads ${bandWords(top, 'top')} and ${formatCount(bottom.mqls)} ${bandWords(bottom, 'bottom')} (at least ${MIN_LEADS_TO_JUDGE} in each are needed)`
        : sentence`Leads ${bandWords(top, 'top')} ${comparison(top, bottom)}`;
  const ranking = auc === null ? null : sentence`the score ${def(rankingWords(auc), 'score_ranking')} (${auc.toFixed(2)})`;
  const check = threshold === null ? null : thresholdClause(threshold);
  if (!ranking && !check) return sentence`${head}.`;
  if (ranking && !check) return sentence`${head}; ${ranking}.`;
  if (!ranking) return sentence`${head}; ${check!.words}.`;
  const joint = (auc! >= 0.7) === check!.separates ? 'and' : 'but';
  return sentence`${head}; ${ranking} ${joint} ${check!.words}.`;
}

// "the MQL threshold at 50 barely separates: 11% just above vs 10% just below", or too few to judge.
function thresholdClause(t: { at: number; above: { mqls: number; sqls: number }; below: { mqls: number; sqls: number } }): { words: Sentence; separates: boolean } {
  const name = def(`the MQL threshold at ${points(t.at)}`, 'score_threshold');
  if (t.above.mqls < MIN_LEADS_TO_JUDGE || t.below.mqls < MIN_LEADS_TO_JUDGE) {
    return { words: sentence`there are too few leads near ${name} to judge it (${formatCount(t.above.mqls)} just above, ${formatCount(t.below.mqls)} just below)`, separates: false };
  }
  const above = t.above.sqls / t.above.mqls;
  const below = t.below.sqls / t.below.mqls;
  const separates = above - below >= SEPARATES_BY;
  const rates = `${formatPercent(above)} just above vs ${formatPercent(below)} just below`;
  return { words: separates ? sentence`${name} separates: ${rates}` : sentence`${name} barely separates: ${rates}`, separates };
}

/** Says when scores are the current ones, not the score at MQL: "Scores of 250 of 400 scored MQLs are their current score …". */
export function currentScoreSentence(input: { mqls: number; withHistory: number }): Sentence {
  const currentOnly = input.mqls - input.withHistory;
  if (input.mqls === 0 || currentOnly === 0) return [];
  const which = currentOnly === input.mqls ? `All ${formatCount(input.mqls)} scored MQLs are judged` : `${formatCount(currentOnly)} of ${formatCount(input.mqls)} scored MQLs are judged`;
  return sentence`${which} by their ${def('current score', 'score_at_mql')}, not the score they had when they became MQL: the export has no score history for them, and a score may have moved since.`;
}

/** Says how many MQLs carry no score and are left out: "69 of 1,700 MQLs have no score and are left out of the calibration." */
export function unscoredSentence(input: { mqls: number; scored: number }): Sentence {
  const unscored = input.mqls - input.scored;
  if (unscored === 0 || input.scored === 0) return [];
  return sentence`${formatCount(unscored)} of ${formatCount(input.mqls)} MQLs have no score and are left out of the calibration.`;
}

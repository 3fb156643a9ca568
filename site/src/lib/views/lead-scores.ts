// The lead quality page's score calibration: the verdict on the score, conversion by band with intervals, the threshold check, AUC by month.
import type { ChartSpec } from '../chart.ts';
import { formatCount, formatPercent, monthName } from '../format.ts';
import { pages } from '../paths.ts';
import { sourceCategories, type ScoreCalibrationRow, type SiteData } from '../schema.ts';
import type { Sentence } from '../sentence.ts';
import { currentScoreSentence, MIN_LEADS_TO_JUDGE, scoreVerdictSentence, unscoredSentence, type ScoreBand } from '../sentences-scores.ts';
import { cell, type Cell, type Table } from '../table.ts';

const TOO_FEW = 'too few to judge';
const CATEGORY_LABELS = { marketing: 'Marketing-sourced', sales: 'Sales-sourced', partner: 'Partner-sourced', unknown: 'Source unknown' } as const;

/** A band's scores in words for tables: "under 40", "decile 3 (25 to 31)". */
export function bandLabel(row: Pick<ScoreCalibrationRow, 'score_band' | 'band_min_score' | 'band_max_score'>): string {
  const band = row.score_band ?? '';
  if (!band.startsWith('decile')) return band;
  return `${band} (${row.band_min_score} to ${row.band_max_score})`;
}

// A rate cell, or "too few to judge" under 10 leads.
function rateCell(row: ScoreCalibrationRow, rate: number | null): Cell {
  return row.mqls < MIN_LEADS_TO_JUDGE ? { text: TOO_FEW, value: null, unit: '%' } : cell.percent(rate);
}

function intervalCell(row: ScoreCalibrationRow, low: number | null, high: number | null): Cell {
  if (row.mqls < MIN_LEADS_TO_JUDGE || low === null || high === null) return { text: row.mqls < MIN_LEADS_TO_JUDGE ? TOO_FEW : '', value: null };
  return { text: `${formatPercent(low)} to ${formatPercent(high)}`, value: `${Math.round(low * 1000) / 10}–${Math.round(high * 1000) / 10}`, unit: '%' };
}

const aucCell = (auc: number): Cell => ({ text: auc.toFixed(2), value: Math.round(auc * 1000) / 1000 });

function toBand(row: ScoreCalibrationRow): ScoreBand {
  return { band: row.score_band!, isDecile: row.score_band!.startsWith('decile'), min: row.band_min_score, max: row.band_max_score, mqls: row.mqls, sqls: row.sqls };
}

/** Everything the score part of the lead quality page shows; null when no MQL has a score. */
export function leadScoresView(data: SiteData) {
  const rows = data.scoreCalibration;
  const bands = rows.filter((r) => r.measure === 'band' && r.source_category === 'all').sort((a, b) => a.band_order! - b.band_order!);
  const [below, above] = [1, 2].map((order) => rows.find((r) => r.measure === 'threshold' && r.band_order === order));
  const overall = rows.find((r) => r.measure === 'ranking' && r.month === null) ?? null;
  const monthly = rows.filter((r) => r.measure === 'ranking' && r.month !== null).sort((a, b) => a.month!.localeCompare(b.month!));
  const thresholdAt = above?.band_min_score ?? below?.band_max_score ?? null;
  const threshold = thresholdAt === null ? null : {
    at: thresholdAt,
    above: { mqls: above?.mqls ?? 0, sqls: above?.sqls ?? 0 },
    below: { mqls: below?.mqls ?? 0, sqls: below?.sqls ?? 0 },
  };
  const sources = data.scoreSources.reduce((t, s) => ({ mqls: t.mqls + s.mqls, scored: t.scored + s.scored, withHistory: t.withHistory + s.with_history }), { mqls: 0, scored: 0, withHistory: 0 });
  const verdict: Sentence[] = [
    scoreVerdictSentence({ bands: bands.map(toBand), auc: overall?.auc ?? null, threshold }),
    currentScoreSentence({ mqls: sources.scored, withHistory: sources.withHistory }),
    unscoredSentence({ mqls: sources.mqls, scored: sources.scored }),
  ].filter((s) => s.length > 0);
  if (bands.length === 0) return { verdict, byBand: null, bySource: null, chart: null, thresholdTable: null, ranking: null };

  const byBand: Table = {
    caption: 'Conversion by lead score at MQL, all scored MQLs',
    note: `Every MQL with a score, followed to today (cohort view). The interval is where the true SQL rate lies with 95% confidence; a band with fewer than ${MIN_LEADS_TO_JUDGE} leads is too few to judge.`,
    columns: [
      { label: 'Score band', text: true, metric: 'score_calibration' }, { label: 'MQLs' }, { label: 'SAL rate' },
      { label: 'SQL rate', metric: 'score_calibration' }, { label: 'SQL rate, 95% interval', text: true }, { label: 'Won rate' },
    ],
    rows: bands.map((r) => [
      cell.text(bandLabel(r), pages.scoreBand(r.band_order!)), cell.count(r.mqls), rateCell(r, r.sal_rate), rateCell(r, r.sql_rate),
      intervalCell(r, r.sql_rate_low, r.sql_rate_high), rateCell(r, r.won_rate),
    ]),
    csvName: 'conversion-by-score-band',
  };
  const categories = sourceCategories.filter((c) => rows.some((r) => r.measure === 'band' && r.source_category === c));
  const bySource: Table = {
    caption: 'SQL rate by lead score band and source category',
    note: 'A source whose rate does not rise with the score is one where the score tells nothing.',
    columns: [{ label: 'Score band', text: true, metric: 'score_calibration' }, ...categories.map((c) => ({ label: CATEGORY_LABELS[c], metric: 'source_category' as const }))],
    rows: bands.map((b) => [
      cell.text(bandLabel(b)),
      ...categories.map((c) => {
        const r = rows.find((x) => x.measure === 'band' && x.source_category === c && x.band_order === b.band_order);
        return r ? rateCell(r, r.sql_rate) : cell.text('no leads');
      }),
    ]),
    csvName: 'sql-rate-by-score-band-and-source',
  };
  const judged = (r: ScoreCalibrationRow) => r.mqls >= MIN_LEADS_TO_JUDGE;
  const spec: ChartSpec = {
    type: 'bar',
    labels: bands.map(bandLabel),
    yTitle: 'Became SQL',
    format: 'percent',
    series: [{ label: 'SQL rate', values: bands.map((r) => (judged(r) ? r.sql_rate : null)), color: '#1f5fa8', asPoints: true }],
    ranges: { label: '95% interval', values: bands.map((r) => (judged(r) && r.sql_rate_low !== null && r.sql_rate_high !== null ? [r.sql_rate_low, r.sql_rate_high] : null)), color: '#9dbbe0' },
  };
  const thresholdTable: Table | null = below || above ? {
    caption: `MQLs just below and just above the MQL threshold at ${thresholdAt}`,
    columns: [{ label: 'Scored', text: true, metric: 'score_threshold' }, { label: 'MQLs' }, { label: 'SQL rate' }, { label: 'SQL rate, 95% interval', text: true }],
    rows: [below, above].filter((r): r is ScoreCalibrationRow => r !== undefined).map((r) => [
      cell.text(`${r.score_band} (${r.band_min_score} to under ${r.band_max_score})`), cell.count(r.mqls), rateCell(r, r.sql_rate), intervalCell(r, r.sql_rate_low, r.sql_rate_high),
    ]),
    csvName: 'mql-threshold-check',
  } : null;
  const ranking: Table = {
    caption: 'How well the score ranks the MQLs of each month (AUC)',
    note: '0.5 is no better than a coin toss, 1 is perfect. Recent months are still being worked.',
    columns: [{ label: 'MQL month', text: true }, { label: 'Scored MQLs' }, { label: 'Reached SQL' }, { label: 'AUC', metric: 'score_ranking' }],
    rows: monthly.map((r) => [cell.text(monthName(r.month!)), cell.count(r.mqls), cell.count(r.sqls), r.auc === null ? cell.text('no SQLs and others to compare') : aucCell(r.auc)]),
    ...(overall ? { footer: [[cell.text('All months'), cell.count(overall.mqls), cell.count(overall.sqls), overall.auc === null ? cell.text('') : aucCell(overall.auc)]] } : {}),
    csvName: 'score-ranking-by-month',
  };
  return {
    verdict,
    byBand,
    bySource: categories.length > 1 ? bySource : null,
    chart: { spec, caption: `SQL rate of the MQLs in each score band, with its 95% interval (bands with fewer than ${MIN_LEADS_TO_JUDGE} leads left out). ${formatCount(bands.reduce((n, r) => n + r.mqls, 0))} scored MQLs.` },
    thresholdTable,
    ranking,
  };
}

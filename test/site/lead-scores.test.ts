// The lead quality page's score calibration: the verdict is generated from the mart's rows (score_calibration.json),
// and a band with fewer than 10 leads says "too few to judge". Numbers worked out in test/fixtures/site-data/README.md.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSiteData } from '../../site/src/lib/data.ts';
import { plain } from '../../site/src/lib/sentence.ts';
import { scoreVerdictSentence, type ScoreBand } from '../../site/src/lib/sentences-scores.ts';
import { leadScoresView } from '../../site/src/lib/views/lead-scores.ts';
import { scoreBandLeadsView } from '../../site/src/lib/views/score-band-leads.ts';

const data = loadSiteData(fileURLToPath(new URL('../fixtures/site-data/', import.meta.url)));
const texts = (rows: Array<Array<{ text: string }>>) => rows.map((r) => r.map((c) => c.text));

describe('lead score calibration on the lead quality page', () => {
  it('writes the verdict from the mart: band against band, ranking, threshold, and how many scores are current ones', () => {
    const view = leadScoresView(data);
    // 25 / 80 = 31.25% against 12 / 120 = 10%: 3.125 → "3.1 times"; AUC 0.74 ranks well; threshold 10 / 90 = 11% vs 10 / 100 = 10%.
    expect(view.verdict.map(plain)).toEqual([
      'Leads scored 80 or more became SQLs 3.1 times as often as leads scored under 40 (31% vs 10%); the score ranks well (0.74) but the MQL threshold at 50 barely separates: 11% just above vs 10% just below.',
      '250 of 400 scored MQLs are judged by their current score, not the score they had when they became MQL: the export has no score history for them, and a score may have moved since.',
      '12 of 412 MQLs have no score and are left out of the calibration.',
    ]);
  });

  it('follows the mart when its numbers change: a threshold that separates, and no ranking without AUC', () => {
    const changed = {
      ...data,
      scoreCalibration: data.scoreCalibration
        .filter((r) => r.measure !== 'ranking')
        .map((r) => (r.measure === 'threshold' && r.score_band === 'just above' ? { ...r, sqls: 27, sql_rate: 0.3 } : r)),
    };
    // 27 / 90 = 30% just above vs 10% just below: 20 points apart.
    expect(plain(leadScoresView(changed).verdict[0]!)).toBe(
      'Leads scored 80 or more became SQLs 3.1 times as often as leads scored under 40 (31% vs 10%); the MQL threshold at 50 separates: 30% just above vs 10% just below.',
    );
  });

  it('says "too few to judge" for a band with fewer than 10 leads, in the tables and in the verdict', () => {
    const view = leadScoresView(data);
    // Partner-sourced bands hold 9, 5 and 2 MQLs; marketing-sourced 111, 195 and 78 (SQL rates 9%, 20%, 32%).
    expect(texts(view.bySource!.rows)).toEqual([
      ['under 40', '9%', 'too few to judge'],
      ['40 to under 80', '20%', 'too few to judge'],
      ['80 or more', '32%', 'too few to judge'],
    ]);
    // All-source bands are large enough: rates and Wilson intervals (12 of 120: 5.8% to 16.7%).
    expect(texts(view.byBand!.rows)[0]).toEqual(['under 40', '120', '50%', '10%', '6% to 17%', '3%']);
    const small: ScoreBand[] = [
      { band: 'under 40', isDecile: false, min: 0, max: 40, mqls: 9, sqls: 0 },
      { band: '80 or more', isDecile: false, min: 80, max: null, mqls: 12, sqls: 4 },
    ];
    expect(plain(scoreVerdictSentence({ bands: small, auc: null, threshold: null }))).toBe(
      'Too few to judge whether higher scores convert better: 12 leads scored 80 or more and 9 scored under 40 (at least 10 in each are needed).',
    );
  });

  it('names deciles by the scores in them, and says when no MQL has a score', () => {
    const deciles: ScoreBand[] = [
      { band: 'decile 1', isDecile: true, min: 5, max: 34, mqls: 158, sqls: 17 },
      { band: 'decile 10', isDecile: true, min: 77, max: 100, mqls: 170, sqls: 54 },
    ];
    // 54 / 170 = 31.8% against 17 / 158 = 10.8%: 2.95 → "3.0 times".
    expect(plain(scoreVerdictSentence({ bands: deciles, auc: 0.64, threshold: null }))).toBe(
      'Leads in the top decile (scored 77 or more) became SQLs 3.0 times as often as leads in the bottom decile (scored 34 or less) (32% vs 11%); the score ranks only modestly (0.64).',
    );
    expect(leadScoresView({ ...data, scoreCalibration: [], scoreSources: [] }).verdict.map(plain)).toEqual([
      'No MQL has a lead score, so there is nothing to calibrate; name the score column in the config (scoring.score_columns).',
    ]);
  });

  it('lists the leads behind a band with their score at MQL, marking current scores', () => {
    const view = scoreBandLeadsView(data, data.scoreBandLeads[0]!);
    expect(view.title).toBe('MQLs scored under 40');
    expect(plain(view.intro)).toBe('120 MQLs had a score at MQL in this band, newest first. The 2 newest are listed.');
    // Each lead by its name, or "no name" where the export gave none.
    expect(view.table.rows.map((r) => [r[1]!.text, r[2]!.text, r[5]!.text, r[5]!.flag ?? '', r[6]!.text])).toEqual([
      ['Sam Ortiz', 'Acme', '12', 'current', 'MQL only so far'],
      ['no name', '<b>Bold</b> & Co', '35', '', 'qualified (SQL)'],
    ]);
  });
});

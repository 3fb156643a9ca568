// The leads behind one score band: newest MQLs first (bounded, total stated); ids, company and source only, never contact details.
import { formatCount, formatShortDateTime } from '../format.ts';
import { crmLink, pages } from '../paths.ts';
import type { ScoreBandLeads, SiteData } from '../schema.ts';
import { def, sentence, type Sentence } from '../sentence.ts';
import { cell, type Table } from '../table.ts';

const STAGE_WORDS = { mql: 'MQL only so far', sal: 'accepted (SAL)', sql: 'qualified (SQL)', won: 'won' } as const;

/** The title of a band's lead list: "MQLs scored under 40", "MQLs in decile 3". */
export function bandTitle(band: Pick<ScoreBandLeads, 'score_band'>): string {
  return band.score_band.startsWith('decile') ? `MQLs in score ${band.score_band}` : `MQLs scored ${band.score_band}`;
}

/** What one band's lead list page shows. */
export function scoreBandLeadsView(data: SiteData, band: ScoreBandLeads) {
  const listed = band.entries.length < band.total ? ` The ${formatCount(band.entries.length)} newest are listed.` : '';
  const intro: Sentence = sentence`${formatCount(band.total)} MQLs had a ${def('score at MQL', 'score_at_mql')} in this band, newest first.${listed}`;
  const table: Table = {
    caption: bandTitle(band),
    note: 'A score marked "current" is the score in the latest export: the export has no score history for that lead.',
    columns: [
      { label: 'Lead', text: true }, { label: 'Name', text: true }, { label: 'Company', text: true }, { label: 'Source category', text: true, metric: 'source_category' },
      { label: 'Became MQL', text: true }, { label: 'Score at MQL', metric: 'score_at_mql' }, { label: 'Furthest stage', text: true },
    ],
    rows: band.entries.map((e) => [
      cell.text(e.lead_id ?? e.person_id, crmLink(data.meta.crm_url, e.lead_id)),
      cell.person(e.person_name),
      cell.text(e.company, null, 'unknown'),
      cell.text(e.source_category),
      { text: formatShortDateTime(e.mql_at), value: e.mql_at },
      { text: String(e.score_at_mql), value: e.score_at_mql, ...(e.is_score_current_not_historic ? { flag: 'current' } : {}) },
      cell.text(STAGE_WORDS[e.furthest_stage]),
    ]),
    csvName: `score-band-${band.band_order}-leads`,
  };
  return { title: bandTitle(band), intro, table, back: { label: 'Back to lead quality', href: pages.leadQuality() } };
}

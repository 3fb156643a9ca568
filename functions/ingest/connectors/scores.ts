// The lead score column each source's lead export holds: a config choice (scoring.score_columns), not a fixed header.
import type { ColumnSpec, ObjectSpec } from '../../core/catalogue.ts';
import { DEFAULT_SCORE_COLUMNS, type HandoffConfig } from '../../core/config.ts';

type ScoreColumns = HandoffConfig['scoring']['score_columns'];

// Which object and lake column of each built-in source carries the score.
const SCORE_OBJECTS: Record<keyof ScoreColumns, { object: string; column: string }> = {
  marketo: { object: 'lead', column: 'score' },
  hubspot: { object: 'contact', column: 'hubspot_score' },
  salesforce: { object: 'lead', column: 'score' },
};

// A configured header replaces the stock one and its aliases (another field's aliases would read the wrong score).
function scoreColumn(column: ColumnSpec, header: string | undefined, stock: string | undefined): ColumnSpec {
  if (header === undefined) return { ...column, header: '(no score field configured)', aliases: [], constant: '' };
  return header === stock ? column : { ...column, header, aliases: [] };
}

/** The built-in connectors with each lead export's score read from the configured column. */
export function withScoreColumns(connectors: Record<string, ObjectSpec[]>, scoreColumns?: ScoreColumns): Record<string, ObjectSpec[]> {
  const out = { ...connectors };
  for (const source of Object.keys(SCORE_OBJECTS) as Array<keyof ScoreColumns>) {
    const { object, column } = SCORE_OBJECTS[source];
    const stock = source === 'salesforce' ? undefined : DEFAULT_SCORE_COLUMNS[source];
    const header = scoreColumns ? scoreColumns[source] : stock;
    out[source] = (connectors[source] ?? []).map((spec) =>
      spec.object !== object ? spec : { ...spec, columns: spec.columns.map((c) => (c.name === column ? scoreColumn(c, header, stock) : c)) },
    );
  }
  return out;
}

// The site data of month close: what changed in closed months, night by night over the listed days (and why), each closed month's
// published figures beside tonight's recomputation, and the dated change log of the definitions. Same shared SQL as
// site-queries.ts (strftime only with %Y, %m and %d).
import type { SiteQuery } from './site-queries.ts';

/** Most leads or opportunities listed per restated number; the total is always stated. */
export const RESTATEMENT_RECORD_LIMIT = 200;

const DAY = (column: string) => `strftime(${column}, '%Y-%m-%d')`;

/** The restated numbers of the listed days (tonight's and earlier nights'), with the records that moved them, bounded per number. */
const restatements: SiteQuery = () => `
      with numbered as (
        select restatement_log.*,
          row_number() over (partition by restated_on, metric, month, breakdown order by change, record_id) as position,
          count(*) over (partition by restated_on, metric, month, breakdown) as records_total
        from restatement_log
      )
      select ${DAY('restated_on')} as restated_on, ${DAY('previous_as_of_date')} as previous_as_of_date, metric,
        strftime(month, '%Y-%m') as month, breakdown_kind, breakdown, old_value, new_value,
        case when record_id is null then 0 else records_total end as records_total,
        record_kind, record_id, change, old_amount, new_amount, cause
      from numbered
      where position <= ${RESTATEMENT_RECORD_LIMIT}
      order by restated_on desc, metric, month, breakdown, position`;

/** The closed months of the last 13 months: each figure as published and as recomputed tonight. */
const closedFigures: SiteQuery = (w) => `
      select metric, strftime(month, '%Y-%m') as month, breakdown_kind, breakdown, ${DAY('published_on')} as published_on,
        published_value, current_value, is_restated
      from closed_figures
      where month >= date '${w.yearStart}'
      order by month, metric, breakdown`;

/** Every dated change of a setting the numbers depend on, newest first. */
const definitionChanges: SiteQuery = () => `
      select ${DAY('changed_on')} as changed_on, definition_key, area, old_value, new_value
      from definition_changes
      order by changed_on desc, definition_key`;

/** The month-close site data files and their queries. */
export const HISTORY_SITE_QUERIES: Record<string, SiteQuery> = {
  restatements,
  closed_figures: closedFigures,
  definition_changes: definitionChanges,
};

import { CANONICAL_OBJECTS, LAKE_TYPES, mappedSpecs, type CanonicalColumn, type Connectors } from './catalogue.ts';
import type { RenderContext } from './sql.ts';

/** The two Glue databases a night on Athena uses: the lake's source tables, and the models'. */
export interface AthenaDatabases {
  /** Where models, seeds and data test results are written (`ref`). */
  models: string;
  /** Where the infra defines one table per lake object and the ingest log (`source`). */
  lake: string;
}

/** The Glue table over one lake object: `<source>_<object>`, e.g. `salesforce_lead`. */
export function lakeTableName(source: string, object: string): string {
  return `${source}_${object}`;
}

/** The Glue table over the lake's ingest log (`_ingest/`), read by data_health as `source('handoff', 'ingest_log')`. */
export const INGEST_LOG_TABLE = lakeTableName('handoff', 'ingest_log');

/** The view models read mapped CSV sources through (`source('mapped', 'lead')`), kept in the models' database. */
export function mappedViewName(object: string): string {
  return `mapped_${object}`;
}

/** The first export date staging reads of a lake object (export-window.ts), or undefined to read every export. */
export type ExportWindowOf = (source: string, object: string) => string | undefined;

/**
 * What models read of one lake object: its table, or only the exports of its window (a filter on
 * the projected `export_date` partition, so Athena lists and scans none of the older ones).
 */
export function lakeRelation(databases: AthenaDatabases, source: string, object: string, windowOf?: ExportWindowOf): string {
  const table = `"${databases.lake}"."${lakeTableName(source, object)}"`;
  const from = windowOf?.(source, object);
  if (!from) return table;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) throw new Error(`the export window of ${source}.${object} starts at "${from}", not a date (yyyy-mm-dd)`);
  return `(select * from ${table} where export_date >= date '${from}')`;
}

/**
 * How models are written for Athena: refs into the models' database, sources into the lake's
 * (within each object's export window, when given); `source('mapped', …)` reads the union view
 * `mappedViewStatements` writes into the models' database.
 */
export function athenaContext(databases: AthenaDatabases, windowOf?: ExportWindowOf): RenderContext {
  return {
    dialect: 'athena',
    ref: (name) => `"${databases.models}"."${name}"`,
    source: (source, object) => (source === 'mapped'
      ? `"${databases.models}"."${mappedViewName(object)}"`
      : lakeRelation(databases, source, object, windowOf)),
  };
}

/**
 * One view per canonical object over every mapped source configured for it, with the source's
 * name in `mapped_source` (as DuckDB's `src_mapped__<object>` views); an empty typed view when
 * no mapped source holds the object. Run before the models, so they see the config of the night.
 */
export function mappedViewStatements(connectors: Connectors, databases: AthenaDatabases, windowOf?: ExportWindowOf): string[] {
  const specs = mappedSpecs(connectors);
  return Object.entries(CANONICAL_OBJECTS).map(([object, canonical]) => {
    const columns: Record<string, CanonicalColumn> = canonical;
    const names = Object.keys(columns);
    const sources = [...new Set(specs.filter((s) => s.object === object).map((s) => s.source))];
    const body = sources.length
      ? sources.map((source) => `select '${source.replaceAll("'", "''")}' as mapped_source, ${names.join(', ')}, source_file, source_row_number, export_date from ${lakeRelation(databases, source, object, windowOf)} as lake_rows`).join('\nunion all\n')
      : `select cast(null as varchar) as mapped_source, ${Object.entries(columns).map(([name, c]) => `cast(null as ${LAKE_TYPES[c.type]}) as ${name}`).join(', ')}, `
        + 'cast(null as varchar) as source_file, cast(null as bigint) as source_row_number, cast(null as date) as export_date where false';
    return `create or replace view "${databases.models}"."${mappedViewName(object)}" as\n${body}`;
  });
}

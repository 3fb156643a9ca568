/** How a connector describes one exported object: which headers become which typed lake columns. */

export type ColumnType = 'id' | 'ref' | 'string' | 'boolean' | 'timestamp' | 'local_timestamp' | 'date' | 'month' | 'decimal' | 'integer' | 'id_if_any';

/** What a file's values mean beyond their text: settings from config that ingest needs. */
export interface IngestOptions {
  /** Time zone of exports that write local times without an offset (HubSpot); IANA name. */
  sourceTimeZone: string;
  /** Force an encoding instead of detecting UTF-8 / Windows-1252. */
  encoding?: string;
}

export const DEFAULT_INGEST_OPTIONS: IngestOptions = { sourceTimeZone: 'UTC' };

export interface ColumnSpec {
  /** Header in the export (matched case-insensitively, never by position). */
  header: string;
  /** Column name in the lake (snake_case, from the domain). */
  name: string;
  type: ColumnType;
  /** A file without this column cannot be loaded. */
  required?: boolean;
  /** A row with this column empty is quarantined. */
  notNull?: boolean;
  /** Other headers that carry the same field in other dialects or tools. */
  aliases?: string[];
  /**
   * The header holds JSON (Marketo's `attributes`): read this key from it, from an object
   * (`{"Success":true}`) or an array of `{"name","value"}` pairs, then parse the value as `type`.
   * A missing key is empty (null), also for booleans.
   */
  jsonKey?: string;
  /**
   * A family of columns rather than one: every header this pattern matches (its first group is
   * the label, e.g. the stage in `Date entered "Closed Lost  (Texas)"`) is read as `family.type`,
   * and the non-empty ones are kept in this one text column as `label<TAB>YYYY-MM-DD HH:MM:SS`
   * lines (UTC), so a fixed lake schema holds every custom pipeline's stages. The column's own
   * `type` is `string`.
   */
  family?: { pattern: RegExp; type: 'local_timestamp' | 'timestamp' };
  /** What the numbers lose when an export leaves this optional column out; said on data health. */
  degradesWithout?: string;
  /** Not read from the file: every row gets this value (text, parsed as `type`), from a mapping's `{ "constant": … }`. */
  constant?: string;
}

export interface ObjectSpec {
  source: string;
  /** Lake object name, e.g. `lead`. */
  object: string;
  /** File base names that hold this object, e.g. `Lead` for Lead.csv. */
  files: string[];
  /**
   * Other file names that hold this object (e.g. HubSpot's `hubspot-crm-exports-all-contacts-2024-08-27`),
   * tested against the same lower-cased base name `files` are compared with (no extension, no `_2` suffix).
   */
  filePattern?: RegExp;
  columns: ColumnSpec[];
  /**
   * A header that names a column Handoff reads more than once: `refuse` the file (default; it is
   * not clear which to load) or read the `first` and say so on data health (HubSpot repeats
   * association labels such as `Associated Company IDs` in all-properties exports). Repeated
   * headers of columns Handoff does not read never refuse a file.
   */
  repeatedHeaders?: 'refuse' | 'first';
  /** Set for files that sit in a source's export folder but feed no number: listed on data health as not used, with this reason. */
  notUsed?: string;
}

/** The lake's SQL type for each column type; identical in DuckDB, Parquet and Athena. */
export const LAKE_TYPES: Record<ColumnType, string> = {
  id: 'varchar',
  ref: 'varchar',
  string: 'varchar',
  boolean: 'boolean',
  timestamp: 'timestamp',
  local_timestamp: 'timestamp',
  date: 'date',
  month: 'date',
  decimal: 'decimal(20,4)',
  integer: 'bigint',
  id_if_any: 'varchar',
};

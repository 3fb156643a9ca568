import { sqlString } from '../core/sql.ts';
import type { ColumnSpec, IngestOptions } from '../core/catalogue.ts';

/**
 * DuckDB macros that read every export dialect's values (README, "How files are read"): Data Export's quoted
 * "0"/"1" and `000000000000000AAA`, Bulk API's `…T18:30:00.000Z`, API tools' `…+0000` and empty
 * false, Marketo's `null`, HubSpot's `(No value)`. Ingest runs only on DuckDB, so DuckDB SQL is fine here.
 * The common shapes take a fast path first, without trimming: a 19-character `YYYY-MM-DD HH:MM:SS` or 10-character
 * `YYYY-MM-DD` (Data Export; no room for an offset) is cast directly, `000000000000000AAA` is empty and any other 18-byte
 * ID is taken as it is, `"0"`/`"1"` are false/true; only a 15-character value is checked for a 15-character Salesforce
 * ID. The fast paths are CASE branches tested with LIKE and prefix/suffix checks, which DuckDB evaluates only for the
 * rows they select; as a COALESCE over substr tests they took 3 of the 4 s that reading 20 million campaign members'
 * IDs and times cost. A time that names no zone (no
 * `Z`, offset or zone name) is cast as a plain TIMESTAMP, i.e. read as UTC: DuckDB 1.5.6's TIMESTAMPTZ cast reads it in
 * the zone of the last value before it that named one (after `… PST`, `2026-01-26 05:35` came out 8 hours late).
 * `handoff_blank` is true for null through coalesce, not `v is null or …`: that OR, in every column's parse, took the
 * Lead export's read from 6.2 to 7.5 s at 1,000,000 leads.
 * `handoff_decimal` casts to DECIMAL(18,4) first and widens: DuckDB casts text to the lake's DECIMAL(20,4) (a 128-bit
 * number) about 25 times slower (1.9 s for the 402,944 amounts of an OpportunityHistory export); only a value of more
 * than 14 integer digits takes that cast.
 * `handoff_month` reads a calendar month (spend, Marketo period costs); `handoff_json_field` reads one
 * key of Marketo's `attributes` JSON, object form or the older `[{"name","value"}]` array form.
 */
/** What the dialects write for an empty value (Marketo `null`, HubSpot `(No value)`), once trimmed. */
const EMPTY_MARKERS = ['', 'null', 'NULL', '(No value)'];
/** Data Export's empty reference. */
const EMPTY_SALESFORCE_ID = '000000000000000AAA';

export const DIALECT_MACROS = `
create or replace macro handoff_blank(v) as (coalesce(trim(v) in (${EMPTY_MARKERS.map(sqlString).join(', ')}), true));
create or replace macro handoff_ts_other(v) as (case when handoff_blank(v) then null else coalesce(
    case when not regexp_matches(trim(v), '[A-Za-z]{2}|[+-][0-9][0-9]:?[0-9][0-9]$|Z$') then try_cast(trim(v) as timestamp) end,
    try_cast(try_cast(trim(v) as timestamptz) as timestamp),
    try_strptime(trim(v), ['%m/%d/%Y %I:%M %p', '%m/%d/%Y %H:%M', '%m/%d/%Y %H:%M:%S', '%m/%d/%Y'])) end);
create or replace macro handoff_ts(v) as (case
  when v like '____-___________:__' or v like '____-_____' then coalesce(try_cast(v as timestamp), handoff_ts_other(v))
  else handoff_ts_other(v) end);
create or replace macro handoff_bool(v) as (case
  when v = '0' then false
  when v = '1' then true
  when handoff_blank(v) then false
  when lower(trim(v)) in ('1', 'true', 'yes', 'y') then true
  when lower(trim(v)) in ('0', 'false', 'no', 'n') then false end);
create or replace macro handoff_sf_suffix(c) as (substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ012345', 1
  + (case when substr(c, 1, 1) between 'A' and 'Z' then 1 else 0 end)
  + (case when substr(c, 2, 1) between 'A' and 'Z' then 2 else 0 end)
  + (case when substr(c, 3, 1) between 'A' and 'Z' then 4 else 0 end)
  + (case when substr(c, 4, 1) between 'A' and 'Z' then 8 else 0 end)
  + (case when substr(c, 5, 1) between 'A' and 'Z' then 16 else 0 end), 1));
create or replace macro handoff_id(v) as (case
  when v = '000000000000000AAA' then null
  when strlen(v) = 18 and not starts_with(v, ' ') and not ends_with(v, ' ') then v
  when handoff_blank(v) or trim(v) = '000000000000000AAA' then null
  when length(trim(v)) <> 15 then trim(v)
  when regexp_full_match(trim(v), '[a-zA-Z0-9]{15}') then trim(v)
    || handoff_sf_suffix(substr(trim(v), 1, 5)) || handoff_sf_suffix(substr(trim(v), 6, 5)) || handoff_sf_suffix(substr(trim(v), 11, 5))
  else trim(v) end);
create or replace macro handoff_decimal(v) as (case when handoff_blank(v) then null
  else coalesce(try_cast(replace(trim(v), ',', '') as decimal(18,4)), try_cast(replace(trim(v), ',', '') as decimal(20,4))) end);
create or replace macro handoff_int(v) as (case when handoff_blank(v) then null
  else try_cast(try_cast(replace(trim(v), ',', '') as double) as bigint) end);
create or replace macro handoff_month(v) as (case when handoff_blank(v) then null else coalesce(
  cast(try_strptime(trim(v), ['%Y-%m', '%Y/%m', '%m/%Y', '%b %Y', '%B %Y']) as date),
  cast(date_trunc('month', handoff_ts(v)) as date)) end);
create or replace macro handoff_json_field(v, k) as (case
  when handoff_blank(v) or not coalesce(json_valid(v), false) then null
  when json_type(v) = 'OBJECT' then json_extract_string(v, '$."' || k || '"')
  when json_type(v) = 'ARRAY' then json_extract_string(list_filter(json_extract(v, '$[*]'), lambda e: json_extract_string(e, '$.name') = k)[1], '$.value')
  end);
`;

const PARSERS: Record<ColumnSpec['type'], { expr: (v: string, options: IngestOptions) => string; problem: string }> = {
  id: { expr: (v) => `handoff_id(${v})`, problem: 'is not an ID' },
  ref: { expr: (v) => `handoff_id(${v})`, problem: 'is not an ID' },
  string: { expr: (v) => `case when handoff_blank(${v}) then null else ${v} end`, problem: '' },
  boolean: { expr: (v) => `handoff_bool(${v})`, problem: 'is not true/false' },
  timestamp: { expr: (v) => `handoff_ts(${v})`, problem: 'is not a date and time' },
  // Local wall-clock time without an offset (HubSpot): read in the source's time zone, stored as UTC.
  local_timestamp: {
    expr: (v, options) => `cast(timezone('UTC', timezone(${sqlString(options.sourceTimeZone)}, handoff_ts(${v}))) as timestamp)`,
    problem: 'is not a date and time',
  },
  date: { expr: (v) => `cast(handoff_ts(${v}) as date)`, problem: 'is not a date' },
  // A calendar month (`2024-03`, `03/2024`, `Mar 2024`, or any date in it), stored as its first day.
  month: { expr: (v) => `handoff_month(${v})`, problem: 'is not a month' },
  decimal: { expr: (v) => `handoff_decimal(${v})`, problem: 'is not a number' },
  integer: { expr: (v) => `handoff_int(${v})`, problem: 'is not a whole number' },
  // History values hold IDs or names; keep the value only when it is a user/queue ID (only values holding 005 or 00G
  // reach the pattern).
  id_if_any: { expr: (v) => `case when (contains(${v}, '005') or contains(${v}, '00G')) and regexp_full_match(trim(${v}), '(005|00G)[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?') then handoff_id(${v}) end`, problem: '' },
};

/** The SQL that parses one raw text column into its lake type. */
export function parseExpression(column: ColumnSpec, rawColumn: string, options: IngestOptions): string {
  if (column.jsonKey === undefined) return PARSERS[column.type].expr(rawColumn, options);
  // A value inside a JSON column: a missing key stays empty (not false), whatever the type.
  const value = jsonFieldExpression(column.jsonKey, rawColumn);
  return `case when handoff_blank(${value}) then null else ${PARSERS[column.type].expr(value, options)} end`;
}

/**
 * The SQL that explains, for one row, why this column could not be read (null when it could).
 * `parsed` is the column's value as parseExpression already computed it, so no value is parsed twice.
 */
export function problemExpression(column: ColumnSpec, parsed: string, rawColumn: string, header: string): string | undefined {
  const { problem } = PARSERS[column.type];
  const quotedHeader = sqlString(column.jsonKey === undefined ? header : `${header} "${column.jsonKey}"`);
  const raw = column.jsonKey === undefined ? rawColumn : jsonFieldExpression(column.jsonKey, rawColumn);
  const checks: string[] = [];
  if (problem) {
    const blank = column.type === 'id' || column.type === 'ref' ? `(handoff_blank(${raw}) or trim(${raw}) = '000000000000000AAA')` : `handoff_blank(${raw})`;
    checks.push(`case when ${parsed} is null and not ${blank} then ${quotedHeader} || ': "' || left(${raw}, 40) || '" ${problem}' end`);
  }
  if (column.notNull) checks.push(`case when ${parsed} is null then ${quotedHeader} || ' is empty' end`);
  return checks.length ? checks.join(', ') : undefined;
}

/**
 * A cheap test that a column gives its row no problem (it implies every check of problemExpression is false): parsed, or
 * left empty. Almost every row passes it, so the reason's string work runs only on the few that do not (the load's
 * costliest step before: a third of the CPU of reading a Campaign Members file). Undefined when the column has no checks.
 */
export function cleanExpression(column: ColumnSpec, parsed: string, rawColumn: string): string | undefined {
  const { problem } = PARSERS[column.type];
  if (column.notNull) return `${parsed} is not null`;
  if (!problem) return undefined;
  if (column.jsonKey !== undefined) return `(${parsed} is not null or ${rawColumn} is null)`;
  // The dialects' empty markers as written (untrimmed), and Data Export's empty reference 000000000000000AAA: most rows
  // have some, so they must pass the cheap test too.
  const empty = column.type === 'id' || column.type === 'ref' ? [...EMPTY_MARKERS, EMPTY_SALESFORCE_ID] : EMPTY_MARKERS;
  // Equalities, not IN: DuckDB rewrites an IN list into a join, which loses the file order the row numbers come from.
  return `(${parsed} is not null or ${rawColumn} is null or ${empty.map((e) => `${rawColumn} = ${sqlString(e)}`).join(' or ')})`;
}

/** The SQL that reads one key's value, as text, from a JSON object or `[{"name","value"}]` array column. */
function jsonFieldExpression(key: string, rawColumn: string): string {
  return `handoff_json_field(${rawColumn}, ${sqlString(key)})`;
}

/** A SQL identifier, quoted so any header text is safe. */
export function sqlIdentifier(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

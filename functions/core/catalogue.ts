// The catalogue of what Handoff reads: column types and their lake types, how a connector describes
// an exported object, and the canonical objects any mapped CSV can hold. Core owns it; the
// connectors in functions/ingest/connectors implement it, one ObjectSpec per exported object.


export type ColumnType = 'id' | 'ref' | 'string' | 'boolean' | 'timestamp' | 'local_timestamp' | 'date' | 'month' | 'decimal' | 'integer' | 'id_if_any';

/** What a file's values mean beyond their text: settings from config that ingest needs. */
export interface IngestOptions {
  /** Time zone of exports that write local times without an offset (HubSpot); IANA name. */
  sourceTimeZone: string;
  /** Force an encoding instead of detecting UTF-8 / Windows-1252. */
  encoding?: string;
  /** Most columns a file may have; a wider file is refused before any row is read (default 2,000). */
  maxColumns?: number;
  /** Limits on what a ZIP archive may inflate to; an entry over one is refused by name (defaults in archives.ts). */
  zipLimits?: Partial<ZipLimits>;
}

/** Caps against ZIP bombs: per entry, in total, and the ratio of inflated to compressed size. */
export interface ZipLimits {
  /** Most bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Most bytes all of an archive's entries together may inflate to. */
  maxTotalBytes: number;
  /** Highest inflated : compressed ratio of an entry (CSV compresses about 5–20 : 1; bombs 1,000 : 1). */
  maxRatio: number;
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

/** Connectors by source folder name: every object spec a night can load. */
export type Connectors = Record<string, ObjectSpec[]>;

/** The built-in connectors' object specs that feed numbers (lake views exist for each, loaded or not). */
export function builtInSpecs(connectors: Connectors): ObjectSpec[] {
  return BUILT_IN_SOURCES.flatMap((source) => connectors[source] ?? []).filter((spec) => !spec.notUsed);
}

/** The mapped CSV sources' object specs: every connector that is not built in. */
export function mappedSpecs(connectors: Connectors): ObjectSpec[] {
  return Object.entries(connectors).filter(([source]) => !BUILT_IN_SOURCES.includes(source)).flatMap(([, specs]) => specs);
}

/*
 * Any other CRM: a plain CSV per object plus a column mapping in the config (README, "A CSV from any other CRM"):
 *
 * ```json
 * "mapped_sources": { "pipedrive": { "files": { "people": { "object": "lead",
 *   "columns": { "lead_id": "Person ID", "created_at": "Person created", "status": "Label" } } } } }
 * ```
 *
 * The source's folder in the exports directory is the config key (`pipedrive/`), each file is
 * named by its `files` key (`people.csv`, `people_2.csv`), and `object` is one of the canonical
 * objects below. `columns` maps a lake column to the header that holds it (or a list of headers,
 * first found wins); a lake column left out is read from a header spelled like the lake column
 * itself (`email`), if the file has one. Lake column names follow the Salesforce connector's.
 * IDs are kept as text exactly as exported. Times with an offset or `Z` are exact; times without
 * one are UTC unless the source sets `"local_times": true` (then `ingest.source_time_zone`).
 * A column may be `{ "constant": value }` instead of a header: every row of a file of MQLs has
 * status "MQL", every row of a file of closed deals is won.
 */

/** A canonical lake column: its type, whether a mapping must name its header, and what it means (for the README). */
export interface CanonicalColumn {
  type: Exclude<ColumnType, 'local_timestamp' | 'id' | 'ref' | 'id_if_any' | 'month'>;
  required?: boolean;
  doc: string;
}

const key = (doc: string) => ({ type: 'string', required: true, doc }) as const;
const text = (doc: string) => ({ type: 'string', doc }) as const;
const time = (doc: string) => ({ type: 'timestamp', doc }) as const;
const day = (doc: string) => ({ type: 'date', doc }) as const;
const flag = (doc: string) => ({ type: 'boolean', doc }) as const;
const money = (doc: string) => ({ type: 'decimal', doc }) as const;
const count = (doc: string) => ({ type: 'integer', doc }) as const;
const created = (doc: string) => ({ type: 'timestamp', required: true, doc }) as const;
const LAST_MODIFIED = 'when the record last changed; the newest version of a record wins across exports';

/** The objects a mapped CSV can hold, with their lake columns. */
export const CANONICAL_OBJECTS = {
  lead: {
    lead_id: key('the person\'s id in your CRM (prefixed with the source name in the marts)'),
    created_at: created('when the person entered the CRM: the inquiry'),
    last_modified_at: time(LAST_MODIFIED),
    is_deleted: flag('a deleted record, left out'),
    first_name: text('first name'), last_name: text('last name'),
    full_name: text('the person\'s whole name, for files with one name column (used when first and last name are empty)'),
    email: text('email address (contactability, duplicates)'), phone: text('phone number (contactability)'),
    title: text('job title'), company: text('company name'), country: text('country'), industry: text('industry'),
    lead_source: text('where the person came from; mapped to marketing, sales or partner by source_categories'),
    status: text('current lead status; mapped to a funnel stage by stages.salesforce_lead_status (MQL, SAL, …) and dated at creation'),
    rating: text('rating'), score: money('lead score, judged against what sales did with the lead (as the current score: a mapped file has no score history)'), segment: text('segment (SMB, Enterprise, …), for SLA overrides'),
    owner_id: text('current owner: a user id or name from the users file'),
    is_converted: flag('converted into a contact and opportunity'),
    converted_date: day('the day of the conversion: SQL, unless a timestamped sign of it exists that day'),
    converted_account_id: text('account created by the conversion'), converted_contact_id: text('contact created by the conversion'),
    converted_opportunity_id: text('opportunity created by the conversion (links it to this person)'),
    disqualified_reason: text('why sales rejected the lead (rejection reasons)'),
    email_bounced_reason: text('non-empty when the email bounced'),
  },
  user: {
    user_id: key('the user\'s id, as owner columns name it'), username: text('login name'), full_name: text('name shown on the site'),
    first_name: text('first name'), last_name: text('last name'), email: text('email address'), title: text('job title: decides the role when there is no role column'),
    department: text('team, when there is no team column'), team: text('team the follow-up pages group by'), role: text('sdr, ae, partner, marketing or sales'),
    manager_id: text('the user\'s manager'), time_zone: text('IANA time zone of the user\'s business hours (America/New_York)'),
    is_active: flag('still active'), created_at: time('when the user was created'), last_modified_at: time(LAST_MODIFIED),
  },
  activity: {
    activity_id: key('the activity\'s id'), who_id: key('the lead or contact the call, email or meeting was with'),
    created_at: created('when it was logged: the time of the sales touch'), what_id: text('related record'),
    owner_id: text('who did it: a user id or name'), task_type: text('call, email or meeting (anything else is no sales touch)'), subject: text('subject; read for the kind when task_type is empty'),
    status: text('completed or done, or open (an open task is no touch)'), due_date: day('due date; never the touch time'), completed_at: time('when it was completed: the touch time when given'),
    last_modified_at: time(LAST_MODIFIED), is_closed: flag('done (an open task is no touch)'),
    call_duration_seconds: count('length of a call'), call_type: text('inbound or outbound'), call_outcome: text('outcome of a call'),
  },
  opportunity: {
    opportunity_id: key('the deal\'s id'), created_at: created('when the deal was created: pipeline created, and SQL for its person'),
    stage_name: { type: 'string', required: true, doc: 'deal stage; without won/closed flags, Won / Closed Won is won and Lost / Closed Lost is lost' },
    last_modified_at: time(LAST_MODIFIED), is_deleted: flag('a deleted record, left out'),
    opportunity_name: text('name'), account_id: text('account'), amount: money('amount in currency_code (converted with currency.rates)'),
    currency_code: text('ISO currency of the amount; the reporting currency when empty'),
    close_date: day('the day it closed (or is expected to): revenue month and cycle time; a closed deal without one is a data anomaly'),
    opportunity_type: text('type (new business, renewal, …)'), lead_source: text('the deal\'s own source, when its person has none'),
    is_closed: flag('closed (won or lost)'), is_won: flag('won'), campaign_id: text('primary campaign'), owner_id: text('owner: a user id or name'),
    contact_id: text('the contact the deal is with (links it to a person)'), lead_id: text('the lead the deal came from (links it to a person)'),
    loss_reason: text('why a lost deal was lost (loss reasons)'),
  },
  campaign: {
    campaign_id: key('the campaign\'s id'), campaign_name: { type: 'string', required: true, doc: 'name shown on the campaigns page' },
    parent_campaign_id: text('parent campaign'), campaign_type: text('channel: webinar, trade show, paid search, …'), status: text('status'),
    start_date: day('first day'), end_date: day('last day'), budgeted_cost: money('budget (not used as cost)'),
    actual_cost: money('what it cost: campaign ROI and cost per stage; empty is unknown, never 0'), currency_code: text('ISO currency of the costs'),
    created_at: time('when the campaign was created'), last_modified_at: time(LAST_MODIFIED),
  },
  campaign_member: {
    campaign_id: key('the campaign'), lead_id: key('the person who responded: a lead or contact id in the source CRM'),
    campaign_member_id: text('the membership\'s id'), contact_id: text('the contact, when lead_id is a lead'), member_status: text('responded, attended, sent, …'),
    has_responded: flag('responded: only responses are marketing touches (without this column every member is one)'), first_responded_date: day('the day of the response: the touch time when later than created_at'),
    created_at: time('when the membership was created: the touch time'), last_modified_at: time(LAST_MODIFIED),
  },
} satisfies Record<string, Record<string, CanonicalColumn>>;

export type CanonicalObject = keyof typeof CANONICAL_OBJECTS;
export const CANONICAL_OBJECT_NAMES = Object.keys(CANONICAL_OBJECTS) as [CanonicalObject, ...CanonicalObject[]];

/** Source folder names the built-in connectors own; a mapped source cannot take them. */
export const BUILT_IN_SOURCES = ['salesforce', 'hubspot', 'marketo', 'spend'];

/** The header(s) a mapping gives one lake column, or a value every row of the file shares. */
export type MappedHeader = string | string[] | { constant: string | number | boolean };

/** What is wrong with one file's column mapping, as paths under its `columns` key and fixes. */
export function mappingProblems(object: CanonicalObject, columns: Record<string, MappedHeader>, fileKey: string): Array<{ path: string[]; message: string }> {
  const canonical: Record<string, CanonicalColumn> = CANONICAL_OBJECTS[object];
  const an = /^[aeiou]/.test(object) ? 'an' : 'a';
  const problems: Array<{ path: string[]; message: string }> = [];
  for (const name of Object.keys(columns)) {
    if (!(name in canonical)) {
      problems.push({ path: [name], message: `"${name}" is not ${an} ${object} column; use one of ${Object.keys(canonical).join(', ')}` });
    }
  }
  const missing = Object.entries(canonical).filter(([name, column]) => column.required && !(name in columns)).map(([name]) => name);
  if (missing.length) {
    const example = missing.map((m) => `"${m}": "<header in ${fileKey}.csv>"`).join(', ');
    problems.push({ path: [], message: `${an} ${object} needs ${missing.map((m) => `"${m}"`).join(', ')}; map ${missing.length > 1 ? 'them' : 'it'} to the file's header${missing.length > 1 ? 's' : ''}, e.g. ${example}` });
  }
  return problems;
}

/** A mapped file's base name as `files` matches it: without a `.csv`/`.csv.gz`/`.tsv` extension. */
export function mappedFileName(fileKey: string): string {
  return fileKey.replace(/\.(csv|csv\.gz|tsv)$/i, '');
}


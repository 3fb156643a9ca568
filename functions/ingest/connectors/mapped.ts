import type { HandoffConfig } from '../../core/config.ts';
import type { ColumnSpec, ColumnType, ObjectSpec } from './types.ts';

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
 */

/** A canonical lake column: its type, and whether a mapping must name its header. */
export interface CanonicalColumn {
  type: Exclude<ColumnType, 'local_timestamp' | 'id' | 'ref' | 'id_if_any' | 'month'>;
  required?: boolean;
}

const key = { type: 'string', required: true } as const;
const text = { type: 'string' } as const;
const time = { type: 'timestamp' } as const;
const day = { type: 'date' } as const;
const flag = { type: 'boolean' } as const;
const money = { type: 'decimal' } as const;
const count = { type: 'integer' } as const;
const created = { type: 'timestamp', required: true } as const;

/** The objects a mapped CSV can hold, with their lake columns. */
export const CANONICAL_OBJECTS = {
  lead: {
    lead_id: key, created_at: created, last_modified_at: time, is_deleted: flag,
    first_name: text, last_name: text, email: text, phone: text, title: text, company: text, country: text, industry: text,
    lead_source: text, status: text, rating: text, score: money, segment: text, owner_id: text,
    is_converted: flag, converted_date: day, converted_account_id: text, converted_contact_id: text, converted_opportunity_id: text,
    disqualified_reason: text, email_bounced_reason: text,
  },
  user: {
    user_id: key, username: text, full_name: text, first_name: text, last_name: text, email: text, title: text,
    department: text, team: text, role: text, manager_id: text, time_zone: text, is_active: flag,
    created_at: time, last_modified_at: time,
  },
  activity: {
    activity_id: key, who_id: key, created_at: created, what_id: text, owner_id: text, task_type: text, subject: text,
    status: text, due_date: day, completed_at: time, last_modified_at: time, is_closed: flag,
    call_duration_seconds: count, call_type: text, call_outcome: text,
  },
  opportunity: {
    opportunity_id: key, created_at: created, stage_name: { type: 'string', required: true }, last_modified_at: time, is_deleted: flag,
    opportunity_name: text, account_id: text, amount: money, currency_code: text, close_date: day, opportunity_type: text,
    lead_source: text, is_closed: flag, is_won: flag, campaign_id: text, owner_id: text, contact_id: text, lead_id: text,
  },
  campaign: {
    campaign_id: key, campaign_name: { type: 'string', required: true }, parent_campaign_id: text, campaign_type: text, status: text,
    start_date: day, end_date: day, budgeted_cost: money, actual_cost: money, currency_code: text,
    created_at: time, last_modified_at: time,
  },
  campaign_member: {
    // lead_id is the person: a lead or contact ID in the source CRM.
    campaign_id: key, lead_id: key, campaign_member_id: text, contact_id: text, member_status: text,
    has_responded: flag, first_responded_date: day, created_at: time, last_modified_at: time,
  },
} satisfies Record<string, Record<string, CanonicalColumn>>;

export type CanonicalObject = keyof typeof CANONICAL_OBJECTS;
export const CANONICAL_OBJECT_NAMES = Object.keys(CANONICAL_OBJECTS) as [CanonicalObject, ...CanonicalObject[]];

/** Source folder names the built-in connectors own; a mapped source cannot take them. */
export const BUILT_IN_SOURCES = ['salesforce', 'hubspot', 'marketo', 'spend'];

/** The header(s) a mapping gives one lake column. */
export type MappedHeader = string | string[];

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

/** Object specs for every mapped source in the config: one per mapped file, named by its `files` key. */
export function mappedObjects(config?: Pick<HandoffConfig, 'mapped_sources'>): ObjectSpec[] {
  const specs: ObjectSpec[] = [];
  for (const [source, mapped] of Object.entries(config?.mapped_sources ?? {})) {
    for (const [fileKey, file] of Object.entries(mapped.files)) {
      const canonical: Record<string, CanonicalColumn> = CANONICAL_OBJECTS[file.object];
      const columns = Object.entries(canonical).map(([name, column]): ColumnSpec => {
        const mappedHeaders = file.columns[name];
        const headers = mappedHeaders === undefined ? [name] : Array.isArray(mappedHeaders) ? mappedHeaders : [mappedHeaders];
        const type: ColumnType = column.type === 'timestamp' && mapped.local_times ? 'local_timestamp' : column.type;
        const [header, ...aliases] = headers as [string, ...string[]];
        return { header, name, type, ...(aliases.length ? { aliases } : {}), ...(column.required ? { required: true, notNull: true } : {}) };
      });
      specs.push({ source, object: file.object, files: [mappedFileName(fileKey)], columns });
    }
  }
  return specs;
}

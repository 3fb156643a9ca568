import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isKnownEncoding } from './encodings.ts';
import { BUILT_IN_SOURCES, CANONICAL_OBJECT_NAMES, CANONICAL_OBJECTS, mappedFileName, mappingProblems } from './catalogue.ts';
import { ConfigError } from './errors.ts';
import { nearestKey, unknownKeyMessage } from './config-keys.ts';
import { deliverySchema } from './delivery-config.ts';

/** Funnel stages and exits, in the order the funnel runs. */
export const STAGES = ['inquiry', 'mql', 'sal', 'sql', 'won', 'rejected', 'recycled', 'lost'] as const;
export type Stage = (typeof STAGES)[number];

export const SOURCE_CATEGORIES = ['marketing', 'sales', 'partner', 'unknown'] as const;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like "09:00"');
/** True when y-m-d is a day of the calendar (no 2026-02-30, no month 13). */
export function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const isoDate = z.string().refine((value) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return !!match && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}, { error: (issue) => `"${String(issue.input)}" is not a day of the calendar; write a real date like "2026-12-25"` });

const isoMonth = z.string().refine((value) => /^\d{4}-(0[1-9]|1[0-2])$/.test(value), {
  error: (issue) => `"${String(issue.input)}" is not a month; write one like "2026-10" (months 01 to 12)`,
});

const calendarSchema = z.strictObject({
  timezone: z.string().default('UTC'),
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  workdays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
  start: clock.default('09:00'),
  end: clock.default('17:00'),
  holidays: z.array(isoDate).default([]),
  /** Run each owner's clock in the owner's own time zone (from the CRM user), company hours and holidays. */
  owner_time_zones: z.boolean().default(true),
});

const slaSchema = z.strictObject({
  routing_minutes: z.number().positive().default(60),
  response_minutes: z.number().positive().default(240),
  disposition_minutes: z.number().positive().default(960),
  partner_response_minutes: z.number().positive().default(480),
  compliance_target: z.number().min(0).max(1).default(0.9),
  /** How many days back a breaching lead's clock may have started and still be listed as breaching right now. */
  breach_window_days: z.number().int().min(1).max(366).default(30),
  /** Targets that differ by segment, source category or partner; the most specific match wins. */
  overrides: z
    .array(
      z.strictObject({
        sla: z.enum(['routing', 'response', 'disposition', 'partner_response']),
        segment: z.string().optional(),
        source_category: z.enum(SOURCE_CATEGORIES).optional(),
        partner: z.string().optional(),
        minutes: z.number().positive(),
      }),
    )
    .default([]),
});

/** Default score column of each source's lead export; Salesforce has no standard score field. */
export const DEFAULT_SCORE_COLUMNS = { marketo: 'leadScore', hubspot: 'HubSpot Score' } as const;

const scoringSchema = z
  .strictObject({
    /** The header that holds the lead score, per source (a Salesforce field's API name, e.g. "Lead_Score__c"; none by default). */
    score_columns: z
      .strictObject({
        marketo: z.string().min(1).default(DEFAULT_SCORE_COLUMNS.marketo),
        hubspot: z.string().min(1).default(DEFAULT_SCORE_COLUMNS.hubspot),
        salesforce: z.string().min(1).optional(),
      })
      .prefault({}),
    /** "deciles" (ten bands of equal size over the MQLs' scores), or the ascending lower bounds of explicit bands, e.g. [0, 40, 80]. */
    bands: z
      .union([
        z.literal('deciles'),
        z.array(z.number()).min(2).refine((bounds) => bounds.every((b, i) => i === 0 || b > bounds[i - 1]!), {
          error: 'list the lower bounds of the bands in ascending order, e.g. [0, 40, 80]',
        }),
      ], { error: 'must be "deciles" or a list of ascending lower bounds, e.g. [0, 40, 80]' })
      .default('deciles'),
    /** The score at which a lead becomes an MQL, e.g. 100; the threshold check compares the leads just above and just below it. */
    mql_threshold: z.number().optional(),
    /** How many points on each side of the threshold count as "just above" and "just below". */
    threshold_band_width: z.number().positive().default(10),
  });

/** Default mapping of stock and common custom Salesforce lead statuses to funnel stages (docs/definitions.md, "Funnel stages"). */
export const DEFAULT_SALESFORCE_LEAD_STATUS: Record<string, Stage> = {
  'new': 'inquiry',
  'open': 'inquiry',
  'inquiry': 'inquiry',
  'open - not contacted': 'mql',
  'mql': 'mql',
  'marketing qualified': 'mql',
  'marketing qualified lead': 'mql',
  'working - contacted': 'sal',
  'sal': 'sal',
  'sales accepted': 'sal',
  'accepted': 'sal',
  'working': 'sal',
  'closed - converted': 'sql',
  'sql': 'sql',
  'sales qualified': 'sql',
  'qualified': 'sql',
  'converted': 'sql',
  'closed - not converted': 'rejected',
  'disqualified': 'rejected',
  'unqualified': 'rejected',
  'rejected': 'rejected',
  'nurture': 'recycled',
  'recycled': 'recycled',
};

/**
 * Default mapping of HubSpot's stock lifecycle stages (export labels and internal values). HubSpot's
 * "Sales Qualified Lead" means sales accepted the lead (SAL); an Opportunity is what the funnel calls SQL.
 */
export const DEFAULT_HUBSPOT_LIFECYCLE_STAGE: Record<string, Stage> = {
  'subscriber': 'inquiry',
  'lead': 'inquiry',
  'marketing qualified lead': 'mql',
  'marketingqualifiedlead': 'mql',
  'sales qualified lead': 'sal',
  'salesqualifiedlead': 'sal',
  'opportunity': 'sql',
  'customer': 'won',
};

/** Default mapping of HubSpot lead statuses that end or pause the funnel. */
export const DEFAULT_HUBSPOT_LEAD_STATUS: Record<string, Stage> = {
  'unqualified': 'rejected',
  'bad timing': 'recycled',
  'bad_timing': 'recycled',
};

/** What a HubSpot deal stage means for the deal, when the export has no outcome columns (`Is Closed Won`, …). */
export const DEAL_OUTCOMES = ['won', 'lost', 'open'] as const;
export type DealOutcome = (typeof DEAL_OUTCOMES)[number];

/**
 * Default outcome of HubSpot deal stages by label or internal id, in any pipeline. Custom won
 * stages (`Paid`, `Contract Signed`) need config: `stages.hubspot_deal_stage`, keyed by the stage
 * label or by `<stage> (<pipeline>)` as the `Date entered "…"` headers spell it.
 */
export const DEFAULT_HUBSPOT_DEAL_STAGE: Record<string, DealOutcome> = {
  'closed won': 'won',
  'closedwon': 'won',
  'closed lost': 'lost',
  'closedlost': 'lost',
};

/**
 * Default funnel stage of Marketo revenue stages, by name (the stages of Marketo's revenue cycle
 * model template). Bulk extracts may write the stage's id instead: map ids in config
 * (`stages.marketo_revenue_stage`, keyed by id, name, or `<model id>:<stage>`).
 */
export const DEFAULT_MARKETO_REVENUE_STAGE: Record<string, Stage> = {
  'known': 'inquiry',
  'engaged': 'inquiry',
  'inquiry': 'inquiry',
  'mql': 'mql',
  'marketing qualified': 'mql',
  'marketing qualified lead': 'mql',
  'sal': 'sal',
  'sales accepted': 'sal',
  'sql': 'sql',
  'sales qualified': 'sql',
  'opportunity': 'sql',
  'customer': 'won',
  'won': 'won',
  'recycled': 'recycled',
  'disqualified': 'rejected',
};

/** Default lead-source categories (docs/definitions.md, "Who sourced it"), matched case-insensitively. */
export const DEFAULT_SOURCE_CATEGORIES: Record<'marketing' | 'sales' | 'partner', string[]> = {
  marketing: ['web', 'online form', 'webinar', 'seminar', 'trade show', 'event', 'advertisement', 'paid search', 'organic search', 'email', 'social', 'content', 'phone inquiry',
    // HubSpot's Original Source labels for marketing channels.
    'email marketing', 'organic social', 'social media', 'paid social', 'referrals', 'direct traffic', 'other campaigns', 'ai referrals'],
  sales: ['cold call', 'outbound', 'prospecting', 'sales generated',
    // HubSpot's Offline Sources created by a salesperson (its first drill-down; other offline sources, such as imports, stay unknown).
    'offline sources (crm ui)', 'offline sources (crm_ui)', 'offline sources (sales)', 'offline sources (extension)', 'offline sources (sales extension)',
    'offline sources (bcc_to_crm)', 'offline sources (meetings)'],
  partner: ['partner', 'partner referral', 'reseller'],
};

/** One mapped CSV: which canonical object it holds and which header holds each lake column. */
const mappedFileSchema = z.strictObject({
  object: z.enum(CANONICAL_OBJECT_NAMES, { error: `must be one of ${CANONICAL_OBJECT_NAMES.join(', ')}` }),
  columns: z.record(
    z.string(),
    z.union(
      [z.string().min(1), z.array(z.string().min(1)).min(1), z.strictObject({ constant: z.union([z.string(), z.number(), z.boolean()]) })],
      { error: 'must be the header that holds this column, a list of headers, or { "constant": value } for a value every row shares' },
    ),
  ),
});

/** Any other CRM: a plain CSV per object plus a column mapping (the canonical objects are in core/catalogue.ts). */
const mappedSourcesSchema = z
  .record(
    z.string(),
    z.strictObject({
      /** Times without an offset are local to `ingest.source_time_zone` (default: UTC). */
      local_times: z.boolean().default(false),
      files: z.record(z.string(), mappedFileSchema),
    }),
  )
  // Runs even when a file's entry has other problems, so every problem is named at once; only the
  // parts that are well-formed are checked here.
  .superRefine((sources, ctx) => {
    for (const [source, mapped] of Object.entries(sources ?? {})) {
      if (!/^[a-z][a-z0-9_]*$/.test(source)) {
        ctx.addIssue({ code: 'custom', path: [source], message: `"${source}" must be a folder name in lower-case letters, digits and _ (e.g. "pipedrive")` });
      } else if (BUILT_IN_SOURCES.includes(source)) {
        ctx.addIssue({ code: 'custom', path: [source], message: `"${source}" has its own connector; give the mapped source another name` });
      }
      const files: Record<string, { object?: unknown; columns?: unknown }> = typeof mapped?.files === 'object' && mapped.files !== null ? mapped.files : {};
      if (!Object.keys(files).length) {
        ctx.addIssue({ code: 'custom', path: [source, 'files'], message: 'names no file; add one, e.g. "people": { "object": "lead", "columns": { "lead_id": "Person ID", … } }' });
      }
      for (const [fileKey, file] of Object.entries(files)) {
        if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/.test(fileKey)) {
          ctx.addIssue({ code: 'custom', path: [source, 'files', fileKey], message: `"${fileKey}" must be the file's base name (e.g. "people" for people.csv)` });
        }
        const object = CANONICAL_OBJECT_NAMES.find((name) => name === file?.object);
        if (!object || typeof file.columns !== 'object' || file.columns === null) continue;
        for (const problem of mappingProblems(object, file.columns as Record<string, string>, mappedFileName(fileKey))) {
          const known = Object.keys(CANONICAL_OBJECTS[object]);
          const [column] = problem.path;
          const nearest = problem.path.length === 1 && column !== undefined && !known.includes(column) ? nearestKey(column, known) : undefined;
          const message = nearest ? `${problem.message} (did you mean "${nearest}"?)` : problem.message;
          ctx.addIssue({ code: 'custom', path: [source, 'files', fileKey, 'columns', ...problem.path], message });
        }
      }
    }
  }, { when: () => true });

const configSchema = z.strictObject({
  company: z
    .strictObject({
      name: z.string().default('Your company'),
      /** The CRM's base address, so reports can link each lead to its record, e.g. https://acme.my.salesforce.com */
      crm_url: z
        .url({ protocol: /^https?$/, error: 'must be an https: (or http:) address like "https://acme.my.salesforce.com"' })
        .optional(),
    })
    .prefault({}),
  calendar: calendarSchema.prefault({}),
  sla: slaSchema.prefault({}),
  stages: z
    .strictObject({
      salesforce_lead_status: z.record(z.string(), z.enum(STAGES)).default({}),
      hubspot_lifecycle_stage: z.record(z.string(), z.enum(STAGES)).default({}),
      hubspot_lead_status: z.record(z.string(), z.enum(STAGES)).default({}),
      /** HubSpot deal stage → won, lost or open; key: the stage label, or `<stage> (<pipeline>)` for one pipeline. */
      hubspot_deal_stage: z.record(z.string(), z.enum(DEAL_OUTCOMES)).default({}),
      /** Marketo revenue stage (id or name, or `<model id>:<stage>`) → funnel stage. */
      marketo_revenue_stage: z.record(z.string(), z.enum(STAGES)).default({}),
    })
    .prefault({}),
  source_categories: z
    .strictObject({
      marketing: z.array(z.string()).default([]),
      sales: z.array(z.string()).default([]),
      partner: z.array(z.string()).default([]),
    })
    .prefault({}),
  funnel: z
    .strictObject({
      /** An MQL with no later stage after this many days counts as stalled (leakage). */
      stalled_after_days: z.number().positive().default(30),
      /** A lead owned by a queue longer than this many hours counts as a contactability problem. */
      queue_hours_limit: z.number().positive().default(24),
      /** Marketing's side of the agreement: MQLs per month, e.g. { "2026-10": 400 }. */
      mql_targets: z.record(isoMonth, z.number().nonnegative()).default({}),
    })
    .prefault({}),
  currency: z
    .strictObject({
      /** The currency every amount is reported in. */
      reporting: z.string().regex(/^[A-Z]{3}$/, 'an ISO currency code like "USD"').default('USD'),
      /** Units of the reporting currency per unit of each other currency, e.g. { "EUR": 1.08 }. */
      rates: z.record(z.string().regex(/^[A-Z]{3}$/, 'an ISO currency code like "EUR"'), z.number().positive()).default({}),
    })
    .prefault({}),
  ingest: z
    .strictObject({
      /** Time zone of exports that write local times without an offset (HubSpot's account time zone). */
      source_time_zone: z.string().default('UTC'),
      /** Force one encoding for every file (e.g. "latin-1") instead of detecting UTF-8 / Windows-1252. */
      encoding: z
        .string()
        .refine(isKnownEncoding, { error: (issue) => `"${String(issue.input)}" is not an encoding Handoff can read; use "utf-8", "latin-1", "windows-1252", "utf-16" or another WHATWG encoding label` })
        .optional(),
      /** Most columns an export file may have; a wider file is refused before its rows are read (default 2,000). */
      max_columns: z.number().int().min(10).max(100_000).optional(),
      /** Caps against ZIP bombs (defaults: 4,096 MB per entry, 16,384 MB per archive, ratio 100 : 1 for entries over 10 MB). */
      zip: z
        .strictObject({
          max_entry_mb: z.number().positive().optional(),
          max_total_mb: z.number().positive().optional(),
          max_ratio: z.number().min(2).optional(),
        })
        .optional(),
    })
    .prefault({}),
  history: z
    .strictObject({
      /** A month is closed this many days after it ends: its figures are then published and kept as they were. */
      close_after_days: z.number().int().min(0).max(60).default(5),
      /** Nightly snapshots kept in the lake's history (older ones are removed, except each month's published one). */
      keep_nights: z.number().int().min(2).max(3650).default(35),
      /** Closed months snapshotted and kept, counted back from the as-of month. */
      keep_months: z.number().int().min(1).max(120).default(24),
      /** Days the restatements of closed months stay listed on What changed, each with the night that found it. */
      restatement_days: z.number().int().min(1).max(3650).default(90),
    })
    .prefault({}),
  /** Other CRMs' plain CSV exports, each with a column mapping onto a canonical object. */
  mapped_sources: mappedSourcesSchema.default({}),
  scoring: scoringSchema.prefault({}),
  /** Salesforce fields that hold the reason a lead was rejected, tried in order. */
  rejection_reason_fields: z.array(z.string()).default(['Disqualified_Reason__c', 'Rejection_Reason__c', 'Unqualified_Reason__c']),
  /** Digests by email and Slack: recipients per audience, team and rep, and their schedule. */
  delivery: deliverySchema,
});

export type HandoffConfig = z.infer<typeof configSchema>;
export type CalendarConfig = HandoffConfig['calendar'];

/** Validates a parsed config object; every problem names its key and the fix. */
export function parseConfig(raw: unknown, where = 'config'): HandoffConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) {
    const problems = result.error.issues.flatMap((issue) => {
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => unknownKeyMessage(configSchema, issue.path, key));
      // A record key that fails its own check (a month like 2026-13): say why, not just "invalid key".
      let message = issue.code === 'invalid_key' ? issue.issues.map((inner) => inner.message).join('; ') : issue.message;
      if (issue.code === 'invalid_value') {
        const given = valueAt(raw, issue.path);
        const nearest = typeof given === 'string' ? nearestKey(given, issue.values.map(String)) : undefined;
        if (nearest) message = `${message} (given "${given}"; did you mean "${nearest}"?)`;
      }
      return [`${issue.path.join('.') || '(top level)'}: ${message}`];
    });
    throw new ConfigError(`${where} is not valid:\n  ${problems.join('\n  ')}`);
  }
  const config = result.data;
  assertTimeZone(config.calendar.timezone, `${where}: calendar.timezone`);
  assertTimeZone(config.ingest.source_time_zone, `${where}: ingest.source_time_zone`);
  if (config.calendar.start >= config.calendar.end) {
    throw new ConfigError(`${where}: calendar.start (${config.calendar.start}) must be before calendar.end (${config.calendar.end})`);
  }
  return config;
}

// The raw value at a zod issue's path, to name what was given.
function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let current = raw;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** Reads and validates a JSON config file; the only place config is read from disk. */
export function loadConfig(path?: string): HandoffConfig {
  if (!path) return parseConfig({});
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseConfig(raw, path);
}

/** Throws a ConfigError unless the runtime knows the IANA time zone. */
export function assertTimeZone(tz: string, where: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new ConfigError(`${where}: "${tz}" is not an IANA time zone; use a name like "Europe/Berlin" or "UTC"`);
  }
}

/** The lead-status → stage map: defaults overlaid with config, keys lower-cased. */
export function leadStatusStages(config: HandoffConfig): Record<string, Stage> {
  const map: Record<string, Stage> = { ...DEFAULT_SALESFORCE_LEAD_STATUS };
  for (const [value, stage] of Object.entries(config.stages.salesforce_lead_status)) map[value.trim().toLowerCase()] = stage;
  return map;
}

/** HubSpot lifecycle-stage and lead-status maps: defaults overlaid with config, keys lower-cased. */
export function hubspotStages(config: HandoffConfig): { lifecycle: Record<string, Stage>; leadStatus: Record<string, Stage> } {
  const overlay = (defaults: Record<string, Stage>, custom: Record<string, Stage>) => {
    const map = { ...defaults };
    for (const [value, stage] of Object.entries(custom)) map[labelKey(value)] = stage;
    return map;
  };
  return {
    lifecycle: overlay(DEFAULT_HUBSPOT_LIFECYCLE_STAGE, config.stages.hubspot_lifecycle_stage),
    leadStatus: overlay(DEFAULT_HUBSPOT_LEAD_STATUS, config.stages.hubspot_lead_status),
  };
}

/** A HubSpot label as staging compares it: spaces trimmed and collapsed, lower case (`Closed Lost  (Texas)` → `closed lost (texas)`). */
export function labelKey(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** HubSpot deal stage → outcome: defaults overlaid with config, keys as labelKey spells them. */
export function hubspotDealStages(config: HandoffConfig): Record<string, DealOutcome> {
  const map: Record<string, DealOutcome> = { ...DEFAULT_HUBSPOT_DEAL_STAGE };
  for (const [value, outcome] of Object.entries(config.stages.hubspot_deal_stage)) map[labelKey(value)] = outcome;
  return map;
}

/** Marketo revenue stage → funnel stage: defaults overlaid with config, keys as labelKey spells them. */
export function marketoRevenueStages(config: HandoffConfig): Record<string, Stage> {
  const map: Record<string, Stage> = { ...DEFAULT_MARKETO_REVENUE_STAGE };
  for (const [value, stage] of Object.entries(config.stages.marketo_revenue_stage)) map[labelKey(value)] = stage;
  return map;
}

/** The lead-source → category map: defaults extended by config, keys lower-cased. */
export function sourceCategories(config: HandoffConfig): Record<string, string> {
  const map: Record<string, string> = {};
  for (const category of ['marketing', 'sales', 'partner'] as const) {
    for (const value of [...DEFAULT_SOURCE_CATEGORIES[category], ...config.source_categories[category]]) map[value.trim().toLowerCase()] = category;
  }
  return map;
}

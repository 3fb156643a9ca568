import { calendarWindows } from './calendar.ts';
import { definitionsHash, effectiveDefinitions } from './definitions.ts';
import { assertTimeZone, hubspotDealStages, hubspotStages, leadStatusStages, marketoRevenueStages, sourceCategories, type HandoffConfig } from './config.ts';

/** A small table the models ref like a model (as dbt seeds), built from config and run facts. */
export interface Seed {
  name: string;
  columns: Record<string, 'varchar' | 'double' | 'bigint' | 'timestamp' | 'boolean' | 'date'>;
  rows: Array<Record<string, string | number | boolean | null>>;
}

/** Which later stage implies which earlier one (a converted lead was accepted and qualified first). */
const STAGE_IMPLICATIONS: Array<[string, string]> = [
  ['sal', 'mql'], ['sql', 'mql'], ['sql', 'sal'], ['won', 'mql'], ['won', 'sal'], ['won', 'sql'],
  ['lost', 'mql'], ['lost', 'sal'], ['lost', 'sql'], ['rejected', 'mql'], ['recycled', 'mql'],
];

/**
 * Which export files each source needs for which numbers. A source that sent some files but not
 * these still runs; data health says, in one line per missing file, what the night could not
 * count. (The README's table of needed files says the same.)
 */
export const EXPORT_REQUIREMENTS: Array<{ source: string; object: string; file: string; without: string }> = [
  { source: 'salesforce', object: 'lead', file: 'Lead.csv', without: 'no leads: the funnel starts at contacts and opportunities' },
  { source: 'salesforce', object: 'user', file: 'User.csv', without: 'owners are known only by id: no names, teams, roles or owner time zones (one "Unknown team", the company calendar)' },
  { source: 'salesforce', object: 'lead_history', file: 'LeadHistory.csv', without: 'stage and owner changes are not dated: stages implied by the current status are dated at creation (inferred) and routing is not measured' },
  { source: 'salesforce', object: 'opportunity', file: 'Opportunity.csv', without: 'no pipeline, revenue, win rates or attribution; SQL only from conversions and statuses' },
  { source: 'salesforce', object: 'task', file: 'Task.csv', without: 'no calls or emails: response SLAs see only meetings (Event.csv)' },
  { source: 'salesforce', object: 'event', file: 'Event.csv', without: 'no meetings: response SLAs see only calls and emails (Task.csv)' },
  { source: 'salesforce', object: 'campaign', file: 'Campaign.csv', without: 'campaigns have no names, types or costs' },
  { source: 'salesforce', object: 'campaign_member', file: 'CampaignMember.csv', without: 'no marketing touches: attribution credits no campaign and campaign ROI is empty' },
  { source: 'hubspot', object: 'contact', file: 'contacts export', without: 'no HubSpot people: no funnel from HubSpot' },
  { source: 'hubspot', object: 'deal', file: 'deals export', without: 'no HubSpot pipeline, revenue or win rates' },
  { source: 'hubspot', object: 'engagement', file: 'engagements.csv', without: 'no HubSpot calls, emails or meetings: response SLAs read as never touched' },
  { source: 'hubspot', object: 'owner', file: 'owners.csv', without: 'HubSpot owners have no teams or time zones' },
  { source: 'marketo', object: 'lead', file: 'leads.csv', without: 'no Marketo people' },
  { source: 'marketo', object: 'activity', file: 'activities.csv', without: 'no Marketo touches: attribution and campaign ROI miss Marketo programs' },
];

export interface SeedFacts {
  asOf: string;
  /** Time zones of CRM users, used for owner calendars when config allows. */
  ownerTimeZones: string[];
  /** First day the calendars must cover (the oldest record's date). */
  fromDate: string;
}

/** Builds every seed the models need from validated config and facts read off the lake. */
export function buildSeeds(config: HandoffConfig, facts: SeedFacts): Seed[] {
  const toDate = new Date(Date.parse(facts.asOf) + 400 * 86_400_000).toISOString().slice(0, 10);
  const calendarIds = new Map<string, string>([['company', config.calendar.timezone]]);
  if (config.calendar.owner_time_zones) {
    for (const tz of facts.ownerTimeZones) {
      try {
        assertTimeZone(tz, 'user time zone');
        calendarIds.set(tz, tz);
      } catch {
        // An unknown zone in the CRM falls back to the company calendar (leads.calendar shows which).
      }
    }
  }
  const windows = [...calendarIds].flatMap(([id, tz]) => calendarWindows(id, config.calendar, tz, facts.fromDate, toDate));
  return [
    {
      name: 'run_context',
      columns: { as_of_at: 'timestamp', stalled_after_days: 'double', queue_hours_limit: 'double', close_after_days: 'bigint', keep_months: 'bigint', restatement_days: 'bigint' },
      rows: [{
        as_of_at: facts.asOf.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''), stalled_after_days: config.funnel.stalled_after_days, queue_hours_limit: config.funnel.queue_hours_limit,
        close_after_days: config.history.close_after_days, keep_months: config.history.keep_months, restatement_days: config.history.restatement_days,
      }],
    },
    {
      name: 'definitions', columns: { definition_key: 'varchar', area: 'varchar', definition_value: 'varchar', definitions_hash: 'varchar' },
      rows: definitionRows(config),
    },
    {
      name: 'mql_targets', columns: { month: 'date', mql_target: 'double' },
      rows: Object.entries(config.funnel.mql_targets).map(([month, mql_target]) => ({ month: `${month}-01`, mql_target })),
    },
    {
      name: 'calendars', columns: { calendar_id: 'varchar', time_zone: 'varchar' },
      rows: [...calendarIds].map(([calendar_id, time_zone]) => ({ calendar_id, time_zone })),
    },
    {
      name: 'calendar_windows',
      columns: { calendar_id: 'varchar', window_start_at: 'timestamp', next_window_start_at: 'timestamp', window_seconds: 'bigint', seconds_before: 'bigint' },
      rows: windows as unknown as Seed['rows'],
    },
    {
      name: 'stage_map', columns: { source: 'varchar', status_value: 'varchar', stage: 'varchar' },
      rows: [
        ...Object.entries(leadStatusStages(config)).map(([status_value, stage]) => ({ source: 'salesforce', status_value, stage })),
        ...Object.entries(hubspotStages(config).lifecycle).map(([status_value, stage]) => ({ source: 'hubspot_lifecycle_stage', status_value, stage })),
        ...Object.entries(hubspotStages(config).leadStatus).map(([status_value, stage]) => ({ source: 'hubspot_lead_status', status_value, stage })),
        // Not a funnel stage: the deal's outcome (won, lost, open).
        ...Object.entries(hubspotDealStages(config)).map(([status_value, stage]) => ({ source: 'hubspot_deal_stage', status_value, stage })),
        ...Object.entries(marketoRevenueStages(config)).map(([status_value, stage]) => ({ source: 'marketo_revenue_stage', status_value, stage })),
      ],
    },
    {
      name: 'stage_implications', columns: { stage: 'varchar', implied_stage: 'varchar' },
      rows: STAGE_IMPLICATIONS.map(([stage, implied_stage]) => ({ stage, implied_stage })),
    },
    {
      name: 'source_category_map', columns: { lead_source_value: 'varchar', source_category: 'varchar' },
      rows: Object.entries(sourceCategories(config)).map(([lead_source_value, source_category]) => ({ lead_source_value, source_category })),
    },
    {
      name: 'sla_target_overrides',
      columns: { sla: 'varchar', segment: 'varchar', source_category: 'varchar', partner_name: 'varchar', target_minutes: 'double', specificity: 'bigint', override_order: 'bigint' },
      rows: config.sla.overrides.map((o, i) => ({
        sla: o.sla, segment: o.segment ?? null, source_category: o.source_category ?? null, partner_name: o.partner ?? null,
        target_minutes: o.minutes, specificity: [o.segment, o.source_category, o.partner].filter((v) => v !== undefined).length, override_order: i,
      })),
    },
    {
      name: 'currency_rates', columns: { currency_code: 'varchar', rate_to_reporting: 'double', is_reporting: 'boolean' },
      rows: [
        { currency_code: config.currency.reporting, rate_to_reporting: 1, is_reporting: true },
        ...Object.entries(config.currency.rates)
          .filter(([code]) => code !== config.currency.reporting)
          .map(([currency_code, rate]) => ({ currency_code, rate_to_reporting: rate, is_reporting: false })),
      ],
    },
    {
      name: 'export_requirements', columns: { source: 'varchar', object: 'varchar', file: 'varchar', without: 'varchar' },
      rows: EXPORT_REQUIREMENTS,
    },
    ...scoringSeeds(config),
    {
      name: 'sla_targets', columns: { sla: 'varchar', target_minutes: 'double' },
      rows: [
        { sla: 'routing', target_minutes: config.sla.routing_minutes },
        { sla: 'response', target_minutes: config.sla.response_minutes },
        { sla: 'disposition', target_minutes: config.sla.disposition_minutes },
        { sla: 'partner_response', target_minutes: config.sla.partner_response_minutes },
      ],
    },
  ];
}

// How scores are banded and where the MQL threshold sits (config: scoring); explicit bands as lower and upper bounds.
function scoringSeeds(config: HandoffConfig): Seed[] {
  const { bands, mql_threshold, threshold_band_width, score_columns } = config.scoring;
  const bounds = bands === 'deciles' ? [] : bands;
  return [
    {
      name: 'scoring_settings',
      columns: { band_mode: 'varchar', mql_threshold: 'double', threshold_band_width: 'double', salesforce_score_field: 'varchar', marketo_score_field: 'varchar' },
      rows: [{
        band_mode: bands === 'deciles' ? 'deciles' : 'explicit',
        mql_threshold: mql_threshold ?? null,
        threshold_band_width,
        salesforce_score_field: score_columns.salesforce?.trim().toLowerCase() ?? null,
        // Marketo's Change Score activities name the field by its display name ("Lead Score"): compared without spaces or case.
        marketo_score_field: score_columns.marketo.replace(/\s+/g, '').toLowerCase(),
      }],
    },
    {
      name: 'score_bands', columns: { band_order: 'bigint', band_min_score: 'double', band_max_score: 'double' },
      rows: bounds.map((min, i) => ({ band_order: i + 1, band_min_score: min, band_max_score: bounds[i + 1] ?? null })),
    },
  ];
}

/** The names of all seeds, so model ordering can tell a seed ref from a missing model. */
export const SEED_NAMES = ['run_context', 'definitions', 'calendars', 'calendar_windows', 'stage_map', 'stage_implications', 'source_category_map', 'sla_targets', 'currency_rates', 'mql_targets', 'sla_target_overrides', 'export_requirements', 'scoring_settings', 'score_bands'];

// The night's effective definitions as seed rows, each carrying the hash of the whole set.
function definitionRows(config: HandoffConfig): Seed['rows'] {
  const definitions = effectiveDefinitions(config);
  const hash = definitionsHash(definitions);
  return definitions.map((d) => ({ definition_key: d.key, area: d.area, definition_value: d.value, definitions_hash: hash }));
}

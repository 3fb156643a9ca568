// Writes the report site's build-time data: one small JSON file per SQL query over the marts (site-queries.ts), the
// list files behind the numbers with each list's length (site-lists.ts), and meta.json from config.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hubspotDealStages, hubspotStages, leadStatusStages, marketoRevenueStages, sourceCategories, type HandoffConfig } from '../core/config.ts';
import type { Engine, Row } from '../core/engine.ts';
import type { AsOfSource } from '../core/models.ts';
import { RESTATEMENT_RECORD_LIMIT } from './site-queries-history.ts';
import { CAMPAIGN_LIST_LIMIT, CAMPAIGN_OPPORTUNITY_LIMIT, dropCampaignOpportunities, prepareCampaignOpportunities } from './site-queries-campaigns.ts';
import { writeListFiles } from './site-lists.ts';
import { BREACH_LIST_LIMIT, LEAD_LIST_LIMIT, siteQueries, SiteDataQueryError, windowOf } from './site-queries.ts';


// Small reshaping of a file's rows after the query: example columns into a list, a score band's leads under their band.
const SHAPES: Record<string, (rows: Row[]) => unknown[]> = {
  rejection_reasons: (rows) =>
    rows.map((row) => {
      const out: Record<string, unknown> = {};
      const examples: Array<Record<string, unknown>> = [];
      for (const [key, value] of Object.entries(row)) {
        const match = /^example_(\d+)_(\w+)$/.exec(key);
        if (!match) out[key] = value;
        else if (row[`example_${match[1]}_person_id`] !== null) (examples[Number(match[1]) - 1] ??= {})[match[2]!] = value;
      }
      return { ...out, examples: examples.filter(Boolean) };
    }),
  score_band_leads: (rows) => {
    const bands = new Map<unknown, { band_order: unknown; score_band: unknown; total: unknown; entries: unknown[] }>();
    for (const row of rows) {
      let band = bands.get(row.band_order);
      if (!band) bands.set(row.band_order, (band = { band_order: row.band_order, score_band: row.score_band, total: row.band_total, entries: [] }));
      band.entries.push({
        person_id: row.person_id, lead_id: row.lead_id, person_name: row.person_name, company: row.company, source_category: row.source_category, mql_at: row.mql_at,
        score_at_mql: row.score_at_mql, is_score_current_not_historic: row.is_score_current_not_historic, furthest_stage: row.furthest_stage,
      });
    }
    return [...bands.values()];
  },
};

/** Writes the site's JSON data files, its list files (lists/) and their lengths from the marts; returns the files written with their row (or list) counts. */
export async function writeSiteData(
  engine: Engine,
  dir: string,
  context: SiteMetaContext,
): Promise<Record<string, number>> {
  mkdirSync(dir, { recursive: true });
  await prepareCampaignOpportunities(engine);
  try {
    return await writeSiteFiles(engine, dir, context);
  } finally {
    await dropCampaignOpportunities(engine);
  }
}

async function writeSiteFiles(engine: Engine, dir: string, context: SiteMetaContext): Promise<Record<string, number>> {
  const written: Record<string, number> = {};
  for (const [name, sql] of Object.entries(siteQueries(context.asOf, context.config.sla.breach_window_days))) {
    let rows: Row[];
    try {
      rows = await engine.query(sql);
    } catch (cause) {
      throw new SiteDataQueryError(`The query for site data file ${name}.json failed: ${(cause as Error).message}`, { cause });
    }
    const shaped = SHAPES[name]?.(rows) ?? rows;
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(shaped));
    written[`${name}.json`] = shaped.length;
  }
  const lists = await writeListFiles(engine, dir, windowOf(context.asOf, context.config.sla.breach_window_days));
  written['lists/*.csv'] = Object.values(lists.files).reduce((n, files) => n + files, 0);
  // Every list's length, so a page links a number to its list only when the list exists, and says how much it shows.
  const leadTotals = lists.totals.lead.map(({ dimension, key, ...rest }) => ({ ...rest, ...(dimension === null ? {} : { dimension, key }) }));
  writeFileSync(join(dir, 'lead_list_totals.json'), JSON.stringify(leadTotals));
  written['lead_list_totals.json'] = leadTotals.length;
  writeFileSync(join(dir, 'campaign_list_totals.json'), JSON.stringify(lists.totals.campaign));
  written['campaign_list_totals.json'] = lists.totals.campaign.length;
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(siteMeta(context), null, 1));
  written['meta.json'] = 1;
  return written;
}

/** What meta.json is made of: the config, and when and how the night's as-of time was chosen. */
export interface SiteMetaContext {
  config: HandoffConfig;
  asOf: string;
  /** Where the as-of time came from (default: the exports' newest change). */
  asOfSource?: AsOfSource;
  generatedAt: string;
}

/** meta.json: who the numbers are for, when they were cut, and the config facts the definitions page states. */
export function siteMeta(context: SiteMetaContext): Record<string, unknown> {
  const { calendar, sla, company, funnel, currency } = context.config;
  return {
    company: company.name,
    crm_url: company.crm_url ? company.crm_url.replace(/\/+$/, '') : null,
    as_of: context.asOf,
    as_of_source: context.asOfSource ?? 'exports',
    generated_at: context.generatedAt,
    calendar: `${weekdays(calendar.workdays)} ${calendar.start}–${calendar.end} ${calendar.owner_time_zones ? "in each owner's time zone" : `(${calendar.timezone})`}${calendar.holidays.length ? `, ${calendar.holidays.length} holidays` : ''}`,
    calendar_detail: {
      timezone: calendar.timezone,
      workdays: weekdays(calendar.workdays),
      start: calendar.start,
      end: calendar.end,
      holidays: calendar.holidays,
      owner_time_zones: calendar.owner_time_zones,
    },
    sla: {
      routing_minutes: sla.routing_minutes,
      response_minutes: sla.response_minutes,
      disposition_minutes: sla.disposition_minutes,
      partner_response_minutes: sla.partner_response_minutes,
      compliance_target: sla.compliance_target,
      overrides: sla.overrides.map((o) => ({
        sla: o.sla,
        segment: o.segment ?? null,
        source_category: o.source_category ?? null,
        partner: o.partner ?? null,
        minutes: o.minutes,
      })),
    },
    stalled_after_days: funnel.stalled_after_days,
    queue_hours_limit: funnel.queue_hours_limit,
    reporting_currency: currency.reporting,
    stage_mapping: [
      ...mappingRows('Salesforce lead status', leadStatusStages(context.config)),
      ...mappingRows('HubSpot lifecycle stage', hubspotStages(context.config).lifecycle),
      ...mappingRows('HubSpot lead status', hubspotStages(context.config).leadStatus),
      // A deal stage's outcome (won, lost or open), used when the export has no outcome columns.
      ...mappingRows('HubSpot deal stage', hubspotDealStages(context.config)),
      ...mappingRows('Marketo revenue stage', marketoRevenueStages(context.config)),
    ],
    source_mapping: Object.entries(sourceCategories(context.config))
      .map(([value, category]) => ({ value, category }))
      .sort((a, b) => a.category.localeCompare(b.category, 'en') || a.value.localeCompare(b.value, 'en')),
    lead_list_limit: LEAD_LIST_LIMIT,
    breach_list_limit: BREACH_LIST_LIMIT,
    breach_window_days: context.config.sla.breach_window_days,
    campaign_opportunity_limit: CAMPAIGN_OPPORTUNITY_LIMIT,
    campaign_list_limit: CAMPAIGN_LIST_LIMIT,
    close_after_days: context.config.history.close_after_days,
    restatement_days: context.config.history.restatement_days,
    restatement_record_limit: RESTATEMENT_RECORD_LIMIT,
  };
}

const DAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function weekdays(days: number[]): string {
  const sorted = [...days].sort();
  const contiguous = sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  return contiguous && sorted.length > 1 ? `${DAY_NAMES[sorted[0]!]}–${DAY_NAMES[sorted.at(-1)!]}` : sorted.map((d) => DAY_NAMES[d]).join(', ');
}

/** One system's value → stage rows for the definitions page, sorted, each value named with its system. */
function mappingRows(system: string, map: Record<string, string>): Array<{ value: string; stage: string }> {
  return Object.entries(map)
    .map(([value, stage]) => ({ value: `${system}: ${value}`, stage }))
    .sort((a, b) => a.value.localeCompare(b.value, 'en'));
}

// Reads and validates the site's build-time data, so bad data fails the build with the file and field named.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  breachesSchema,
  rejectedUntouchedSchema,
  campaignOpportunitiesSchema,
  campaignListTotalsSchema,
  campaignPeriodsSchema,
  campaignRoiSchema,
  contactabilitySchema,
  dataHealthSchema,
  funnelCohortsSchema,
  funnelMonthlySchema,
  leadListTotalsSchema,
  metaSchema,
  ownerResponseBandsSchema,
  rejectionReasonsSchema,
  lossReasonsSchema,
  responseBandsSchema,
  revenueMonthlySchema,
  slaComplianceSchema,
  slaMediansSchema,
  scoreBandLeadsSchema,
  scoreCalibrationSchema,
  scoreSourcesSchema,
  type SiteData,
} from './schema.ts';
import { closedFiguresSchema, definitionChangesSchema, restatementsSchema } from './history-schema.ts';
import { listFileOf } from './paths.ts';

export const DATA_DIR_ENV = 'HANDOFF_SITE_DATA';

/** Raised when a data file is missing, not JSON, or breaks the contract. */
export class SiteDataError extends Error {
  override name = 'SiteDataError';
}

// One message line per issue: "file: [3].compliance: what is wrong".
function describeIssues(file: string, error: z.ZodError): string {
  const lines = error.issues.slice(0, 10).map((issue) => {
    const where = issue.path
      .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
      .join('')
      .replace(/^\./, '');
    return `  ${file}: ${where || '(top level)'}: ${issue.message}`;
  });
  const more = error.issues.length > 10 ? [`  …and ${error.issues.length - 10} more`] : [];
  return [...lines, ...more].join('\n');
}

function readJson(dir: string, file: string): unknown {
  const path = join(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new SiteDataError(
      `Site data file ${path} could not be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)}). ` +
        `Write it from the marts before building the site.`,
      { cause },
    );
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new SiteDataError(`Site data file ${path} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
}

function parseFile<T>(dir: string, file: string, schema: z.ZodType<T>): T {
  const result = schema.safeParse(readJson(dir, file));
  if (!result.success) {
    throw new SiteDataError(
      `Site data file ${join(dir, file)} does not match the data contract:\n${describeIssues(file, result.error)}`,
    );
  }
  return result.data;
}

// The list files stay on disk: the site's list page fetches them in the browser, and a digest reads only the one it quotes.
function listFileReader(dir: string): (listId: string) => string | null {
  return (listId) => {
    const path = join(dir, 'lists', `${listFileOf(listId)}.csv`);
    return existsSync(path) ? readFileSync(path, 'utf8') : null;
  };
}

// A key seen twice means the mart's grain is wrong; summing it would double count.
function assertUnique<T>(file: string, rows: T[], key: (row: T) => string, grain: string): void {
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    const k = key(row);
    const first = seen.get(k);
    if (first !== undefined) {
      throw new SiteDataError(
        `Site data file ${file}: rows [${first}] and [${index}] have the same ${grain} (${k}); expected one row per ${grain}.`,
      );
    }
    seen.set(k, index);
  });
}

/** The data files the site needs, in the order they are checked. */
export const DATA_FILES = [
  'meta.json', 'funnel_monthly.json', 'funnel_cohorts.json', 'sla_compliance.json', 'sla_medians.json',
  'response_bands.json', 'owner_response_bands.json', 'revenue_monthly.json', 'campaign_roi.json',
  'campaign_opportunities.json', 'campaign_list_totals.json', 'campaign_periods.json', 'rejection_reasons.json', 'loss_reasons.json', 'contactability.json', 'data_health.json',
  'breaches.json', 'rejected_untouched.json', 'lead_list_totals.json',
  'restatements.json', 'closed_figures.json', 'definition_changes.json',
  'score_calibration.json', 'score_sources.json', 'score_band_leads.json',
] as const;

/** Loads every data file from dir; throws SiteDataError naming the file and field on bad data. */
export function loadSiteData(dir: string): SiteData {
  const data: SiteData = {
    meta: parseFile(dir, 'meta.json', metaSchema),
    funnel: parseFile(dir, 'funnel_monthly.json', funnelMonthlySchema),
    cohorts: parseFile(dir, 'funnel_cohorts.json', funnelCohortsSchema),
    sla: parseFile(dir, 'sla_compliance.json', slaComplianceSchema),
    slaMedians: parseFile(dir, 'sla_medians.json', slaMediansSchema),
    bands: parseFile(dir, 'response_bands.json', responseBandsSchema),
    ownerBands: parseFile(dir, 'owner_response_bands.json', ownerResponseBandsSchema),
    revenue: parseFile(dir, 'revenue_monthly.json', revenueMonthlySchema),
    roi: parseFile(dir, 'campaign_roi.json', campaignRoiSchema),
    campaignOpportunities: parseFile(dir, 'campaign_opportunities.json', campaignOpportunitiesSchema),
    campaignLists: parseFile(dir, 'campaign_list_totals.json', campaignListTotalsSchema),
    campaignPeriods: parseFile(dir, 'campaign_periods.json', campaignPeriodsSchema),
    rejections: parseFile(dir, 'rejection_reasons.json', rejectionReasonsSchema),
    losses: parseFile(dir, 'loss_reasons.json', lossReasonsSchema),
    contactability: parseFile(dir, 'contactability.json', contactabilitySchema),
    health: parseFile(dir, 'data_health.json', dataHealthSchema),
    breaches: parseFile(dir, 'breaches.json', breachesSchema),
    rejectedUntouched: parseFile(dir, 'rejected_untouched.json', rejectedUntouchedSchema),
    leadLists: parseFile(dir, 'lead_list_totals.json', leadListTotalsSchema),
    listFile: listFileReader(dir),
    restatements: parseFile(dir, 'restatements.json', restatementsSchema),
    closedFigures: parseFile(dir, 'closed_figures.json', closedFiguresSchema),
    definitionChanges: parseFile(dir, 'definition_changes.json', definitionChangesSchema),
    scoreCalibration: parseFile(dir, 'score_calibration.json', scoreCalibrationSchema),
    scoreSources: parseFile(dir, 'score_sources.json', scoreSourcesSchema),
    scoreBandLeads: parseFile(dir, 'score_band_leads.json', scoreBandLeadsSchema),
  };
  assertUnique('funnel_monthly.json', data.funnel, (r) => `${r.month} × ${r.source_category}`, 'month × source_category');
  assertUnique('funnel_cohorts.json', data.cohorts, (r) => r.month, 'month');
  assertUnique('sla_compliance.json', data.sla, (r) => `${r.month} × ${r.sla} × ${r.owner_id ?? '(no owner)'}`, 'month × sla × owner_id');
  assertUnique('sla_medians.json', data.slaMedians, (r) => `${r.period} × ${r.sla} × ${r.team ?? '(all teams)'}`, 'period × sla × team');
  assertUnique('response_bands.json', data.bands, (r) => `${r.month} × ${r.band}`, 'month × band');
  assertUnique('owner_response_bands.json', data.ownerBands, (r) => `${r.owner_id} × ${r.band}`, 'owner_id × band');
  assertUnique('revenue_monthly.json', data.revenue, (r) => `${r.month} × ${r.source_category}`, 'month × source_category');
  assertUnique('campaign_roi.json', data.roi, (r) => `${r.campaign_id ?? 'Unattributed'} × ${r.model}`, 'campaign × model');
  assertUnique('campaign_opportunities.json', data.campaignOpportunities, (r) => `${r.campaign_id} × ${r.opportunity_id}`, 'campaign × opportunity');
  assertUnique('campaign_list_totals.json', data.campaignLists, (r) => `${r.campaign_id} × ${r.list}`, 'campaign × list');
  assertUnique('campaign_periods.json', data.campaignPeriods, (r) => `${r.period} × ${r.campaign_id ?? 'Unattributed'} × ${r.model}`, 'period × campaign × model');
  assertUnique('rejection_reasons.json', data.rejections, (r) => `${r.dimension} × ${r.key} × ${r.reason}`, 'dimension × key × reason');
  assertUnique('loss_reasons.json', data.losses, (r) => `${r.source_category} × ${r.reason}`, 'source_category × reason');
  assertUnique('contactability.json', data.contactability, (r) => `${r.month} × ${r.source_category}`, 'month × source_category');
  assertUnique('breaches.json', data.breaches, (r) => r.person_id, 'person_id');
  assertUnique('rejected_untouched.json', data.rejectedUntouched, (r) => `${r.month} × ${r.owner_id ?? '(no owner)'}`, 'month × owner_id');
  assertUnique('lead_list_totals.json', data.leadLists, (r) => `${r.metric} × ${r.month} × ${r.dimension ?? 'all'} × ${r.key ?? ''}`, 'metric × month × dimension × key');
  assertUnique('closed_figures.json', data.closedFigures, (r) => `${r.metric} × ${r.month} × ${r.breakdown}`, 'metric × month × breakdown');
  assertUnique('score_calibration.json', data.scoreCalibration, (r) => `${r.measure} × ${r.source_category} × ${r.band_order ?? '-'} × ${r.month ?? 'all months'}`, 'measure × source_category × band × month');
  assertUnique('score_band_leads.json', data.scoreBandLeads, (r) => String(r.band_order), 'band_order');
  return {
    ...data,
    bands: [...data.bands].sort((a, b) => a.month.localeCompare(b.month) || a.band_order - b.band_order),
    ownerBands: [...data.ownerBands].sort((a, b) => a.owner_id.localeCompare(b.owner_id) || a.band_order - b.band_order),
  };
}

// The build's pages are bundled by Astro with their own copy of this module, so the data the build process checked
// before Astro started is handed to them through the process's global object, under a registered symbol.
const SHARED = Symbol.for('handoff.site-data');

/**
 * Loads and checks the data in dir once for this process (throws SiteDataError like loadSiteData), and shares it with
 * every copy of this module: the build worker calls it before Astro starts, so the pages do not read and check the
 * files again (1.4 s at 1,000,000 leads).
 */
export function shareSiteData(dir: string): SiteData {
  const data = loadSiteData(dir);
  (globalThis as Record<symbol, unknown>)[SHARED] = { dir, data };
  return data;
}

function sharedSiteData(dir: string): SiteData | undefined {
  const shared = (globalThis as Record<symbol, { dir: string; data: SiteData } | undefined>)[SHARED];
  return shared?.dir === dir ? shared.data : undefined;
}

/** The data of the current build, from the folder named by HANDOFF_SITE_DATA, read and checked once per build. */
export function siteData(): SiteData {
  const dir = process.env[DATA_DIR_ENV];
  if (!dir) {
    throw new SiteDataError(
      `${DATA_DIR_ENV} is not set. Set it to the absolute path of the folder holding the site data files (${DATA_FILES.join(', ')}).`,
    );
  }
  return sharedSiteData(dir) ?? shareSiteData(dir);
}

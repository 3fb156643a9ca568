// Reads and validates the site's build-time data, so bad data fails the build with the file and field named.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  funnelMonthlySchema,
  metaSchema,
  responseBandsSchema,
  responseSlaMonthlySchema,
  type SiteData,
} from './schema.ts';

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

/** Loads every data file from dir; throws SiteDataError naming the file and field on bad data. */
export function loadSiteData(dir: string): SiteData {
  const meta = parseFile(dir, 'meta.json', metaSchema);
  const funnel = parseFile(dir, 'funnel_monthly.json', funnelMonthlySchema);
  const sla = parseFile(dir, 'response_sla_monthly.json', responseSlaMonthlySchema);
  const bands = parseFile(dir, 'response_bands.json', responseBandsSchema);
  assertUnique('funnel_monthly.json', funnel, (r) => `${r.month} × ${r.source_category}`, 'month × source_category');
  assertUnique('response_sla_monthly.json', sla, (r) => `${r.month} × ${r.owner_id}`, 'month × owner_id');
  assertUnique('response_bands.json', bands, (r) => r.band, 'band');
  return { meta, funnel, sla, bands: [...bands].sort((a, b) => a.band_order - b.band_order) };
}

/** The data of the current build, from the folder named by HANDOFF_SITE_DATA. */
export function siteData(): SiteData {
  const dir = process.env[DATA_DIR_ENV];
  if (!dir) {
    throw new SiteDataError(
      `${DATA_DIR_ENV} is not set. Set it to the absolute path of the folder holding meta.json, ` +
        `funnel_monthly.json, response_sla_monthly.json and response_bands.json.`,
    );
  }
  return loadSiteData(dir);
}

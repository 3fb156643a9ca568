import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HandoffConfig } from '../core/config.ts';
import type { Engine } from '../core/engine.ts';

/**
 * One query per site data file, over the marts only (the site reads nothing else). Results are
 * small aggregates; the lead-level mart never crosses into JavaScript.
 */
const SITE_QUERIES: Record<string, string> = {
  funnel_monthly: `
    select strftime(month, '%Y-%m') as month, source_category, inquiries, mqls, sals, sqls, won, rejected, recycled
    from funnel_monthly order by month, source_category`,
  response_sla_monthly: `
    select strftime(month, '%Y-%m') as month, coalesce(team, 'No team') as team, owner_id, coalesce(owner_name, owner_id) as owner_name,
      handed_off, met, late, breached, pending, compliance,
      round(median_business_minutes, 1) as median_business_minutes, round(p90_business_minutes, 1) as p90_business_minutes
    from sla_compliance where sla = 'response' and owner_id is not null order by month, team, owner_name`,
  response_bands: `
    select band, band_order, sum(leads) as leads, sum(sqls) as sqls,
      cast(sum(sqls) as double) / nullif(sum(leads), 0) as conversion_rate
    from response_bands group by band, band_order order by band_order`,
};

/** Writes the site's JSON data files from the marts; returns the files written with their row counts. */
export async function writeSiteData(engine: Engine, dir: string, context: { config: HandoffConfig; asOf: string; generatedAt: string }): Promise<Record<string, number>> {
  mkdirSync(dir, { recursive: true });
  const written: Record<string, number> = {};
  for (const [name, sql] of Object.entries(SITE_QUERIES)) {
    const rows = await engine.query(sql);
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(rows, null, 1));
    written[`${name}.json`] = rows.length;
  }
  const { calendar, sla, company } = context.config;
  const meta = {
    company: company.name,
    crm_url: company.crm_url ?? null,
    as_of: context.asOf,
    generated_at: context.generatedAt,
    calendar: `${weekdays(calendar.workdays)} ${calendar.start}–${calendar.end} ${calendar.owner_time_zones ? "in each owner's time zone" : `(${calendar.timezone})`}${calendar.holidays.length ? `, ${calendar.holidays.length} holidays` : ''}`,
    response_sla_minutes: sla.response_minutes,
    compliance_target: sla.compliance_target,
  };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 1));
  written['meta.json'] = 1;
  return written;
}

const DAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function weekdays(days: number[]): string {
  const sorted = [...days].sort();
  const contiguous = sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  return contiguous && sorted.length > 1 ? `${DAY_NAMES[sorted[0]!]}–${DAY_NAMES[sorted.at(-1)!]}` : sorted.map((d) => DAY_NAMES[d]).join(', ');
}

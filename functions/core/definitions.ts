// The effective definitions of a night: the resolved config every number depends on (stage maps with their
// defaults, SLA targets and calendars, source categories, currency rates), one row per setting, with a stable hash.
// The history keeps them per night, so a changed definition is dated and a restatement it caused says so.
import { createHash } from 'node:crypto';
import { hubspotDealStages, hubspotStages, leadStatusStages, marketoRevenueStages, sourceCategories, type HandoffConfig } from './config.ts';

/** Which figures a setting can move: funnel counts, SLA results, revenue amounts, or every figure's breakdown. */
export type DefinitionArea = 'funnel' | 'sla' | 'revenue' | 'all';

/** One effective setting: a stable key, the figures it can move, and its value as text. */
export interface Definition {
  key: string;
  area: DefinitionArea;
  value: string;
}

/** Every effective setting of a config, sorted by key, so two nights' definitions compare row by row. */
export function effectiveDefinitions(config: HandoffConfig): Definition[] {
  const { sla, calendar, currency } = config;
  const rows: Definition[] = [
    ...(['routing', 'response', 'disposition', 'partner_response'] as const).map((name) => ({ key: `sla.${name}_minutes`, area: 'sla' as const, value: String(sla[`${name}_minutes`]) })),
    ...sla.overrides.map((o) => ({ key: `sla.${o.sla}_minutes[${overrideScope(o)}]`, area: 'sla' as const, value: String(o.minutes) })),
    { key: 'calendar.timezone', area: 'sla', value: calendar.timezone },
    { key: 'calendar.workdays', area: 'sla', value: [...calendar.workdays].sort().join(',') },
    { key: 'calendar.hours', area: 'sla', value: `${calendar.start}-${calendar.end}` },
    { key: 'calendar.holidays', area: 'sla', value: [...calendar.holidays].sort().join(',') },
    { key: 'calendar.owner_time_zones', area: 'sla', value: String(calendar.owner_time_zones) },
    ...mapRows('stages.salesforce_lead_status', leadStatusStages(config), 'funnel'),
    ...mapRows('stages.hubspot_lifecycle_stage', hubspotStages(config).lifecycle, 'funnel'),
    ...mapRows('stages.hubspot_lead_status', hubspotStages(config).leadStatus, 'funnel'),
    ...mapRows('stages.hubspot_deal_stage', hubspotDealStages(config), 'revenue'),
    ...mapRows('stages.marketo_revenue_stage', marketoRevenueStages(config), 'funnel'),
    ...mapRows('source_categories', sourceCategories(config), 'all'),
    { key: 'currency.reporting', area: 'revenue', value: currency.reporting },
    ...Object.entries(currency.rates).map(([code, rate]) => ({ key: `currency.rates.${code}`, area: 'revenue' as const, value: String(rate) })),
  ];
  return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A short stable hash of the definitions: equal hashes mean every setting is the same. */
export function definitionsHash(definitions: Definition[]): string {
  const text = definitions.map((d) => `${d.key}\t${d.value}`).join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function overrideScope(o: { segment?: string | undefined; source_category?: string | undefined; partner?: string | undefined }): string {
  return [o.segment !== undefined ? `segment=${o.segment}` : '', o.source_category !== undefined ? `source_category=${o.source_category}` : '', o.partner !== undefined ? `partner=${o.partner}` : '']
    .filter(Boolean)
    .join(',');
}

function mapRows(prefix: string, map: Record<string, string>, area: DefinitionArea): Definition[] {
  return Object.entries(map).map(([value, stage]) => ({ key: `${prefix}.${value}`, area, value: stage }));
}

// The definitions page's content: every metric's rule and model file, the lead lists behind it, and the config it depends on.
import { businessDuration, monthName } from '../format.ts';
import { anchor, listMetrics, metricGroups, metrics, type ListMetric, type Metric, type MetricKey } from '../metrics.ts';
import { leadListHref } from '../list-links.ts';
import { pages } from '../paths.ts';
import type { SiteData } from '../schema.ts';
import { cell, type Table } from '../table.ts';
import { weightsTable } from './campaigns.ts';

export interface DefinitionEntry {
  key: MetricKey;
  anchor: string;
  metric: Metric;
  lists: Array<{ metric: ListMetric; label: string; months: Array<{ month: string; label: string; href: string; total: number }> }>;
}

/** Every metric grouped as the definitions page shows it, with links to the lead lists behind it, newest month first. */
export function definitionGroups(data: SiteData): Array<{ key: string; title: string; entries: DefinitionEntry[] }> {
  const lists = new Map<string, Array<{ month: string; total: number }>>();
  // Only the lists of every lead of a month: a team's, owner's, partner's or source's list is one part of it.
  for (const l of data.leadLists) if (!l.dimension) lists.set(l.metric, [...(lists.get(l.metric) ?? []), { month: l.month, total: l.total }]);
  const entries = (Object.entries(metrics) as Array<[MetricKey, Metric]>).map(([key, metric]) => ({
    key,
    anchor: anchor(key),
    metric,
    lists: (metric.lists ?? []).map((lm) => ({
      metric: lm,
      label: listMetrics[lm],
      months: (lists.get(lm) ?? [])
        .sort((a, b) => b.month.localeCompare(a.month))
        .map((m) => ({ month: m.month, label: monthName(m.month), href: leadListHref(lm, m.month), total: m.total })),
    })),
  }));
  return (Object.entries(metricGroups) as Array<[Metric['group'], string]>).map(([key, title]) => ({
    key,
    title,
    entries: entries.filter((e) => e.metric.group === key),
  }));
}

const STAGE_LABELS: Record<string, string> = {
  inquiry: 'Inquiry', mql: 'MQL', sal: 'SAL', sql: 'SQL', won: 'Won', rejected: 'Rejected', recycled: 'Recycled', lost: 'Lost',
  // A HubSpot deal stage that is neither won nor lost.
  open: 'Open (deal)',
};

/** The config facts behind the numbers: SLA targets, calendar, stage and source mappings, attribution weights. */
export function configTables(data: SiteData): Table[] {
  const { meta } = data;
  const sla: Table = {
    caption: 'Follow-up SLAs: what starts and stops each clock, and the target',
    note: `Targets are business time on the owner's calendar (company calendar as fallback). The agreed compliance level is ${Math.round(meta.sla.compliance_target * 100)}%.`,
    columns: [{ label: 'SLA', text: true }, { label: 'Clock starts', text: true }, { label: 'Clock stops', text: true }, { label: 'Target', text: true }],
    rows: [
      [cell.defined('Routing', 'routing_sla'), cell.text('The lead becomes MQL'), cell.text('It is assigned to a sales user (not a queue)'), cell.text(businessDuration(meta.sla.routing_minutes))],
      [cell.defined('Response', 'response_sla'), cell.text('Handoff: MQL and owned by a user'), cell.text('The first call, email or meeting by sales'), cell.text(businessDuration(meta.sla.response_minutes))],
      [cell.defined('Disposition', 'disposition_sla'), cell.text('Handoff'), cell.text('Accepted (SAL), rejected with a reason, or recycled'), cell.text(businessDuration(meta.sla.disposition_minutes))],
      [cell.defined('Partner response', 'partner_response_sla'), cell.text('Handoff to a partner'), cell.text("The partner's first touch"), cell.text(businessDuration(meta.sla.partner_response_minutes))],
    ],
    csvName: 'sla-targets',
  };
  const overrides: Table = {
    caption: 'Targets that differ by segment, source or partner',
    note: 'The most specific match wins.',
    columns: [{ label: 'SLA', text: true }, { label: 'Segment', text: true }, { label: 'Source category', text: true }, { label: 'Partner', text: true }, { label: 'Target', text: true }],
    rows: meta.sla.overrides.map((o) => [cell.text(o.sla.replace('_', ' ')), cell.text(o.segment, null, 'any'), cell.text(o.source_category, null, 'any'), cell.text(o.partner, null, 'any'), cell.text(businessDuration(o.minutes))]),
    csvName: 'sla-overrides',
  };
  const c = meta.calendar_detail;
  const calendar: Table = {
    caption: 'Business calendar',
    columns: [{ label: 'Setting', text: true }, { label: 'Value', text: true }],
    rows: [
      [cell.text('Working days'), cell.text(c.workdays)],
      [cell.text('Working hours'), cell.text(`${c.start} to ${c.end}`)],
      [cell.text('Company time zone'), cell.text(c.timezone)],
      [cell.text("Each owner's own time zone"), cell.text(c.owner_time_zones ? "Yes: each owner's clock runs in the owner's CRM time zone" : 'No: every clock runs in the company time zone')],
      [cell.text('Holidays'), cell.text(c.holidays.length === 0 ? 'None' : c.holidays.join(', '))],
    ],
    csvName: 'business-calendar',
  };
  const stages: Table = {
    caption: 'Stage mapping: CRM lead status to funnel stage',
    note: 'Defaults for the stock and common custom Salesforce values, overlaid by config (stages.salesforce_lead_status); matched without regard to case. A stage implied by a later one is filled in as inferred.',
    columns: [{ label: 'Lead status', text: true }, { label: 'Funnel stage', text: true }],
    rows: meta.stage_mapping.map((s) => [cell.text(s.value), cell.text(STAGE_LABELS[s.stage] ?? s.stage)]),
    csvName: 'stage-mapping',
  };
  const sources: Table = {
    caption: 'Source mapping: lead source to who sourced it',
    note: 'Handoff’s defaults, extended by config (source_categories); matched without regard to case. Anything else is unknown and listed on the data health page.',
    columns: [{ label: 'Lead source', text: true }, { label: 'Source category', text: true, metric: 'source_category' }],
    rows: meta.source_mapping.map((s) => [cell.text(s.value), cell.text(s.category)]),
    csvName: 'source-mapping',
  };
  return [sla, ...(meta.sla.overrides.length > 0 ? [overrides] : []), calendar, stages, sources, weightsTable()];
}

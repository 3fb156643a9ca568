// The lead quality page's content: why sales rejects leads (by source, campaign and partner, with examples) and contactability.
import { monthName, monthsEnding } from '../format.ts';
import { funnelTotals } from '../report.ts';
import { leadQualityVerdict } from '../verdicts.ts';
import type { MetricKey } from '../metrics.ts';
import { pages } from '../paths.ts';
import { sourceCategories, type ContactabilityRow, type RejectionRow, type SiteData } from '../schema.ts';
import type { Sentence } from '../sentence.ts';
import { contactabilitySentence, lossSentence, rejectionSentence, worstSourceSentence } from '../sentences-marketing.ts';
import { cell, tableNote, type Cell, type Table } from '../table.ts';
import { CAMPAIGN_ROWS } from './campaigns.ts';
import { listHref, periods } from './common.ts';

const CATEGORY_LABELS = { marketing: 'Marketing-sourced', sales: 'Sales-sourced', partner: 'Partner-sourced', unknown: 'Source unknown' } as const;

/** Example leads as text: ids and company only, never contact details. */
export function examplesText(row: RejectionRow): string {
  return row.examples.map((e) => `${e.lead_id ?? e.person_id} (${e.company ?? 'unknown company'})`).join('; ');
}

function totalsBy(rows: RejectionRow[]): Array<{ key: string; label: string; rejected: number }> {
  const byKey = new Map<string, { key: string; label: string; rejected: number }>();
  for (const r of rows) {
    const t = byKey.get(r.key) ?? { key: r.key, label: r.label, rejected: 0 };
    t.rejected += r.rejected;
    byKey.set(r.key, t);
  }
  return [...byKey.values()].sort((a, b) => b.rejected - a.rejected || a.label.localeCompare(b.label, 'en'));
}

type Counts = Omit<ContactabilityRow, 'month' | 'source_category'>;
const CONTACT_FIELDS: Array<{ key: keyof Counts; label: string; metric?: MetricKey }> = [
  { key: 'people', label: 'People created' },
  { key: 'no_valid_email', label: 'No valid email', metric: 'no_valid_email' },
  { key: 'no_valid_phone', label: 'No valid phone', metric: 'no_valid_phone' },
  { key: 'no_contact_channel', label: 'No way to reach', metric: 'no_contact_channel' },
  { key: 'bounced', label: 'Bounced email', metric: 'bounced' },
  { key: 'duplicate_email', label: 'Duplicate email', metric: 'duplicate_email' },
  { key: 'queue_owned_too_long', label: 'Stuck in a queue', metric: 'queue_owned_too_long' },
];

function sumCounts(rows: ContactabilityRow[]): Counts {
  const out = { people: 0, no_valid_email: 0, no_valid_phone: 0, no_contact_channel: 0, bounced: 0, duplicate_email: 0, queue_owned_too_long: 0 };
  for (const r of rows) for (const f of CONTACT_FIELDS) out[f.key] += r[f.key];
  return out;
}

/** Everything the lead quality page shows, over the last 12 complete months. */
export function leadQualityView(data: SiteData) {
  const p = periods(data);
  const all = data.rejections.filter((r) => r.dimension === 'all').sort((a, b) => b.rejected - a.rejected);
  const total = all.reduce((n, r) => n + r.rejected, 0);
  const byCampaign = data.rejections.filter((r) => r.dimension === 'campaign');
  const byPartner = data.rejections.filter((r) => r.dimension === 'partner');
  const bySource = data.rejections.filter((r) => r.dimension === 'source');
  const campaignTotals = totalsBy(byCampaign.filter((r) => r.key !== ''));
  const partnerTotals = totalsBy(byPartner);
  const campaignNames = new Map(data.roi.filter((r) => r.campaign_id !== null).map((r) => [r.campaign_id!, r.campaign_name]));
  const campaignHref = (r: { key: string }) => {
    const name = campaignNames.get(r.key);
    return name === undefined ? null : pages.campaign(name, r.key);
  };
  const contact = data.contactability.filter((r) => p.year.includes(r.month));
  const contactTotals = sumCounts(contact);

  const now = funnelTotals(data.funnel, p.month);
  const before = funnelTotals(data.funnel, monthsEnding(p.previousMonth, 12));
  const verdict = leadQualityVerdict({
    label: monthName(p.month),
    rejected: now?.rejected ?? 0,
    mqls: now?.mqls ?? 0,
    baselineRejected: before?.rejected ?? 0,
    baselineMqls: before?.mqls ?? 0,
    baselineLabel: `the 12 months to ${monthName(p.previousMonth)}`,
    href: listHref(data, 'rejected', p.month),
    topReason: all[0]?.reason ?? null,
  });
  const sentences: Sentence[] = [
    rejectionSentence({ label: p.yearLabel, reasons: all }),
    ...(campaignTotals[0] ? [worstSourceSentence({ kind: 'campaign of first touch', name: campaignTotals[0].label, href: campaignHref(campaignTotals[0]) ?? undefined, rejected: campaignTotals[0].rejected, total, tiedWith: tiedAfterFirst(campaignTotals) })] : []),
    ...(partnerTotals[0] ? [worstSourceSentence({ kind: 'partner', name: partnerTotals[0].label, href: pages.partner(partnerTotals[0].label), rejected: partnerTotals[0].rejected, total, tiedWith: tiedAfterFirst(partnerTotals) })] : []),
    lossSentence({ label: p.yearLabel, reasons: data.losses.map((l) => ({ reason: l.reason, lost: l.lost, amount: l.lost_amount })), currency: data.meta.reporting_currency }),
    contactabilitySentence({
      label: p.yearLabel,
      people: contactTotals.people,
      noChannel: contactTotals.no_contact_channel,
      bounced: contactTotals.bounced,
      duplicates: contactTotals.duplicate_email,
      queued: contactTotals.queue_owned_too_long,
      queueHours: data.meta.queue_hours_limit,
    }),
  ].filter((s) => s.length > 0);

  const reasonsBySource: Table = {
    caption: `Rejected leads by reason and source category, ${p.yearLabel}`,
    note: 'Leads rejected in these months. Examples are the most recently rejected leads: ids and company only.',
    columns: [
      { label: 'Reason', text: true, metric: 'rejection_reason' },
      ...sourceCategories.map((c) => ({ label: CATEGORY_LABELS[c], metric: 'source_category' as const })),
      { label: 'All sources', metric: 'rejected' },
      { label: 'Example leads', text: true },
    ],
    rows: all.map((r) => [
      cell.text(r.reason),
      ...sourceCategories.map((c) => cell.count(bySource.find((s) => s.key === c && s.reason === r.reason)?.rejected ?? 0)),
      cell.count(r.rejected),
      cell.text(examplesText(r)),
    ]),
    footer: [[cell.text('All reasons'), ...sourceCategories.map((c) => cell.count(bySource.filter((s) => s.key === c).reduce((n, s) => n + s.rejected, 0))), cell.count(total), cell.text('')]],
    csvName: 'rejections-by-reason-and-source',
  };
  const detail = (rows: RejectionRow[], kind: string, href: (r: RejectionRow) => string | null, csvName: string, note?: string): Table => ({
    caption: `Rejected leads by ${kind} and reason, ${p.yearLabel}`,
    note: tableNote(note),
    columns: [{ label: kind[0]!.toUpperCase() + kind.slice(1), text: true }, { label: 'Reason', text: true, metric: 'rejection_reason' }, { label: 'Rejected', metric: 'rejected' }, { label: 'Example leads', text: true }],
    rows: [...rows]
      .sort((a, b) => a.label.localeCompare(b.label, 'en') || b.rejected - a.rejected)
      .map((r): Cell[] => [cell.text(r.label, href(r)), cell.text(r.reason), cell.count(r.rejected), cell.text(examplesText(r))]),
    csvName,
  });
  // Thousands of campaigns would make this table most of the page: it names those with the most rejected leads (each
  // campaign's page has its own reasons), as the campaigns page names those with the highest cost.
  const rejectedCampaigns = totalsBy(byCampaign);
  const keptCampaigns = new Set(rejectedCampaigns.slice(0, CAMPAIGN_ROWS).map((t) => t.key));
  const campaignRows = byCampaign.filter((r) => keptCampaigns.has(r.key));
  const campaignNote = rejectedCampaigns.length > CAMPAIGN_ROWS
    ? `The ${CAMPAIGN_ROWS} campaigns whose leads sales rejected most, of ${rejectedCampaigns.length.toLocaleString('en-US')}; each campaign's own page gives its reasons.`
    : undefined;
  const lostByReason = new Map<string, number>();
  for (const l of data.losses) lostByReason.set(l.reason, (lostByReason.get(l.reason) ?? 0) + l.lost);
  const lossReasons = [...lostByReason.keys()].sort((a, b) => lostByReason.get(b)! - lostByReason.get(a)! || a.localeCompare(b, 'en'));
  const lossesBySource: Table = {
    caption: `Deals lost by reason and source category, ${p.yearLabel}`,
    note: 'Opportunities closed lost in these months, by who sourced them. Examples are opportunity ids from the latest month with the reason.',
    columns: [
      { label: 'Reason', text: true, metric: 'loss_reason' },
      ...sourceCategories.map((c) => ({ label: CATEGORY_LABELS[c], metric: 'source_category' as const })),
      { label: 'All sources' },
      { label: `Amount lost (${data.meta.reporting_currency})` },
      { label: 'Example opportunities', text: true },
    ],
    rows: lossReasons.map((reason) => {
      const rows = data.losses.filter((l) => l.reason === reason);
      return [
        cell.text(reason),
        ...sourceCategories.map((c) => cell.count(rows.find((l) => l.source_category === c)?.lost ?? 0)),
        cell.count(lostByReason.get(reason)!),
        cell.money(rows.reduce((n, l) => n + l.lost_amount, 0), data.meta.reporting_currency),
        cell.text(rows.map((l) => l.example_opportunity_ids).filter(Boolean).join('; ')),
      ];
    }),
    csvName: 'lost-deals-by-reason-and-source',
  };
  const contactByMonth: Table = {
    caption: `Contactability of new people by month, ${p.yearLabel}`,
    note: 'People created in each month, all sources. No contact details are published; only counts.',
    columns: [{ label: 'Month', text: true }, ...CONTACT_FIELDS.map((f) => ({ label: f.label, ...(f.metric ? { metric: f.metric } : {}) }))],
    rows: p.year.map((m) => {
      const c = sumCounts(data.contactability.filter((r) => r.month === m));
      return [cell.text(monthName(m)), ...CONTACT_FIELDS.map((f) => cell.count(c[f.key]))];
    }),
    footer: [[cell.text('All months'), ...CONTACT_FIELDS.map((f) => cell.count(contactTotals[f.key]))]],
    csvName: 'contactability-by-month',
  };
  const contactBySource: Table = {
    caption: `Contactability by source category, ${p.yearLabel}`,
    columns: [{ label: 'Source category', text: true, metric: 'source_category' }, ...CONTACT_FIELDS.map((f) => ({ label: f.label, ...(f.metric ? { metric: f.metric } : {}) }))],
    rows: sourceCategories.map((c) => {
      const counts = sumCounts(contact.filter((r) => r.source_category === c));
      return [cell.text(CATEGORY_LABELS[c]), ...CONTACT_FIELDS.map((f) => cell.count(counts[f.key]))];
    }),
    csvName: 'contactability-by-source',
  };
  return {
    ...p,
    verdict: [verdict],
    sentences,
    reasonsBySource,
    lossesBySource: lossReasons.length > 0 ? lossesBySource : null,
    byCampaign: detail(campaignRows, 'campaign', (r) => campaignHref(r), 'rejections-by-campaign', campaignNote),
    byPartner: byPartner.length > 0 ? detail(byPartner, 'partner', (r) => pages.partner(r.label), 'rejections-by-partner') : null,
    contactByMonth,
    contactBySource,
  };
}

/** The groups after the first (most rejected, sorted first) with the same count: a ranking names them as tied. */
function tiedAfterFirst(totals: Array<{ label: string; rejected: number }>): string[] {
  return totals.slice(1).filter((t) => t.rejected === totals[0]!.rejected).map((t) => t.label);
}

// Campaign pages' content: the ROI table with every attribution model side by side, and one page per campaign.
import type { ChartSpec } from '../chart.ts';
import { capitalize, formatPercent, formatRoi, moneyWords, monthName } from '../format.ts';
import { campaignsVerdict, MIN_CASES } from '../verdicts.ts';
import type { MetricKey } from '../metrics.ts';
import { crmLink, pages } from '../paths.ts';
import { models, type Model, type RoiRow, type SiteData } from '../schema.ts';
import { sentence, type Sentence } from '../sentence.ts';
import {
  campaignCostSentence,
  campaignFunnelSentence,
  campaignSpendSentence,
  MODEL_NAMES,
  roiLeaderSentence,
  roiRangeSentence,
  unattributedSentence,
} from '../sentences-marketing.ts';
import { cell, tableNote, type Cell, type Table } from '../table.ts';
import { campaignListLink } from '../list-links.ts';
import { campaignOpportunityTotals, type CampaignList } from './campaign-lists.ts';
import { periods } from './common.ts';
import { rowsBy } from './index-by.ts';

export const MODEL_LABELS: Record<Model, string> = {
  first_touch: 'First touch',
  last_touch: 'Last touch',
  linear: 'Linear',
  u_shaped: 'U-shaped',
  w_shaped: 'W-shaped',
  full_path: 'Full path',
};

/** The attribution models' weights, as docs/definitions.md states them (shown on the definitions and campaigns pages). */
export const MODEL_WEIGHTS: Record<Model, string> = {
  first_touch: '100% to the first touch (FT).',
  last_touch: '100% to the last touch at or before the opportunity was created (OC).',
  linear: 'Equal shares over all touches up to the close.',
  u_shaped: '40% to the first touch, 40% to the lead-creation touch (LC), 20% spread over the touches between them.',
  w_shaped: '30% each to the first touch, the lead-creation touch and the opportunity-creation touch, 10% spread over the other touches up to the opportunity.',
  full_path: '22.5% each to the first, lead-creation, opportunity-creation and closed-won (CW) touches, 10% spread over the other touches up to the close.',
};

export interface Campaign {
  id: string;
  name: string;
  type: string | null;
  byModel: Map<Model, RoiRow>;
}

/** Every campaign in campaign_roi (not the Unattributed row), by name. */
export function campaigns(data: SiteData): Campaign[] {
  const byId = new Map<string, Campaign>();
  for (const row of data.roi) {
    if (row.campaign_id === null) continue;
    const c = byId.get(row.campaign_id) ?? { id: row.campaign_id, name: row.campaign_name, type: row.campaign_type, byModel: new Map() };
    c.byModel.set(row.model, row);
    byId.set(row.campaign_id, c);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id));
}

/**
 * Most campaigns the campaigns page names in its tables and charts. A company with thousands of campaigns would
 * otherwise get a page of megabytes that nobody reads (2,000 campaigns made 8.8 MB and a third of the site's build):
 * beyond it the page shows the campaigns with the highest cost, and lists every campaign by name under its own page.
 */
export const CAMPAIGN_ROWS = 50;

/** The campaigns the page's tables show: all of them, or when there are more than `limit` those with the highest cost (unknown cost last), by name. */
export function shownCampaigns(all: Campaign[], limit = CAMPAIGN_ROWS): Campaign[] {
  if (all.length <= limit) return all;
  const cost = (c: Campaign) => anyRow(c).cost ?? -Infinity;
  return [...all]
    .sort((a, b) => cost(b) - cost(a) || a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id))
    .slice(0, limit)
    .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id));
}

/** Which campaigns a bounded table or chart shows: "the 50 campaigns with the highest cost, of 2,000". */
function highestCost(shown: number, all: number): string {
  return `the ${shown} campaigns with the highest cost, of ${all.toLocaleString('en-US')}`;
}

/** What a bounded campaign table says of the campaigns it leaves out; '' when it shows them all. */
export function shownNote(shown: number, all: number): string {
  return shown === all
    ? ''
    : `${capitalize(highestCost(shown, all))}: every campaign has its own page (all are listed at the end of this page), and the campaign ROI download holds every campaign's row.`;
}

/** Any one model's row: the fields that do not depend on the model (cost, people, MQLs, SQLs). */
function anyRow(c: Campaign): RoiRow {
  return c.byModel.values().next().value!;
}

function modelTable(
  data: SiteData,
  all: Campaign[],
  metric: MetricKey,
  caption: string,
  csvName: string,
  value: (row: RoiRow | undefined) => Cell,
  withUnattributed: boolean,
  list: CampaignList | undefined,
  note: string,
): Table {
  const unattributed = new Map(data.roi.filter((r) => r.campaign_id === null).map((r) => [r.model, r]));
  // A credited amount opens the opportunities it was credited from (their weights under each model are in the list).
  const linked = (c: Campaign, cellValue: Cell): Cell => cell.linked(cellValue, list && cellValue.value ? campaignListLink(data, c, list) : null);
  const rows = all.map((c) => [cell.text(c.name, pages.campaign(c.name, c.id)), ...models.map((m) => linked(c, value(c.byModel.get(m))))]);
  if (withUnattributed && unattributed.size > 0) rows.push([cell.text('Unattributed (no campaign to credit)'), ...models.map((m) => value(unattributed.get(m)))]);
  return {
    caption,
    note: tableNote(note),
    columns: [{ label: 'Campaign', text: true }, ...models.map((m) => ({ label: MODEL_LABELS[m], metric }))],
    rows,
    csvName,
  };
}

/** Everything the campaigns page shows: cost and reach, and every model side by side. */
export function campaignsView(data: SiteData) {
  const p = periods(data);
  const currency = data.meta.reporting_currency;
  const all = campaigns(data);
  // Sentences and the verdict judge every campaign; the tables and charts name the `shown` ones.
  const shown = shownCampaigns(all);
  const bound = shownNote(shown.length, all.length);
  const money = (n: number | null | undefined) => cell.money(n ?? null, currency);
  const listed = (c: Campaign, list: CampaignList) => campaignListLink(data, c, list);
  const known = all.filter((c) => anyRow(c).cost !== null);
  // A campaign that touched only a handful of people is not ranked: one deal more or less would swing its ROI.
  const rankable = known.filter((c) => (anyRow(c).touched_people ?? 0) >= MIN_CASES);
  const unranked = known.filter((c) => !rankable.includes(c)).map((c) => c.name);
  const leaders = (which: 'highest' | 'lowest') =>
    models.flatMap((model) => {
      const rated = rankable.map((c) => ({ c, roi: c.byModel.get(model)?.roi ?? null })).filter((x): x is { c: Campaign; roi: number } => x.roi !== null);
      if (rated.length === 0) return [];
      const best = rated.reduce((a, b) => ((which === 'highest' ? b.roi > a.roi : b.roi < a.roi) ? b : a));
      // Campaigns at the same ROI (as shown, to the whole percent) are named together as tied, never one of them alone.
      const tied = rated.filter((x) => formatRoi(x.roi) === formatRoi(best.roi)).map((x) => x.c.name).sort((a, b) => a.localeCompare(b, 'en'));
      const name = tied.length === 1 ? best.c.name : `${tied.slice(0, -1).join(', ')} and ${tied.at(-1)} (tied)`;
      return [{ model, name, href: tied.length === 1 ? pages.campaign(best.c.name, best.c.id) : '#models-heading', roi: best.roi }];
    });
  const linearUnattributed = data.roi.find((r) => r.campaign_id === null && r.model === 'linear');
  const linearTotal = data.roi.filter((r) => r.model === 'linear').reduce((n, r) => n + r.attributed_revenue, 0);
  const judged = known.map((c) => c.byModel.get('linear')).filter((r): r is NonNullable<typeof r> => r !== undefined && r.cost !== null);
  const verdict = campaignsVerdict({
    model: 'linear',
    cost: judged.reduce((n, r) => n + (r.cost ?? 0), 0),
    revenue: judged.reduce((n, r) => n + r.attributed_revenue, 0),
    paidBack: judged.filter((r) => r.roi !== null && r.roi >= 0).length,
    campaigns: judged.length,
    currency,
    money: (n) => moneyWords(n, currency),
  });
  const sentences: Sentence[] = [
    campaignCostSentence({ campaigns: all.length, totalCost: known.reduce((n, c) => n + (anyRow(c).cost ?? 0), 0), unknownCost: all.filter((c) => anyRow(c).cost === null).map((c) => c.name), currency }),
    roiLeaderSentence({ which: 'highest', leaders: leaders('highest') }),
    roiLeaderSentence({ which: 'lowest', leaders: leaders('lowest') }),
    ...(unranked.length > 0 ? [sentence`Not ranked, too few people touched to judge (fewer than ${MIN_CASES}): ${unranked.join(', ')}.`] : []),
    ...(linearUnattributed ? [unattributedSentence({ model: 'linear', unattributed: linearUnattributed.attributed_revenue, total: linearTotal, currency })] : []),
  ];
  const reach: Table = {
    caption: 'Cost and reach by campaign',
    note: tableNote('People, MQLs and SQLs are whole people the campaign touched; opportunities and won deals touched are whole opportunities with the campaign in their journey. These do not depend on the attribution model.', bound),
    columns: [
      { label: 'Campaign', text: true },
      { label: 'Type', text: true },
      { label: 'Cost', metric: 'cost' },
      { label: 'People touched', metric: 'touched_people' },
      { label: 'MQLs', metric: 'campaign_mqls' },
      { label: 'SQLs', metric: 'campaign_sqls' },
      { label: 'Opportunities touched', metric: 'opportunities_touched' },
      { label: 'Won deals touched', metric: 'opportunities_touched' },
      { label: 'Cost per lead', metric: 'cost_per_lead' },
      { label: 'Cost per MQL', metric: 'cost_per_mql' },
    ],
    rows: shown.map((c) => {
      const r = anyRow(c);
      const t = campaignOpportunityTotals(data, c.id);
      return [
        cell.text(c.name, pages.campaign(c.name, c.id)),
        cell.text(c.type, null, 'unknown'),
        money(r.cost),
        cell.count(r.touched_people ?? 0, listed(c, 'touched')),
        cell.count(r.mqls ?? 0, listed(c, 'mqls')),
        cell.count(r.sqls ?? 0, listed(c, 'sqls')),
        cell.count(t.opportunities, listed(c, 'opportunities')),
        cell.count(t.won, listed(c, 'won')),
        money(r.cost_per_lead),
        money(r.cost_per_mql),
      ];
    }),
    csvName: 'campaigns-cost-and-reach',
  };
  const chartCampaigns = [...shown].sort((a, b) => (anyRow(b).cost ?? 0) - (anyRow(a).cost ?? 0));
  const chart: ChartSpec = {
    type: 'bar',
    horizontal: true,
    labels: chartCampaigns.map((c) => c.name),
    yTitle: currency,
    format: 'money',
    currency,
    series: [
      { label: 'Cost', values: chartCampaigns.map((c) => anyRow(c).cost), color: '#8a2b0c' },
      { label: 'Attributed revenue (linear)', values: chartCampaigns.map((c) => c.byModel.get('linear')?.attributed_revenue ?? null), color: '#1f5fa8' },
    ],
  };
  // One screen: each campaign's ROI under the default (linear) model, the range across all six models, and its volume.
  const atAGlance: Table = {
    caption: 'Each campaign at a glance: ROI under the linear model (the default), the range across all six models, and volume',
    note: tableNote('Read the range as how much the verdict depends on the model. The six full tables are further down this page.', bound),
    columns: [
      { label: 'Campaign', text: true },
      { label: 'ROI, linear (default)', metric: 'roi' },
      { label: 'Lowest ROI of six models', metric: 'roi' },
      { label: 'Highest ROI of six models', metric: 'roi' },
      { label: 'People touched', metric: 'touched_people' },
      { label: 'MQLs', metric: 'campaign_mqls' },
      { label: 'Opportunities touched', metric: 'opportunities_touched' },
    ],
    rows: shown.map((c) => {
      const rois = models.map((m) => c.byModel.get(m)?.roi ?? null).filter((r): r is number => r !== null);
      const r = anyRow(c);
      return [
        cell.text(c.name, pages.campaign(c.name, c.id)),
        cell.roi(c.byModel.get('linear')?.roi ?? null),
        cell.roi(rois.length ? Math.min(...rois) : null),
        cell.roi(rois.length ? Math.max(...rois) : null),
        cell.count(r.touched_people ?? 0, listed(c, 'touched')),
        cell.count(r.mqls ?? 0, listed(c, 'mqls')),
        cell.count(campaignOpportunityTotals(data, c.id).opportunities, listed(c, 'opportunities')),
      ];
    }),
    csvName: 'campaigns-at-a-glance',
  };
  return {
    ...p,
    verdict: [verdict],
    atAGlance,
    campaigns: all,
    shown,
    /** What each bounded table says of the campaigns it leaves out ('' when it shows them all). */
    shownNote: bound,
    /** Every campaign by name with its page, when the tables show only some of them; else empty. */
    directory: shown.length < all.length ? all.map((c) => ({ name: c.name, href: pages.campaign(c.name, c.id) })) : [],
    sentences,
    reach,
    chart,
    chartCaption: `Cost and attributed revenue (linear model) by campaign, largest cost first${shown.length < all.length ? `: ${highestCost(shown.length, all.length)}` : ''}. Campaigns without a recorded cost have no cost bar.`,
    roi: modelTable(data, shown, 'roi', 'ROI by campaign and attribution model', 'campaigns-roi-by-model', (r) => cell.roi(r?.roi ?? null), false, undefined, bound),
    revenue: modelTable(data, shown, 'attributed_revenue', 'Attributed revenue by campaign and model', 'campaigns-revenue-by-model', (r) => money(r?.attributed_revenue ?? 0), true, 'won', bound),
    pipeline: modelTable(data, shown, 'attributed_pipeline', 'Attributed pipeline by campaign and model', 'campaigns-pipeline-by-model', (r) => money(r?.attributed_pipeline ?? 0), true, 'opportunities', bound),
    opportunities: modelTable(data, shown, 'attributed_opportunities', 'Attributed opportunities by campaign and model (fractional)', 'campaigns-opportunities-by-model', (r) => cell.fraction(r?.opportunities ?? 0), true, 'opportunities', bound),
    perOpportunity: modelTable(data, shown, 'cost_per_opportunity', 'Cost per attributed opportunity by campaign and model', 'campaigns-cost-per-opportunity-by-model', (r) => cell.money(r?.cost_per_opportunity ?? null, currency, r?.cost === null ? 'unknown' : 'no opportunity'), false, undefined, bound),
    perWon: modelTable(data, shown, 'cost_per_won_deal', 'Cost per attributed won deal by campaign and model', 'campaigns-cost-per-won-deal-by-model', (r) => cell.money(r?.cost_per_won_deal ?? null, currency, r?.cost === null ? 'unknown' : 'no won deal'), false, undefined, bound),
    weights: weightsTable(),
  };
}

/** The models and their weights, so a reader can see why they disagree. */
export function weightsTable(): Table {
  return {
    caption: 'How each attribution model shares an opportunity among its touches',
    note: 'The touches are the marketing responses of the person an opportunity came from, up to its close (up to the as-of time while it is open). FT is the first of them, LC the last at or before the person was created, OC the last at or before the opportunity was created, CW the last before a won close. Where milestones fall on the same touch their weights add up; with no other touches the weights are scaled to 100%.',
    columns: [{ label: 'Model', text: true, metric: 'attribution_weight' }, { label: 'Weights', text: true }],
    rows: models.map((m) => [cell.text(MODEL_LABELS[m]), cell.text(MODEL_WEIGHTS[m])]),
    csvName: 'attribution-models',
  };
}

/** One campaign's page: its funnel, cost per stage, models, touches and rejections. */
export function campaignView(data: SiteData, campaign: Campaign) {
  const p = periods(data);
  const currency = data.meta.reporting_currency;
  const r = anyRow(campaign);
  const t = campaignOpportunityTotals(data, campaign.id);
  const people = r.touched_people ?? 0;
  const steps: Array<{ label: string; n: number; metric: MetricKey; list: CampaignList }> = [
    { label: 'People touched', n: people, metric: 'touched_people', list: 'touched' },
    { label: 'Became MQL', n: r.mqls ?? 0, metric: 'campaign_mqls', list: 'mqls' },
    { label: 'Became SQL', n: r.sqls ?? 0, metric: 'campaign_sqls', list: 'sqls' },
    { label: 'Opportunities touched', n: t.opportunities, metric: 'opportunities_touched', list: 'opportunities' },
    { label: 'Won deals touched', n: t.won, metric: 'opportunities_touched', list: 'won' },
  ];
  const lists = Object.fromEntries(steps.map((s) => [s.list, campaignListLink(data, campaign, s.list)])) as Record<CampaignList, string | null>;
  const funnel: Table = {
    caption: `${campaign.name}: from people touched to won deals`,
    note: 'People for the first three steps, whole opportunities for the last two (an opportunity may involve several people).',
    columns: [{ label: 'Step', text: true }, { label: 'Count' }, { label: 'Of the step before' }],
    rows: steps.map((s, i) => [
      cell.defined(s.label, s.metric),
      cell.count(s.n, lists[s.list]),
      i === 0 || i === 3 ? cell.text('') : cell.percent(steps[i - 1]!.n === 0 ? null : s.n / steps[i - 1]!.n, 'none before', steps[i - 1]!.n),
    ]),
    csvName: `campaign-${campaign.id}-funnel`,
  };
  const byModel: Table = {
    caption: `${campaign.name} under each attribution model`,
    columns: [
      { label: 'Model', text: true, metric: 'attribution_weight' },
      { label: 'Opportunities', metric: 'attributed_opportunities' },
      { label: 'Won deals', metric: 'attributed_won_deals' },
      { label: 'Pipeline', metric: 'attributed_pipeline' },
      { label: 'Revenue', metric: 'attributed_revenue' },
      { label: 'ROI', metric: 'roi' },
      { label: 'Cost per opportunity', metric: 'cost_per_opportunity' },
      { label: 'Cost per won deal', metric: 'cost_per_won_deal' },
    ],
    rows: models.map((m) => {
      const row = campaign.byModel.get(m);
      const none = r.cost === null ? 'unknown' : undefined;
      return [
        cell.text(MODEL_LABELS[m]),
        cell.fraction(row?.opportunities ?? 0),
        cell.fraction(row?.won_deals ?? 0),
        cell.money(row?.attributed_pipeline ?? 0, currency),
        cell.money(row?.attributed_revenue ?? 0, currency),
        cell.roi(row?.roi ?? null),
        cell.money(row?.cost_per_opportunity ?? null, currency, none ?? 'no opportunity'),
        cell.money(row?.cost_per_won_deal ?? null, currency, none ?? 'no won deal'),
      ];
    }),
    csvName: `campaign-${campaign.id}-by-model`,
  };
  const costPerStage: Table = {
    caption: `${campaign.name}: cost per stage`,
    note: 'Per lead and per MQL do not depend on the model; per opportunity and per won deal use the attributed (fractional) counts of the linear model. The other models are in the table above.',
    columns: [{ label: 'Stage', text: true }, { label: 'Cost per stage' }],
    rows: [
      [cell.defined('Per person touched', 'cost_per_lead'), cell.money(r.cost_per_lead, currency, r.cost === null ? 'unknown' : 'nobody touched')],
      [cell.defined('Per MQL', 'cost_per_mql'), cell.money(r.cost_per_mql, currency, r.cost === null ? 'unknown' : 'no MQL')],
      [cell.defined('Per opportunity (linear)', 'cost_per_opportunity'), cell.money(campaign.byModel.get('linear')?.cost_per_opportunity ?? null, currency, r.cost === null ? 'unknown' : 'no opportunity')],
      [cell.defined('Per won deal (linear)', 'cost_per_won_deal'), cell.money(campaign.byModel.get('linear')?.cost_per_won_deal ?? null, currency, r.cost === null ? 'unknown' : 'no won deal')],
    ],
    csvName: `campaign-${campaign.id}-cost-per-stage`,
  };
  // Rows grouped by campaign once per build: a page per campaign scanning every row made the build quadratic in campaigns.
  const opportunities = rowsBy(data.campaignOpportunities, 'campaign', (o) => o.campaign_id, campaign.id)
    .filter((o) => o.position <= data.meta.campaign_opportunity_limit)
    .sort((a, b) => a.position - b.position);
  const touches: Table = {
    caption: `Opportunities ${campaign.name} touched, newest first`,
    note:
      t.opportunities > opportunities.length
        ? `The ${opportunities.length} newest of ${t.opportunities}; the list of opportunities touched holds more. Weights are the campaign's share of each opportunity under each model.`
        : "Weights are the campaign's share of each opportunity under each model.",
    columns: [
      { label: 'Opportunity', text: true },
      { label: 'Amount' },
      { label: 'Created', text: true },
      { label: 'Status', text: true },
      { label: 'Touches', metric: 'attribution_weight' },
      ...models.map((m) => ({ label: MODEL_LABELS[m], metric: 'attribution_weight' as const })),
    ],
    rows: opportunities.map((o) => [
      cell.text(o.opportunity_name ? `${o.opportunity_name} (${o.opportunity_id})` : o.opportunity_id, crmLink(data.meta.crm_url, o.opportunity_id)),
      cell.money(o.amount, currency),
      cell.text(o.opportunity_month ? monthName(o.opportunity_month) : null, null, 'unknown'),
      cell.text(o.is_won ? 'Won' : o.is_closed ? 'Lost' : 'Open'),
      cell.count(o.touches),
      ...models.map((m) => ({ text: formatPercent(o[m]), value: Math.round(o[m] * 10000) / 10000 })),
    ]),
    csvName: `campaign-${campaign.id}-opportunities`,
  };
  const rejections = rowsBy(data.rejections, 'campaign', (x) => (x.dimension === 'campaign' ? x.key : null), campaign.id);
  const rejectionTable: Table = {
    caption: `Why sales rejected leads whose first touch was ${campaign.name}, ${p.yearLabel}`,
    columns: [{ label: 'Reason', text: true, metric: 'rejection_reason' }, { label: 'Rejected' }, { label: 'Example leads', text: true }],
    rows: rejections.map((x) => [cell.text(x.reason), cell.count(x.rejected), cell.text(x.examples.map((e) => `${e.lead_id ?? e.person_id} (${e.company ?? 'unknown company'})`).join('; '))]),
    csvName: `campaign-${campaign.id}-rejections`,
  };
  const chart: ChartSpec = {
    type: 'bar',
    labels: steps.map((s) => s.label),
    yTitle: 'People or opportunities',
    format: 'count',
    series: [{ label: campaign.name, values: steps.map((s) => s.n), color: '#1f5fa8' }],
  };
  return {
    ...p,
    sentences: [
      campaignFunnelSentence({ name: campaign.name, touched: people, mqls: r.mqls ?? 0, sqls: r.sqls ?? 0, opportunities: t.opportunities, won: t.won, lists }),
      campaignSpendSentence({ cost: r.cost, perLead: r.cost_per_lead, perMql: r.cost_per_mql, currency }),
      roiRangeSentence(models.map((m) => ({ model: m, roi: campaign.byModel.get(m)?.roi ?? null }))),
    ],
    funnel,
    chart,
    chartCaption: `${campaign.name}: people touched, MQLs, SQLs, and the opportunities and won deals it touched.`,
    byModel,
    costPerStage,
    touches,
    rejections: rejections.length > 0 ? rejectionTable : null,
    modelNames: MODEL_NAMES,
  };
}

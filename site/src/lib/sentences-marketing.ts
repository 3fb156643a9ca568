// Plain-English templates for marketing's pages (campaigns, lead quality): numbers in, one sentence out.
import { formatCount, formatPercent, formatRoi, moneyWords, plural } from './format.ts';
import type { MetricKey } from './metrics.ts';
import { def, listOf, sentence, to, type Part, type Sentence } from './sentence.ts';
import { MIN_CASES } from './verdicts.ts';

export const MODEL_NAMES: Record<string, string> = {
  first_touch: 'first touch',
  last_touch: 'last touch',
  linear: 'linear',
  u_shaped: 'U-shaped',
  w_shaped: 'W-shaped',
  full_path: 'full path',
};

/** "10 campaigns cost $244,000 in total; 1 has no recorded cost (Summer Newsletter 2026), so its ROI is unknown." */
export function campaignCostSentence(input: { campaigns: number; totalCost: number; unknownCost: string[]; currency: string }): Sentence {
  const { campaigns, totalCost, unknownCost, currency } = input;
  if (campaigns === 0) return sentence`There are no campaigns in the data.`;
  const head = sentence`${plural(campaigns, 'campaign')} cost ${def(moneyWords(totalCost, currency), 'cost')} in total`;
  if (unknownCost.length === 0) return sentence`${head}.`;
  if (unknownCost.length === campaigns) return sentence`No campaign has a recorded cost, so cost per stage and ROI are unknown.`;
  const names = unknownCost.length <= 3 ? ` (${unknownCost.join(', ')})` : '';
  const has = unknownCost.length === 1 ? '1 has no recorded cost' : `${formatCount(unknownCost.length)} have no recorded cost`;
  return sentence`${head}; ${has}${names}, so ${unknownCost.length === 1 ? 'its' : 'their'} ROI and cost per stage are ${def('unknown', 'cost')}, not zero.`;
}

/**
 * Which campaign returned the most (or least) for its cost under each model:
 * "Partner Co-Marketing had the highest ROI under every model, from +1,200% (first touch) to +2,311% (linear)."
 * or "The highest ROI depends on the model: Webinar A under first touch and last touch; Partner Co-Marketing under the other four."
 */
export function roiLeaderSentence(input: { which: 'highest' | 'lowest'; leaders: Array<{ model: string; name: string; href: string; roi: number }> }): Sentence {
  const { which, leaders } = input;
  if (leaders.length === 0) return sentence`No campaign has a known cost, so there is no ${which} ROI.`;
  const names = [...new Set(leaders.map((l) => l.name))];
  if (names.length === 1) {
    const first = leaders[0]!;
    const low = leaders.reduce((a, b) => (b.roi < a.roi ? b : a));
    const high = leaders.reduce((a, b) => (b.roi > a.roi ? b : a));
    const range =
      formatRoi(low.roi) === formatRoi(high.roi)
        ? sentence`at ${def(formatRoi(low.roi), 'roi')}`
        : sentence`from ${def(formatRoi(low.roi), 'roi')} (${MODEL_NAMES[low.model] ?? low.model}) to ${def(formatRoi(high.roi), 'roi')} (${MODEL_NAMES[high.model] ?? high.model})`;
    return sentence`${to(first.name, first.href)} had the ${which} ROI under ${leaders.length === 6 ? 'every model' : `all ${leaders.length} models`}, ${range}.`;
  }
  const groups = names.map((name) => {
    const mine = leaders.filter((l) => l.name === name);
    return sentence`${to(name, mine[0]!.href)} under ${listOf(mine.map((l) => [MODEL_NAMES[l.model] ?? l.model]))}`;
  });
  return sentence`The ${which} ROI depends on the attribution model: ${listOf(groups)}.`;
}

/** "Under the linear model, $930,663 of revenue (24%) came from opportunities no campaign can be credited with." */
export function unattributedSentence(input: { model: string; unattributed: number; total: number; currency: string }): Sentence {
  const { model, unattributed, total, currency } = input;
  if (total === 0) return sentence`No revenue has been won yet, so there is nothing to attribute.`;
  if (unattributed === 0) return sentence`Under the ${MODEL_NAMES[model] ?? model} model, every won deal can be credited to a campaign.`;
  return sentence`Under the ${MODEL_NAMES[model] ?? model} model, ${def(moneyWords(unattributed, currency), 'attributed_revenue')} of revenue (${formatPercent(unattributed / total)}) came from opportunities no campaign can be credited with.`;
}

/** "Data Summit 2026 touched 525 people: 316 became MQL (60% of those touched) and 12 SQL (4% of the MQLs); it was in the journey of 8 opportunities, 1 of them won." */
export function campaignFunnelSentence(input: {
  name: string;
  touched: number;
  mqls: number;
  sqls: number;
  opportunities: number;
  won: number;
  /** Where each count opens the people or opportunities behind it, when the site publishes that list. */
  lists?: Partial<Record<'touched' | 'mqls' | 'sqls' | 'opportunities' | 'won', string | null>>;
}): Sentence {
  const { name, touched, mqls, sqls, opportunities, won, lists = {} } = input;
  if (touched === 0) return sentence`${name} has touched nobody yet.`;
  const share = (n: number) => (touched < MIN_CASES ? 'too few touched to judge a rate' : `${formatPercent(n / touched)} of those touched`);
  const num = (text: string, metric: MetricKey, href: string | null | undefined): Part => (href ? { text, metric, href } : def(text, metric));
  const journey =
    opportunities === 0
      ? sentence`${def('it is in no opportunity’s journey yet', 'opportunities_touched')}`
      : sentence`it was in the journey of ${num(plural(opportunities, 'opportunity', 'opportunities'), 'opportunities_touched', lists.opportunities)}, ${won === 0 ? 'none' : num(formatCount(won), 'opportunities_touched', lists.won)} of them won`;
  // Each rate is of the step before, as in the campaign's funnel table: MQLs of the people touched, SQLs of the MQLs.
  const ofMqls = mqls === 0 ? 'none had become MQL' : mqls < MIN_CASES ? 'too few MQLs to judge a rate' : `${formatPercent(sqls / mqls)} of the MQLs`;
  return sentence`${name} touched ${num(plural(touched, 'person', 'people'), 'touched_people', lists.touched)}: ${num(formatCount(mqls), 'campaign_mqls', lists.mqls)} became MQL (${share(mqls)}) and ${num(formatCount(sqls), 'campaign_sqls', lists.sqls)} SQL (${ofMqls}); ${journey}.`;
}

/** "It cost $85,000: $161.90 per person touched and $268.99 per MQL." / "Its cost was never recorded, so …" */
export function campaignSpendSentence(input: { cost: number | null; perLead: number | null; perMql: number | null; currency: string }): Sentence {
  const { cost, perLead, perMql, currency } = input;
  if (cost === null) return sentence`Its cost was never recorded, so its cost per stage and ROI are ${def('unknown', 'cost')} (not zero).`;
  const parts: Sentence[] = [];
  if (perLead !== null) parts.push(sentence`${def(moneyWords(perLead, currency), 'cost_per_lead')} per person touched`);
  if (perMql !== null) parts.push(sentence`${def(moneyWords(perMql, currency), 'cost_per_mql')} per MQL`);
  return parts.length === 0
    ? sentence`It cost ${def(moneyWords(cost, currency), 'cost')}.`
    : sentence`It cost ${def(moneyWords(cost, currency), 'cost')}: ${listOf(parts)}.`;
}

/** "Its ROI ranges from −98% under first touch to −90% under last touch." */
export function roiRangeSentence(rois: Array<{ model: string; roi: number | null }>): Sentence {
  const known = rois.filter((r): r is { model: string; roi: number } => r.roi !== null);
  if (known.length === 0) return sentence`Its ROI is unknown under every model.`;
  const low = known.reduce((a, b) => (b.roi < a.roi ? b : a));
  const high = known.reduce((a, b) => (b.roi > a.roi ? b : a));
  if (formatRoi(low.roi) === formatRoi(high.roi)) return sentence`Its ROI is ${def(formatRoi(low.roi), 'roi')} under every model.`;
  return sentence`Its ROI ranges from ${def(formatRoi(low.roi), 'roi')} under ${MODEL_NAMES[low.model] ?? low.model} to ${def(formatRoi(high.roi), 'roi')} under ${MODEL_NAMES[high.model] ?? high.model}.`;
}

/** "Sales rejected 421 leads from November 2025 to October 2026; the most common reason was Student / not a buyer (135, 32%)." */
export function rejectionSentence(input: { label: string; reasons: Array<{ reason: string; rejected: number }> }): Sentence {
  const { label, reasons } = input;
  const total = reasons.reduce((n, r) => n + r.rejected, 0);
  if (total === 0) return sentence`Sales rejected no leads from ${label}.`;
  if (total < MIN_CASES) return sentence`Sales rejected ${def(plural(total, 'lead'), 'rejection_reason')} from ${label}: too few to judge which reason is most common.`;
  const most = Math.max(...reasons.map((r) => r.rejected));
  // Reasons given equally often are named together as tied, never one of them alone.
  const tops = reasons.filter((r) => r.rejected === most).map((r) => [r.reason]);
  if (tops.length > 1) {
    return sentence`Sales rejected ${def(plural(total, 'lead'), 'rejection_reason')} from ${label}; the most common reasons were tied: ${listOf(tops)} (${formatCount(most)} each, ${formatPercent(most / total)}).`;
  }
  return sentence`Sales rejected ${def(plural(total, 'lead'), 'rejection_reason')} from ${label}; the most common reason was ${tops[0]![0]!} (${formatCount(most)}, ${formatPercent(most / total)}).`;
}

/**
 * "Sales lost 14 deals worth $220,500 from November 2025 to October 2026; the most common reason was Price (6, 43%)."
 * A missing reason is said as such, never as if it were one.
 */
export function lossSentence(input: { label: string; reasons: Array<{ reason: string; lost: number; amount: number }>; currency: string }): Sentence {
  const { label, reasons, currency } = input;
  const total = reasons.reduce((n, r) => n + r.lost, 0);
  if (total === 0) return sentence`No deals were lost from ${label}.`;
  const amount = reasons.reduce((n, r) => n + r.amount, 0);
  if (total < MIN_CASES) return sentence`Sales lost ${def(plural(total, 'deal'), 'loss_reason')} worth ${moneyWords(amount, currency)} from ${label}: too few to judge which reason is most common.`;
  const byReason = new Map<string, number>();
  for (const r of reasons) byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + r.lost);
  const [topReason, topLost] = [...byReason].reduce((a, b) => (b[1] > a[1] || (b[1] === a[1] && b[0] < a[0]) ? b : a));
  const share = `${formatCount(topLost)}, ${formatPercent(topLost / total)}`;
  const why = topReason === NO_REASON ? `most were lost without a reason given (${share})` : `the most common reason was ${topReason} (${share})`;
  return sentence`Sales lost ${def(plural(total, 'deal'), 'loss_reason')} worth ${moneyWords(amount, currency)} from ${label}; ${why}.`;
}

/** What the loss_reasons mart calls a lost deal without a reason. */
export const NO_REASON = 'No reason given';

/** "Leads from Data Summit 2026 were rejected most often: 180 of 421 rejections (43%)." */
export function worstSourceSentence(input: { kind: string; name: string; href?: string; rejected: number; total: number; tiedWith?: string[] }): Sentence {
  const { kind, name, href, rejected, total, tiedWith = [] } = input;
  if (total === 0 || rejected === 0) return [];
  // A ranking by count from a handful of rejections would name noise: groups below MIN_CASES are not ranked.
  if (rejected < MIN_CASES) return sentence`By ${kind}, none had ${MIN_CASES} or more rejected leads: too few to rank.`;
  const who = href ? to(name, href) : name;
  if (tiedWith.length > 0) {
    return sentence`By ${kind}, ${listOf([[who], ...tiedWith.map((n) => [n])])} were tied for the most rejected leads: ${def(formatCount(rejected), 'rejection_reason')} each of ${formatCount(total)} rejections (${formatPercent(rejected / total)} each).`;
  }
  return sentence`By ${kind}, leads from ${who} were rejected most often: ${def(formatCount(rejected), 'rejection_reason')} of ${formatCount(total)} rejections (${formatPercent(rejected / total)}).`;
}

/** "Of the 2,400 people created from November 2025 to October 2026, 12 had no way to be reached, 30 emails bounced, 14 were duplicates and 1,300 sat in a lead queue (owned by no user) for more than 24 hours at some point, …" */
export function contactabilitySentence(input: { label: string; people: number; noChannel: number; bounced: number; duplicates: number; queued: number; queueHours: number }): Sentence {
  const { label, people, noChannel, bounced, duplicates, queued, queueHours } = input;
  if (people === 0) return sentence`No people were created from ${label}.`;
  return sentence`Of the ${plural(people, 'person', 'people')} created from ${label}, ${def(formatCount(noChannel), 'no_contact_channel')} had no valid way to be reached, ${def(formatCount(bounced), 'bounced')} had a bounced email, ${def(formatCount(duplicates), 'duplicate_email')} shared an email with someone else and ${def(formatCount(queued), 'queue_owned_too_long')} sat in a lead queue (owned by no user) for more than ${plural(queueHours, 'hour')} at some point, mostly before becoming MQL; the wait of an MQL for a rep is the routing SLA on the follow-up page.`;
}

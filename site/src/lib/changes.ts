// "What changed": the largest movements between two periods, worded as notes, so leadership sees what to ask about.
import type { MetricKey } from './metrics.ts';
import { funnelByCategory, slaByPartner, slaByTeam, slaRows, slaTotals, sourcedAmounts, winTotals } from './report.ts';
import { sourceCategories, type SiteData, type Sla } from './schema.ts';
import { countMoveNote, moneyMoveNote, possessive, rateMoveNote, type Period } from './sentences.ts';
import type { Sentence } from './sentence.ts';
import { MIN_CASES } from './verdicts.ts';

/** Smallest moves worth a note: 10 percentage points for rates, 20% for counts, 30% for money; rates only from MIN_CASES cases on both sides. */
export const THRESHOLDS = { points: 0.1, count: 0.2, money: 0.3, minDue: MIN_CASES, minCount: 10 } as const;

interface Note {
  score: number;
  note: Sentence;
}

const SLA_WORDS: Record<Sla, string> = {
  response: 'response compliance',
  disposition: 'disposition compliance',
  partner_response: 'partner response compliance',
  routing: 'routing compliance',
};

const CATEGORY_WORDS: Record<string, string> = {
  marketing: 'Marketing-sourced',
  sales: 'Sales-sourced',
  partner: 'Partner-sourced',
  unknown: 'Unknown-source',
};

function due(t: { met: number; late: number; breached: number }): number {
  return t.met + t.late + t.breached;
}

/**
 * The largest movements from previous to current (each a list of months), at most `limit`, biggest first:
 * team and partner SLA compliance, routing, MQLs and pipeline by source, and the win rate.
 */
export function whatChanged(data: SiteData, current: readonly string[], previous: readonly string[], period: Period, limit = 5): Sentence[] {
  const notes: Note[] = [];
  const labels = { label: period.label, previousLabel: period.previousLabel };

  const rateNote = (what: string, from: number | null, to: number | null, metric: MetricKey) => {
    if (from === null || to === null || Math.abs(to - from) < THRESHOLDS.points) return;
    notes.push({ score: Math.abs(to - from) * 100, note: rateMoveNote({ what, from, to, metric, ...labels }) });
  };

  for (const sla of ['response', 'disposition'] as const) {
    const before = new Map(slaByTeam(slaRows(data.sla, sla, previous)).map((t) => [t.team, t]));
    for (const now of slaByTeam(slaRows(data.sla, sla, current))) {
      const then = before.get(now.team);
      if (!then || due(then) < THRESHOLDS.minDue || due(now) < THRESHOLDS.minDue) continue;
      rateNote(`${possessive(now.team)} ${SLA_WORDS[sla]}`, then.compliance, now.compliance, 'compliance');
    }
  }
  const partnersBefore = new Map(slaByPartner(slaRows(data.sla, 'partner_response', previous)).map((p) => [p.partner, p]));
  for (const now of slaByPartner(slaRows(data.sla, 'partner_response', current))) {
    const then = partnersBefore.get(now.partner);
    if (!then || due(then) < THRESHOLDS.minDue || due(now) < THRESHOLDS.minDue) continue;
    rateNote(`${possessive(now.partner)} ${SLA_WORDS.partner_response}`, then.compliance, now.compliance, 'compliance');
  }
  const routingNow = slaTotals(slaRows(data.sla, 'routing', current));
  const routingThen = slaTotals(slaRows(data.sla, 'routing', previous));
  if (due(routingNow) >= THRESHOLDS.minDue && due(routingThen) >= THRESHOLDS.minDue) {
    rateNote('Routing compliance (all teams)', routingThen.compliance, routingNow.compliance, 'routing_sla');
  }

  const mqlsNow = funnelByCategory(data.funnel, current, sourceCategories);
  const mqlsThen = funnelByCategory(data.funnel, previous, sourceCategories);
  for (const category of sourceCategories) {
    const from = mqlsThen.get(category)!.mqls;
    const to = mqlsNow.get(category)!.mqls;
    if (Math.max(from, to) < THRESHOLDS.minCount) continue;
    const change = from === 0 ? 1 : Math.abs(to - from) / from;
    if (change < THRESHOLDS.count) continue;
    notes.push({ score: change * 50, note: countMoveNote({ subject: `${CATEGORY_WORDS[category]} MQLs`, from, to, metric: 'mqls', ...labels }) });
  }

  const pipeNow = sourcedAmounts(data.revenue, current, 'pipeline_created');
  const pipeThen = sourcedAmounts(data.revenue, previous, 'pipeline_created');
  if (pipeNow && pipeThen) {
    const all = Object.values(pipeNow).reduce((a, b) => a + b, 0);
    for (const category of sourceCategories) {
      const from = pipeThen[category];
      const to = pipeNow[category];
      if (from === 0 || Math.max(from, to) < all * 0.1) continue;
      const change = Math.abs(to - from) / from;
      if (change < THRESHOLDS.money) continue;
      notes.push({
        score: change * 30,
        note: moneyMoveNote({ subject: `${CATEGORY_WORDS[category]} pipeline`, from, to, currency: data.meta.reporting_currency, metric: 'pipeline_created', ...labels }),
      });
    }
  }

  const winNow = winTotals(data.revenue, current);
  const winThen = winTotals(data.revenue, previous);
  if (winNow.won + winNow.lost >= THRESHOLDS.minDue && winThen.won + winThen.lost >= THRESHOLDS.minDue) {
    rateNote('The win rate', winThen.rate, winNow.rate, 'win_rate');
  }

  return notes
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((n) => n.note);
}

import { MINUTE } from './business-time.ts';
import type { Lead } from './model.ts';
import { Rng } from './prng.ts';
import type { Sim } from './sim.ts';

/**
 * The demo's lead score (Lead_Score__c): a signal that is real but imperfect. At MQL, leads that
 * sales will convert score about 16 points higher on average, leads it will only accept about 6,
 * with a spread of 14 points either way, so the bands overlap. Partner referrals are scored by a
 * form the partners fill in carelessly: their score is noise. Before most conversions the score
 * climbs with sales activity (a Lead_Score__c history row), so the current score flatters the
 * converted leads and only the score as of MQL tells the truth.
 */
export interface ScoreOutcome {
  mqlAt: number | null;
  isAccepted: boolean;
  convertAt: number | null;
}

/** Sets the lead's score from one draw of the demo's generator, so the rest of the company stays as it was. */
export function scoreLead(sim: Sim, lead: Lead, outcome: ScoreOutcome, draw: number): void {
  const rng = new Rng(Math.floor(draw * 2 ** 32));
  const { mqlAt, convertAt } = outcome;
  if (mqlAt === null || mqlAt >= sim.asOf) {
    lead.score = rng.int(0, 45);
    return;
  }
  const lift = convertAt !== null ? 16 : outcome.isAccepted ? 6 : 0;
  const atMql = lead.channel === 'partner' ? rng.int(20, 100) : Math.round(Math.min(100, Math.max(5, 48 + lift + 14 * rng.normal())));
  lead.score = atMql;
  const changedAt = convertAt === null ? null : convertAt - rng.int(5, 60) * MINUTE;
  if (changedAt !== null && changedAt > mqlAt && rng.chance(0.6)) {
    const after = Math.min(100, atMql + rng.int(5, 30));
    sim.history(lead, changedAt, sim.world.integration, 'Lead_Score__c', 'Double', String(atMql), String(after));
    lead.score = after;
  }
}

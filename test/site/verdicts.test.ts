// Verdict templates: hand-picked numbers in, the exact opening sentence out; counts open their lead lists.
import { describe, expect, it } from 'vitest';
import { plain } from '../../site/src/lib/sentence.ts';
import { campaignsVerdict, changePhrase, followUpVerdict, leadQualityVerdict, mqlVerdict, rateStatus, scorecardVerdict } from '../../site/src/lib/verdicts.ts';

const hrefs = { met: '/leads/response-met/2026-10/', late: null, breached: '/leads/response-breached/2026-10/' };

describe('followUpVerdict', () => {
  it('says off track against the target, with each count opening its list, and names the team driving it', () => {
    // 49 / (49 + 29 + 5) = 59%; West 8 / 32 = 25%, East 41 / 51 = 80%; Tiny has 9 due and is not ranked.
    const [first, second] = followUpVerdict({
      label: 'October 2026', met: 49, late: 29, breached: 5, slaMinutes: 240, target: 0.9, hrefs,
      teams: [
        { name: 'SDR East', met: 41, due: 51, medianMinutes: 15 },
        { name: 'SDR West', met: 8, due: 32, medianMinutes: 708 },
        { name: 'Tiny', met: 0, due: 9, medianMinutes: null },
      ],
    });
    expect(plain(first!)).toBe('Off track: sales followed up 59% of the leads due in October 2026 within 4 business hours, against a target of 90% (49 in time, 29 late, 5 not touched by the deadline).');
    expect(plain(second!)).toBe('SDR West drives it: 25% of 32 in time, median first response 11.8 business hours; the best team, SDR East: 80% of 51 in time, median first response 15 business minutes.');
    expect(first).toContainEqual({ text: '49', metric: 'met', href: hrefs.met });
    expect(first).toContainEqual({ text: '29', metric: 'late' });
  });

  it('says too few to judge under 10 due leads, and tied when the teams are level', () => {
    expect(plain(followUpVerdict({ label: 'October 2026', met: 5, late: 2, breached: 1, slaMinutes: 240, target: 0.9, hrefs, teams: [] })[0]!)).toBe(
      'Too few to judge: only 8 leads handed to sales in October 2026 were due for a first touch within 4 business hours (a target of 90%).',
    );
    const tied = followUpVerdict({ label: 'October 2026', met: 19, late: 1, breached: 0, slaMinutes: 240, target: 0.9, hrefs, teams: [{ name: 'A', met: 9, due: 10, medianMinutes: null }, { name: 'B', met: 9, due: 10, medianMinutes: null }] });
    expect(plain(tied[0]!)).toMatch(/^On track: sales followed up 95% /);
    expect(plain(tied[1]!)).toBe('All 2 teams are tied at 90%.');
  });
});

describe('mqlVerdict and scorecardVerdict', () => {
  it('puts the off-track side of the agreement first', () => {
    // 412 against 400: 3% above.
    const mql = mqlVerdict({ label: 'October 2026', mqls: 412, target: 400, href: '/leads/mqls/2026-10/' });
    expect(plain(mql)).toBe('On track: marketing delivered 412 MQLs in October 2026 against a target of 400 (3% above).');
    const follow = followUpVerdict({ label: 'October 2026', met: 80, late: 14, breached: 7, slaMinutes: 240, target: 0.9, hrefs, teams: [] });
    expect(scorecardVerdict(follow, mql).map(plain)[0]).toMatch(/^Off track: sales/);
    const low = mqlVerdict({ label: 'October 2026', mqls: 300, target: 400, href: null });
    expect(plain(low)).toBe('Off track: marketing delivered 300 MQLs in October 2026 against a target of 400 (25% below).');
    const good = followUpVerdict({ label: 'October 2026', met: 95, late: 5, breached: 0, slaMinutes: 240, target: 0.9, hrefs, teams: [] });
    expect(scorecardVerdict(good, low).map(plain)[0]).toMatch(/^Off track: marketing/);
  });
});

describe('campaignsVerdict and leadQualityVerdict', () => {
  it('judges campaigns against break-even and rejections against the year before', () => {
    // (195,000 − 243,900) / 243,900 = −20%.
    expect(plain(campaignsVerdict({ model: 'linear', cost: 243_900, revenue: 195_000, paidBack: 4, campaigns: 9, currency: 'USD', money: (n) => `$${n.toLocaleString('en-US')}` }))).toBe(
      'Off track: the 9 campaigns with a known cost returned −20% under the linear model against a break-even target of 0% ($195,000 of attributed revenue on $243,900 of cost); 4 of 9 paid back their cost.',
    );
    // 46 / 412 = 11% against 400 / 4,000 = 10%.
    expect(plain(leadQualityVerdict({ label: 'October 2026', rejected: 46, mqls: 412, baselineRejected: 400, baselineMqls: 4000, baselineLabel: 'the 12 months to September 2026', href: null, topReason: 'Student / not a buyer' }))).toBe(
      "Worse than usual: sales rejected 46 leads in October 2026, 11% of the month's 412 MQLs, against 10% over the 12 months to September 2026 (no rejection target is set, so the past year is the benchmark); the most common reason in the last 12 months was Student / not a buyer.",
    );
  });
});

describe('tile facts', () => {
  it('flags rates from fewer than 10 cases and words changes', () => {
    expect(rateStatus(0.5, 0.9, 9)).toBe('too few to judge');
    expect(rateStatus(0.95, 0.9, 10)).toBe('on track');
    expect(rateStatus(0.89, 0.9, 100)).toBe('off track');
    // 79.2% against 85.5%: 6 points down.
    expect(changePhrase(80 / 101, 71 / 83, 'September', 'rate')).toBe('down 6 points on September');
    expect(changePhrase(412, 381, 'September', 'count')).toBe('up 31 on September');
    expect(changePhrase(45, 93, 'September', 'minutes')).toBe('down 48 minutes on September');
    expect(changePhrase(null, 3, 'September', 'count')).toBe('no figure for September to compare');
  });
});

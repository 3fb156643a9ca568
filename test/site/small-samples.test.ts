// Small samples: a rate or median from fewer than 10 cases is shown with its count and "too few to judge", and rankings
// leave tiny groups out. Hand-worked inputs for the cells, the sentences and the views built on the fixture site data.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { whatChanged } from '../../site/src/lib/changes.ts';
import { loadSiteData } from '../../site/src/lib/data.ts';
import { plain } from '../../site/src/lib/sentence.ts';
import { campaignFunnelSentence } from '../../site/src/lib/sentences-marketing.ts';
import { cohortSentence, velocitySentence } from '../../site/src/lib/sentences-ops.ts';
import { medianResponseSentence, monthPeriod, partnerSentence, repSentence, routingSentence, winRateSentence } from '../../site/src/lib/sentences.ts';
import { cell } from '../../site/src/lib/table.ts';
import { campaignsView } from '../../site/src/lib/views/campaigns.ts';
import { followUpView } from '../../site/src/lib/views/follow-up.ts';
import { funnelView } from '../../site/src/lib/views/funnel.ts';

const fixture = fileURLToPath(new URL('../fixtures/site-data/', import.meta.url));
const october = monthPeriod('2026-10', '2026-09');
const XSS = '<img src=x onerror=alert(1)>';

describe('table cells from few cases', () => {
  it('show the count and say "too few to judge" under 10 cases, in words, with no on/off-target tone', () => {
    // 2 met of 9 due = 22.2%: below a 90% target, but 9 cases cannot judge it.
    expect(cell.compliance(2 / 9, 0.9, 10, 9)).toEqual({ text: '22% of 9', value: 22.22, flag: 'too few to judge', unit: '%' });
    // 10 due is enough: 7 / 10 = 70% is below target.
    expect(cell.compliance(0.7, 0.9, 10, 10)).toEqual({ text: '70%', value: 70, flag: 'below target', tone: 'below', unit: '%' });
    // 1 SQL of 4 leads = 25%; 8 of 40 = 20% stands on its own.
    expect(cell.percent(0.25, 'no leads', 4)).toEqual({ text: '25% of 4', value: 25, flag: 'too few to judge', unit: '%' });
    expect(cell.percent(0.2, 'no leads', 40)).toEqual({ text: '20%', value: 20, unit: '%' });
    // A median of 3 first responses.
    expect(cell.minutes(95, 'none done', 3)).toEqual({ text: '1.6 h (of 3)', value: 95, flag: 'too few to judge', unit: 'business minutes' });
    expect(cell.days(6.5, 'none yet', 2)).toMatchObject({ text: '6.5 days (of 2)', flag: 'too few to judge' });
  });
});

describe('sentences from few cases', () => {
  it('give counts, not rates, for follow-up of a rep, routing and partners under 10 due leads', () => {
    // 3 met + 2 late + 1 breached = 6 due.
    expect(plain(repSentence({ name: 'Zoë', team: 'West', label: 'October 2026', met: 3, late: 2, breached: 1, pending: 4, slaMinutes: 240, target: 0.9 }))).toBe(
      'Zoë (West) followed up 3 of the 6 leads handed off in October 2026 within 4 business hours: too few to judge; the agreed level is 90%.',
    );
    // 5 met + 0 late + 3 breached = 8 due.
    expect(plain(routingSentence({ label: 'October 2026', met: 5, late: 0, breached: 3, median: 12, slaMinutes: 60 }))).toBe(
      'Routing: 5 of the 8 leads that became MQL in October 2026 reached a rep within 1 business hour: too few to judge. Routing is measured apart, so slow routing is not counted against reps.',
    );
    // 4 met + 1 late = 5 due.
    expect(plain(partnerSentence({ label: 'October 2026', met: 4, late: 1, breached: 0, slaMinutes: 480, target: 0.9 }))).toBe(
      'Partners touched 4 of the 5 leads handed to them in October 2026 within 8 business hours: too few to judge; the agreed level is 90%.',
    );
  });

  it('flag a median of few responses, a win rate of few deals, a small cohort and its velocity', () => {
    expect(plain(medianResponseSentence({ period: october, median: 38, previousMedian: 45, done: 7 }))).toBe(
      'The median first response took 38 business minutes, from only 7 leads answered: too few to judge.',
    );
    // 10 responses are enough: the comparison stays.
    expect(plain(medianResponseSentence({ period: october, median: 38, previousMedian: 45, done: 10 }))).toBe(
      'The median first response took 38 business minutes, against 45 business minutes in September.',
    );
    // 2 won + 3 lost = 5 closed.
    expect(plain(winRateSentence({ period: october, won: 2, lost: 3, wonAmount: 20_000, closedAmount: 50_000, previousRate: 0.5 }))).toBe(
      'Sales won 2 of the 5 opportunities closed in October 2026: too few to judge a win rate.',
    );
    expect(plain(cohortSentence({ label: 'October 2026', mqls: 6, sals: 4, sqls: 2, won: 0 }))).toBe(
      'Of the 6 people who became MQL in October 2026, sales has accepted 4, qualified 2 and won 0 so far (cohort view): too few to judge a rate.',
    );
    expect(plain(velocitySentence({ median: 6.7, p90: 13.6, sqls: 2 }))).toBe('For that cohort, the median time from MQL to SQL was 6.7 days, from only 2 SQLs: too few to judge.');
  });

  it("drop a campaign's rates that rest on fewer than 10 people touched or MQLs", () => {
    // 8 touched: no share of those touched; 3 MQLs: no SQL share of the MQLs.
    expect(plain(campaignFunnelSentence({ name: 'Partner Dinner', touched: 8, mqls: 3, sqls: 1, opportunities: 1, won: 0 }))).toBe(
      'Partner Dinner touched 8 people: 3 became MQL (too few touched to judge a rate) and 1 SQL (too few MQLs to judge a rate); it was in the journey of 1 opportunity, none of them won.',
    );
    // 40 touched, 20 MQLs, 5 SQLs: 50% and 25%.
    expect(plain(campaignFunnelSentence({ name: 'Webinar', touched: 40, mqls: 20, sqls: 5, opportunities: 0, won: 0 }))).toBe(
      'Webinar touched 40 people: 20 became MQL (50% of those touched) and 5 SQL (25% of the MQLs); it is in no opportunity’s journey yet.',
    );
  });
});

describe('views on the fixture data', () => {
  it("follow-up: the third team's 9 due leads show as a count, too few to judge, in its team table", () => {
    const data = loadSiteData(fixture);
    // October response, the third team: 2 met, 3 late, 4 breached = 9 due, 2 / 9 = 22%.
    const row = followUpView(data).response.month.rows.find((r) => r[0]!.text === XSS)!;
    expect(row.at(-3)).toEqual({ text: '22% of 9', value: 22.22, flag: 'too few to judge', unit: '%' });
  });

  it('campaigns: a campaign that touched fewer than 10 people is not ranked for highest or lowest ROI, and is named as such', () => {
    const data = loadSiteData(fixture);
    // The webinar (+400% under five models) touched only 6 people here, so Paid Search alone is ranked:
    // +500% first touch, +300% last touch, +400% linear, +450% U-shaped, +350% W-shaped, +400% full path.
    data.roi = data.roi.map((r) => (r.campaign_name === XSS ? { ...r, touched_people: 6 } : r));
    const sentences = campaignsView(data).sentences.map(plain);
    expect(sentences).toContain('Paid Search – Always On had the highest ROI under every model, from +300% (last touch) to +500% (first touch).');
    expect(sentences).toContain('Paid Search – Always On had the lowest ROI under every model, from +300% (last touch) to +500% (first touch).');
    expect(sentences).toContain(`Not ranked, too few people touched to judge (fewer than 10): ${XSS}.`);
  });

  it('what changed: a rate from fewer than 10 due leads on either side makes no note', () => {
    const data = loadSiteData(fixture);
    // Acme's partner response 8/10 → 6/10 (−20 points) is noted; with one September lead fewer (7 of 9) it is not.
    const notes = () => whatChanged(data, ['2026-10'], ['2026-09'], october).map(plain);
    expect(notes()[0]).toBe("Acme Resellers & Co's partner response compliance fell from 80% in September to 60% in October 2026 (20 points).");
    data.sla = data.sla.map((r) =>
      r.sla === 'partner_response' && r.month === '2026-09' ? { ...r, handed_off: r.handed_off - 1, met: r.met - 1, compliance: (r.met - 1) / (r.met - 1 + r.late + r.breached) } : r,
    );
    expect(notes().some((n) => n.startsWith('Acme'))).toBe(false);
  });
});

describe('the funnel chart from few people', () => {
  it("says a stage's share of fewer than 10 people is too few to judge, in the period and the cohort view", () => {
    const data = loadSiteData(fixture);
    // October 2026 shrunk to one source: 30 inquiries, 8 MQLs, 5 SALs, 2 SQLs, 1 won; its cohort 8 → 5 → 2 → 0.
    const funnel = data.funnel.filter((r) => r.month !== '2026-10');
    const octoberMarketing = data.funnel.find((r) => r.month === '2026-10' && r.source_category === 'marketing')!;
    funnel.push({ ...octoberMarketing, inquiries: 30, mqls: 8, sals: 5, sqls: 2, won: 1 });
    const cohorts = data.cohorts.map((c) => (c.month === '2026-10' ? { ...c, mqls: 8, reached_sal: 5, reached_sql: 2, reached_won: 0 } : c));
    // 8 of 30 = 26.7%, shown as 27%; every later stage rests on 8 or fewer people.
    expect(funnelView({ ...data, funnel, cohorts }).funnelChartCaption).toBe(
      'The funnel in October 2026: Inquiries 30, MQLs 8 (27% of the stage before), SALs 5 (too few to judge a rate), SQLs 2 (too few to judge a rate), ' +
        "Won 1 (too few to judge a rate) (period view); the month's MQL cohort so far: MQLs 8, SALs 5 (too few to judge a rate), " +
        'SQLs 2 (too few to judge a rate), Won 0 (too few to judge a rate).',
    );
  });
});

// Sentence templates of the campaigns, lead quality, funnel and data health pages: hand-picked numbers, exact sentences.
import { describe, expect, it } from 'vitest';
import { plain, type Sentence } from '../../site/src/lib/sentence.ts';
import {
  campaignCostSentence,
  campaignFunnelSentence,
  campaignSpendSentence,
  contactabilitySentence,
  rejectionSentence,
  roiLeaderSentence,
  roiRangeSentence,
  unattributedSentence,
  worstSourceSentence,
} from '../../site/src/lib/sentences-marketing.ts';
import {
  activitySentence,
  cohortSentence,
  leakageSentence,
  loadsSentence,
  staleSentence,
  testsSentence,
  unmappedSentence,
  anomaliesSentence,
  missingExportsSentence,
  unmappedStatusSentence,
  velocitySentence,
} from '../../site/src/lib/sentences-ops.ts';

const text = (s: Sentence) => plain(s);
const MODELS = ['first_touch', 'last_touch', 'linear', 'u_shaped', 'w_shaped', 'full_path'];

describe('campaign sentences', () => {
  it('totals known costs and calls unknown cost unknown, not zero', () => {
    expect(text(campaignCostSentence({ campaigns: 3, totalCost: 12_000, unknownCost: ['Summer Newsletter'], currency: 'USD' }))).toBe(
      '3 campaigns cost $12,000 in total; 1 has no recorded cost (Summer Newsletter), so its ROI and cost per stage are unknown, not zero.',
    );
    expect(text(campaignCostSentence({ campaigns: 2, totalCost: 5_000, unknownCost: [], currency: 'USD' }))).toBe('2 campaigns cost $5,000 in total.');
    expect(text(campaignCostSentence({ campaigns: 1, totalCost: 0, unknownCost: ['A'], currency: 'USD' }))).toBe(
      'No campaign has a recorded cost, so cost per stage and ROI are unknown.',
    );
  });

  it('names the ROI leader, or how the leader depends on the model', () => {
    const same = MODELS.map((model, i) => ({ model, name: 'Partner Co-Marketing', href: '/campaigns/p/', roi: 12 + i }));
    expect(text(roiLeaderSentence({ which: 'highest', leaders: same }))).toBe(
      'Partner Co-Marketing had the highest ROI under every model, from +1,200% (first touch) to +1,700% (full path).',
    );
    const split = MODELS.map((model) => ({ model, name: model === 'first_touch' ? 'Paid Search' : 'Webinar', href: '/c/', roi: 4 }));
    expect(text(roiLeaderSentence({ which: 'highest', leaders: split }))).toBe(
      'The highest ROI depends on the attribution model: Paid Search under first touch and Webinar under last touch, linear, U-shaped, W-shaped and full path.',
    );
    expect(text(roiLeaderSentence({ which: 'lowest', leaders: [] }))).toBe('No campaign has a known cost, so there is no lowest ROI.');
  });

  it('states revenue no campaign can be credited with', () => {
    // 10,000 of 100,000 = 10%.
    expect(text(unattributedSentence({ model: 'linear', unattributed: 10_000, total: 100_000, currency: 'USD' }))).toBe(
      'Under the linear model, $10,000 of revenue (10%) came from opportunities no campaign can be credited with.',
    );
  });

  it("words a campaign's funnel, spend and ROI range", () => {
    // 316 / 525 = 60.2%; 12 / 525 = 2.3%.
    expect(text(campaignFunnelSentence({ name: 'Data Summit 2026', touched: 525, mqls: 316, sqls: 12, opportunities: 8, won: 1 }))).toBe(
      'Data Summit 2026 touched 525 people: 316 became MQL (60% of those touched) and 12 SQL (4% of the MQLs); it was in the journey of 8 opportunities, 1 of them won.',
    );
    // 85,000 / 525 = 161.90; 85,000 / 316 = 268.99.
    expect(text(campaignSpendSentence({ cost: 85_000, perLead: 85_000 / 525, perMql: 85_000 / 316, currency: 'USD' }))).toBe(
      'It cost $85,000: $162 per person touched and $269 per MQL.',
    );
    expect(text(campaignSpendSentence({ cost: 600, perLead: 12.5, perMql: null, currency: 'USD' }))).toBe('It cost $600: $12.50 per person touched.');
    expect(text(campaignSpendSentence({ cost: null, perLead: null, perMql: null, currency: 'USD' }))).toBe(
      'Its cost was never recorded, so its cost per stage and ROI are unknown (not zero).',
    );
    expect(text(roiRangeSentence([{ model: 'first_touch', roi: -0.98 }, { model: 'last_touch', roi: -0.9 }, { model: 'linear', roi: -0.96 }]))).toBe(
      'Its ROI ranges from −98% under first touch to −90% under last touch.',
    );
    expect(text(roiRangeSentence([{ model: 'linear', roi: null }]))).toBe('Its ROI is unknown under every model.');
  });
});

describe('lead quality sentences', () => {
  it('gives the rejections and the most common reason', () => {
    // 10 + 5 = 15; 10 / 15 = 67%.
    expect(text(rejectionSentence({ label: 'November 2025 to October 2026', reasons: [{ reason: 'No budget', rejected: 5 }, { reason: 'Student / not a buyer', rejected: 10 }] }))).toBe(
      'Sales rejected 15 leads from November 2025 to October 2026; the most common reason was Student / not a buyer (10, 67%).',
    );
    // 12 of 30 = 40%.
    expect(text(worstSourceSentence({ kind: 'campaign of first touch', name: 'Paid Search', rejected: 12, total: 30 }))).toBe(
      'By campaign of first touch, leads from Paid Search were rejected most often: 12 of 30 rejections (40%).',
    );
    // The most rejected has only 6: nobody is ranked on so few.
    expect(text(worstSourceSentence({ kind: 'campaign of first touch', name: 'Paid Search', rejected: 6, total: 15 }))).toBe(
      'By campaign of first touch, none had 10 or more rejected leads: too few to rank.',
    );
    // 4 rejections in all: no most common reason is named.
    expect(text(rejectionSentence({ label: 'October 2026', reasons: [{ reason: 'No budget', rejected: 3 }, { reason: 'Bad data', rejected: 1 }] }))).toBe(
      'Sales rejected 4 leads from October 2026: too few to judge which reason is most common.',
    );
    // Ties are named together: 5 and 5 of 12 (42% each); two partners at 12 of 30.
    expect(text(rejectionSentence({ label: 'October 2026', reasons: [{ reason: 'No budget', rejected: 5 }, { reason: 'Bad data', rejected: 5 }, { reason: 'Competitor', rejected: 2 }] }))).toBe(
      'Sales rejected 12 leads from October 2026; the most common reasons were tied: No budget and Bad data (5 each, 42%).',
    );
    expect(text(worstSourceSentence({ kind: 'partner', name: 'Acme', rejected: 12, total: 30, tiedWith: ['Globex'] }))).toBe(
      'By partner, Acme and Globex were tied for the most rejected leads: 12 each of 30 rejections (40% each).',
    );
  });

  it('counts contactability problems', () => {
    expect(text(contactabilitySentence({ label: 'November 2025 to October 2026', people: 450, noChannel: 5, bounced: 8, duplicates: 3, queued: 92, queueHours: 24 }))).toBe(
      'Of the 450 people created from November 2025 to October 2026, 5 had no valid way to be reached, 8 had a bounced email, 3 shared an email with someone else and 92 sat in a lead queue (owned by no user) for more than 24 hours at some point, mostly before becoming MQL; the wait of an MQL for a rep is the routing SLA on the follow-up page.',
    );
  });
});

describe('funnel sentences', () => {
  it('words a cohort (cohort view) and its velocity', () => {
    // 320 / 381 = 84.0%; 100 / 381 = 26.2%.
    expect(text(cohortSentence({ label: 'September 2026', mqls: 381, sals: 320, sqls: 100, won: 6 }))).toBe(
      'Of the 381 people who became MQL in September 2026, sales has accepted 84%, qualified 26% and won 6 so far (cohort view).',
    );
    // Under 10 days keeps one decimal; from 10 days on, whole days.
    expect(text(velocitySentence({ median: 6.7, p90: 13.6 }))).toBe('For that cohort, the median time from MQL to SQL was 6.7 days, and 9 in 10 of them within 14 days.');
    expect(text(velocitySentence({ median: 0.5, p90: null }))).toBe('For that cohort, the median time from MQL to SQL was 12 hours.');
  });

  it('words leakage and activity', () => {
    expect(text(leakageSentence({ label: 'July to October 2026', mqls: 1538, neverAccepted: 135, neverTouched: 36, rejected: 145, recycled: 73, stalled: 26 }))).toBe(
      'Of the 1,538 people who became MQL from July to October 2026, 135 were never accepted, 36 never touched, 145 rejected, 73 recycled and 26 stalled (cohort view; a lead can leak in more than one way).',
    );
    expect(text(activitySentence({ label: 'October 2026', activityOnly: 1550, mqls: 412, conversations: 315 }))).toBe(
      'In October 2026, 1,550 people showed activity only (opens, clicks, downloads), 412 became MQL and 315 had a first sales conversation.',
    );
  });
});

describe('data health sentences', () => {
  it('sums the loads and names unreadable and stale files', () => {
    // 3,500 + 4,800 + 20 + 0 = 8,320 read; 8,318 loaded; 2 quarantined.
    expect(text(loadsSentence({ files: 4, read: 8320, loaded: 8318, quarantined: 2, unreadable: ['salesforce/Event.csv'] }))).toBe(
      'The night loaded 4 export files: 8,320 rows read, 8,318 loaded and 2 quarantined with a reason; 1 file could not be read: salesforce/Event.csv.',
    );
    expect(text(loadsSentence({ files: 1, read: 10, loaded: 10, quarantined: 0, unreadable: [] }))).toBe(
      'The night loaded 1 export file: 10 rows read, 10 loaded and none quarantined; no file was unreadable.',
    );
    expect(text(staleSentence([{ name: 'salesforce/User.csv', days: 165.1 }], 7))).toBe('1 export is more than 7 days old: salesforce/User.csv (165 days).');
    expect(text(staleSentence([], 7))).toBe('Every export is less than 7 days old.');
  });

  it('gives test results and unmapped lead sources', () => {
    expect(text(testsSentence([{ name: 'unique on leads.person_id', passed: true }, { name: 'not null on leads.created_at', passed: true }]))).toBe('All 2 data tests passed.');
    expect(text(testsSentence([{ name: 'a', passed: true }, { name: 'accepted values on sla_compliance.sla', passed: false }]))).toBe(
      '1 of 2 data tests failed: accepted values on sla_compliance.sla.',
    );
    expect(text(unmappedSentence([{ value: 'Purchased List', people: 53 }]))).toBe(
      '1 lead source value maps to no source category: Purchased List (53 people). Add it to source_categories in the config.',
    );
    expect(text(unmappedSentence([]))).toBe('Every lead source value maps to a source category.');
  });

  it('names anomalies, missing files and unmapped statuses, with counts and an example', () => {
    expect(text(anomaliesSentence([
      { name: 'close date before creation', records: 3, object: 'opportunity', examples: '006A, 006B, 006C' },
      { name: 'stage times out of order', records: 1, object: 'person', examples: '00QA' },
    ]))).toBe(
      'The night found 2 kinds of data anomaly and went on: close date before creation (3 opportunities, e.g. 006A); stage times out of order (1 person, e.g. 00QA). Each is kept out of only the numbers it would falsify.',
    );
    expect(text(anomaliesSentence([]))).toBe('No data anomaly was found.');
    expect(text(missingExportsSentence([{ file: 'User.csv', source: 'salesforce', without: 'owners are known only by id' }]))).toBe(
      '1 file the numbers need did not arrive, so: User.csv (salesforce): owners are known only by id.',
    );
    expect(text(missingExportsSentence([]))).toBe('Every file the numbers need arrived.');
    expect(text(unmappedStatusSentence([{ value: 'MQL - Open', people: 8000, source: 'legacy' }]))).toBe(
      '1 lead status value maps to no funnel stage, so those people stay at inquiry: MQL - Open (8,000 people, legacy). Add it to the stage map in the config.',
    );
  });

  it('says why deals were lost, and never calls a missing reason a reason', async () => {
    const { lossSentence } = await import('../../site/src/lib/sentences-marketing.ts');
    // Price 30 + 10 = 40 of 70 (57%); amounts 45,000 + 5,000 + 12,000 + 30,000 = 92,000.
    expect(text(lossSentence({ label: 'November 2025 to October 2026', currency: 'USD', reasons: [
      { reason: 'Price', lost: 30, amount: 45_000 }, { reason: 'No reason given', lost: 10, amount: 5_000 },
      { reason: 'Price', lost: 10, amount: 12_000 }, { reason: 'Went with a competitor', lost: 20, amount: 30_000 },
    ] }))).toBe('Sales lost 70 deals worth $92,000 from November 2025 to October 2026; the most common reason was Price (40, 57%).');
    // 20 of 30 = 67% without a reason.
    expect(text(lossSentence({ label: 'October 2026', currency: 'USD', reasons: [{ reason: 'No reason given', lost: 20, amount: 1_000 }, { reason: 'Price', lost: 10, amount: 500 }] })))
      .toBe('Sales lost 30 deals worth $1,500 from October 2026; most were lost without a reason given (20, 67%).');
    // 3 deals: too few to name a most common reason.
    expect(text(lossSentence({ label: 'October 2026', currency: 'USD', reasons: [{ reason: 'No reason given', lost: 2, amount: 1_000 }, { reason: 'Price', lost: 1, amount: 500 }] })))
      .toBe('Sales lost 3 deals worth $1,500 from October 2026: too few to judge which reason is most common.');
    expect(text(lossSentence({ label: 'October 2026', currency: 'USD', reasons: [] }))).toBe('No deals were lost from October 2026.');
  });
});


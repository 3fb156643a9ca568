// The funnel page's content: period view, cohort view, velocity, leakage, and activity against MQLs and conversations.
import type { ChartSpec } from '../chart.ts';
import { monthName, monthShort } from '../format.ts';
import { funnelByCategory, funnelExits, funnelStages, funnelTotals } from '../report.ts';
import { sourceCategories, type SiteData } from '../schema.ts';
import { sqlSentence } from '../sentences.ts';
import { activitySentence, cohortSentence, leakageSentence, velocitySentence } from '../sentences-ops.ts';
import type { Sentence } from '../sentence.ts';
import { mqlTile, mqlVerdictOf } from './headline.ts';
import { MIN_CASES } from '../verdicts.ts';
import { cell, type Table } from '../table.ts';
import { listHref, periods } from './common.ts';
import { funnelTable } from './scorecard.ts';

/** Everything the funnel page shows, over the last 12 complete months. */
export function funnelView(data: SiteData) {
  const p = periods(data);
  const { month, year, yearLabel } = p;
  const totals = funnelTotals(data.funnel, month);
  const cohorts = data.cohorts.filter((c) => year.includes(c.month));
  const cohort = data.cohorts.find((c) => c.month === month) ?? null;
  const sum = (pick: (c: (typeof cohorts)[number]) => number) => cohorts.reduce((n, c) => n + pick(c), 0);

  const sentences: Sentence[] = [
    sqlSentence({ label: monthName(month), sqls: totals?.sqls ?? null, won: totals?.won ?? null }),
    ...(cohort
      ? [
          cohortSentence({ label: monthName(month), mqls: cohort.mqls, sals: cohort.reached_sal, sqls: cohort.reached_sql, won: cohort.reached_won }),
          velocitySentence({ median: cohort.median_days_mql_to_sql, p90: cohort.p90_days_mql_to_sql, sqls: cohort.reached_sql }),
        ]
      : []),
    leakageSentence({
      label: yearLabel,
      mqls: sum((c) => c.mqls),
      neverAccepted: sum((c) => c.never_accepted),
      neverTouched: sum((c) => c.never_touched),
      rejected: sum((c) => c.rejected),
      recycled: sum((c) => c.recycled),
      stalled: sum((c) => c.stalled),
    }),
    ...(totals ? [activitySentence({ label: monthName(month), activityOnly: totals.activity_only, mqls: totals.mqls, conversations: totals.first_conversations })] : []),
  ];

  const stages = [...funnelStages, ...funnelExits];
  const period: Table = {
    caption: `People reaching each stage, by month, ${yearLabel}`,
    note: 'Period view: each person is counted in the month they first reached the stage, so the stages of one month are not the same people. The MQL to SQL ratio is SQLs over MQLs of the same month.',
    columns: [
      { label: 'Month', text: true },
      ...stages.map((s) => ({ label: s.label, metric: s.key })),
      { label: 'MQL to SQL ratio (period view)', metric: 'period_conversion' },
      { label: 'Inferred stage times', metric: 'inferred_stages' },
    ],
    rows: year.map((m) => {
      const t = funnelTotals(data.funnel, m);
      return [
        cell.text(monthName(m)),
        ...stages.map((s) => cell.count(t ? t[s.key] : null, listHref(data, s.key, m))),
        cell.percent(t && t.mqls > 0 ? t.sqls / t.mqls : null, 'no MQLs', t?.mqls),
        cell.count(t?.inferred_stages ?? null),
      ];
    }),
    csvName: 'funnel-period-view-by-month',
  };
  const categoryLabels = { marketing: 'Marketing-sourced', sales: 'Sales-sourced', partner: 'Partner-sourced', unknown: 'Source unknown' } as const;
  const mqlsBySource: Table = {
    caption: `MQLs by lead source, by month, ${yearLabel}`,
    note: 'Period view: people who became MQL in each month, by who sourced them. Each count opens its leads.',
    columns: [{ label: 'Month', text: true }, ...sourceCategories.map((c) => ({ label: categoryLabels[c], metric: 'source_category' as const })), { label: 'All sources', metric: 'mqls' }],
    rows: year.map((m) => {
      const byCategory = funnelByCategory(data.funnel, m, sourceCategories);
      return [
        cell.text(monthName(m)),
        ...sourceCategories.map((c) => cell.count(byCategory.get(c)!.mqls, listHref(data, 'mqls', m, { dimension: 'source', key: c }))),
        cell.count(funnelTotals(data.funnel, m)?.mqls ?? null, listHref(data, 'mqls', m)),
      ];
    }),
    csvName: 'mqls-by-source-by-month',
  };
  const cohortTable: Table = {
    caption: `Cohorts: of the people who became MQL in each month, how many reached each later stage so far, ${yearLabel}`,
    note: 'Cohort view: the same people followed from MQL; recent cohorts are still moving.',
    columns: [
      { label: 'MQL month', text: true },
      { label: 'MQLs', metric: 'mqls' },
      { label: 'Accepted (SAL)', metric: 'sal_rate' },
      { label: 'SAL rate (cohort view)', metric: 'sal_rate' },
      { label: 'Qualified (SQL)', metric: 'mql_to_sql_rate' },
      { label: 'MQL to SQL rate (cohort view)', metric: 'mql_to_sql_rate' },
      { label: 'Won', metric: 'sql_to_won_rate' },
      { label: 'SQL to won rate (cohort view)', metric: 'sql_to_won_rate' },
    ],
    rows: cohorts.map((c) => [
      cell.text(monthName(c.month)),
      cell.count(c.mqls, listHref(data, 'mqls', c.month)),
      cell.count(c.reached_sal),
      cell.percent(c.mql_to_sal_rate, 'no data', c.mqls),
      cell.count(c.reached_sql),
      cell.percent(c.mql_to_sql_rate, 'no data', c.mqls),
      cell.count(c.reached_won),
      cell.percent(c.sql_to_won_rate, 'no SQLs yet', c.reached_sql),
    ]),
    csvName: 'funnel-cohort-view-by-month',
  };
  const velocity: Table = {
    caption: `Velocity: days between stages, by MQL cohort, ${yearLabel}`,
    note: 'Calendar days. Median: half were faster; 9 in 10: the 90th percentile.',
    columns: [
      { label: 'MQL month', text: true },
      { label: 'MQL to SAL, median', metric: 'days_mql_to_sal' },
      { label: 'MQL to SAL, 9 in 10 within', metric: 'days_mql_to_sal' },
      { label: 'MQL to SQL, median', metric: 'days_mql_to_sql' },
      { label: 'MQL to SQL, 9 in 10 within', metric: 'days_mql_to_sql' },
      { label: 'SQL to won, median', metric: 'days_sql_to_won' },
      { label: 'SQL to won, 9 in 10 within', metric: 'days_sql_to_won' },
    ],
    rows: cohorts.map((c) => [
      cell.text(monthName(c.month)),
      cell.days(c.median_days_mql_to_sal, undefined, c.reached_sal),
      cell.days(c.p90_days_mql_to_sal, undefined, c.reached_sal),
      cell.days(c.median_days_mql_to_sql, undefined, c.reached_sql),
      cell.days(c.p90_days_mql_to_sql, undefined, c.reached_sql),
      cell.days(c.median_days_sql_to_won, undefined, c.reached_won),
      cell.days(c.p90_days_sql_to_won, undefined, c.reached_won),
    ]),
    csvName: 'funnel-velocity-by-cohort',
  };
  const velocityChart: ChartSpec = {
    type: 'line',
    labels: cohorts.map((c) => monthShort(c.month)),
    yTitle: 'Days',
    format: 'count',
    series: [
      { label: 'MQL to SQL, median', values: cohorts.map((c) => c.median_days_mql_to_sql), color: '#1f5fa8' },
      { label: 'MQL to SQL, 9 in 10 within', values: cohorts.map((c) => c.p90_days_mql_to_sql), color: '#a8430f', dashed: true },
    ],
  };
  const leakage: Table = {
    caption: `Leakage: where MQLs of each cohort were lost, ${yearLabel}`,
    note: 'Cohort view. A lead can count in more than one column (for example rejected and never touched).',
    columns: [
      { label: 'MQL month', text: true },
      { label: 'MQLs', metric: 'mqls' },
      { label: 'Never accepted', metric: 'never_accepted' },
      { label: 'Never touched', metric: 'never_touched' },
      { label: 'Rejected', metric: 'cohort_rejected' },
      { label: 'Recycled', metric: 'cohort_recycled' },
      { label: 'Stalled', metric: 'stalled' },
    ],
    rows: cohorts.map((c) => [
      cell.text(monthName(c.month)),
      cell.count(c.mqls),
      cell.count(c.never_accepted),
      cell.count(c.never_touched),
      cell.count(c.rejected),
      cell.count(c.recycled),
      cell.count(c.stalled),
    ]),
    footer: [[cell.text('All cohorts'), cell.count(sum((c) => c.mqls)), cell.count(sum((c) => c.never_accepted)), cell.count(sum((c) => c.never_touched)), cell.count(sum((c) => c.rejected)), cell.count(sum((c) => c.recycled)), cell.count(sum((c) => c.stalled))]],
    csvName: 'funnel-leakage-by-cohort',
  };
  const reasons = data.rejections.filter((r) => r.dimension === 'all').sort((a, b) => b.rejected - a.rejected);
  const reasonTable: Table = {
    caption: `Rejected leads by reason, ${yearLabel}`,
    note: 'Period view: leads rejected in these months. More on the lead quality page.',
    columns: [{ label: 'Reason', text: true, metric: 'rejection_reason' }, { label: 'Rejected', metric: 'rejected' }],
    rows: reasons.map((r) => [cell.text(r.reason), cell.count(r.rejected)]),
    csvName: 'rejections-by-reason',
  };
  const activityRows = year.map((m) => ({ month: m, t: funnelTotals(data.funnel, m) }));
  const activity: Table = {
    caption: `Activity, MQLs and first sales conversations, by month, ${yearLabel}`,
    note: 'Period view. Activity only: people whose first marketing response fell in the month and who never became MQL.',
    columns: [
      { label: 'Month', text: true },
      { label: 'Activity only', metric: 'activity_only' },
      { label: 'MQLs', metric: 'mqls' },
      { label: 'First sales conversations', metric: 'first_conversations' },
    ],
    rows: activityRows.map(({ month: m, t }) => [
      cell.text(monthName(m)),
      cell.count(t?.activity_only ?? null),
      cell.count(t?.mqls ?? null, listHref(data, 'mqls', m)),
      cell.count(t?.first_conversations ?? null),
    ]),
    csvName: 'activity-mqls-conversations-by-month',
  };
  const activityChart: ChartSpec = {
    type: 'line',
    labels: activityRows.map((r) => monthShort(r.month)),
    yTitle: 'People',
    format: 'count',
    series: [
      { label: 'Activity only', values: activityRows.map((r) => r.t?.activity_only ?? null), color: '#6b5b00' },
      { label: 'MQLs', values: activityRows.map((r) => r.t?.mqls ?? null), color: '#1f5fa8', dashed: true },
      { label: 'First sales conversations', values: activityRows.map((r) => r.t?.first_conversations ?? null), color: '#a8430f' },
    ],
  };
  // The month's funnel as bars: people reaching each stage (period view) and the cohort of the month (cohort view).
  const stageLabels = ['Inquiries', 'MQLs', 'SALs', 'SQLs', 'Won'];
  const periodCounts = totals ? [totals.inquiries, totals.mqls, totals.sals, totals.sqls, totals.won] : [];
  const cohortCounts = cohort ? [null, cohort.mqls, cohort.reached_sal, cohort.reached_sql, cohort.reached_won] : [];
  const step = (counts: Array<number | null>, i: number) => {
    const before = counts[i - 1];
    const now = counts[i];
    if (i === 0 || before === null || before === undefined || before === 0 || now === null || now === undefined) return '';
    // A share of a handful of people is not a conversion rate anyone should act on.
    return before < MIN_CASES ? ' (too few to judge a rate)' : ` (${Math.round((now / before) * 100)}% of the stage before)`;
  };
  const funnelChart: ChartSpec = {
    type: 'bar',
    labels: stageLabels,
    yTitle: 'People',
    format: 'count',
    series: [
      { label: `Period view, ${monthName(month)}`, values: periodCounts, color: '#1f5fa8' },
      { label: `Cohort of ${monthName(month)} so far`, values: cohortCounts, color: '#a8430f' },
    ],
  };
  const funnelChartCaption = `The funnel in ${monthName(month)}: ${stageLabels
    .map((label, i) => `${label} ${periodCounts[i] ?? 'none'}${step(periodCounts, i)}`)
    .join(', ')} (period view); the month's MQL cohort so far: ${stageLabels
    .slice(1)
    .map((label, i) => `${label} ${cohortCounts[i + 1] ?? 'none'}${step(cohortCounts, i + 1)}`)
    .join(', ')}.`;
  return {
    ...p,
    funnelChart: totals ? funnelChart : null,
    funnelChartCaption,
    verdict: [mqlVerdictOf(data, p)],
    tiles: [mqlTile(data, p)],
    sentences,
    period,
    bySource: totals ? funnelTable(data, month, p.previousMonth) : null,
    mqlsBySource,
    cohorts: cohortTable,
    velocity,
    velocityChart,
    leakage,
    reasons: reasonTable,
    activity,
    activityChart,
  };
}

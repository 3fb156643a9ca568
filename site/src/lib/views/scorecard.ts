// The scorecard's content: headline sentences for the latest month and quarter, the headline table, what changed, the funnel.
import { whatChanged } from '../changes.ts';
import type { ChartSpec } from '../chart.ts';
import { monthName, monthShort } from '../format.ts';
import {
  cohortTotals,
  funnelByCategory,
  funnelExits,
  funnelStages,
  funnelTotals,
  mqlSqlTrend,
  mqlTarget,
  periodMedian,
  slaRows,
  slaTotals,
  sourcedAmounts,
  winTotals,
} from '../report.ts';
import { sourceCategories, type SiteData } from '../schema.ts';
import type { MetricKey } from '../metrics.ts';
import type { Sentence } from '../sentence.ts';
import {
  followUpSentence,
  medianResponseSentence,
  mqlSentence,
  pipelineSentence,
  revenueSentence,
  salRateSentence,
  sqlSentence,
  winRateSentence,
  type Period,
} from '../sentences.ts';
import { cell, type Cell, type Table } from '../table.ts';
import { listHref, monthsOf, periods, withLeadLists } from './common.ts';
import { complianceTile, followUpVerdictOf, medianTile, monthToDateOf, mqlTile, mqlVerdictOf } from './headline.ts';
import { scorecardVerdict } from '../verdicts.ts';

interface PeriodFacts {
  months: string[];
  key: string;
  period: Period;
}

function headlineSentences(data: SiteData, now: PeriodFacts, before: PeriodFacts): Sentence[] {
  const { meta, funnel, cohorts, sla, slaMedians, revenue } = data;
  const totals = funnelTotals(funnel, now.months);
  const previous = funnelTotals(funnel, before.months);
  const cohort = cohortTotals(cohorts, now.months);
  const previousCohort = cohortTotals(cohorts, before.months);
  const response = slaTotals(slaRows(sla, 'response', now.months));
  const previousResponse = slaTotals(slaRows(sla, 'response', before.months));
  const currency = meta.reporting_currency;
  const win = winTotals(revenue, now.months);
  return [
    mqlSentence({ period: now.period, mqls: totals?.mqls ?? null, previousMqls: previous?.mqls ?? null, target: mqlTarget(funnel, now.months) }),
    ...(cohort ? [salRateSentence({ period: now.period, mqls: cohort.mqls, sals: cohort.reachedSal, previousRate: previousCohort?.salRate ?? null })] : []),
    followUpSentence({
      period: now.period,
      ...response,
      previousCompliance: previousResponse.compliance,
      slaMinutes: meta.sla.response_minutes,
      target: meta.sla.compliance_target,
    }),
    ...(response.handedOff > 0
      ? [
          medianResponseSentence({
            period: now.period,
            median: periodMedian(slaMedians, now.key, 'response')?.median_business_minutes ?? null,
            previousMedian: periodMedian(slaMedians, before.key, 'response')?.median_business_minutes ?? null,
            done: periodMedian(slaMedians, now.key, 'response')?.done ?? 0,
          }),
        ]
      : []),
    pipelineSentence({
      period: now.period,
      current: sourcedAmounts(revenue, now.months, 'pipeline_created') ?? { marketing: 0, sales: 0, partner: 0, unknown: 0 },
      previous: sourcedAmounts(revenue, before.months, 'pipeline_created'),
      currency,
    }),
    revenueSentence({
      period: now.period,
      current: sourcedAmounts(revenue, now.months, 'revenue_won') ?? { marketing: 0, sales: 0, partner: 0, unknown: 0 },
      previous: sourcedAmounts(revenue, before.months, 'revenue_won'),
      currency,
    }),
    winRateSentence({ period: now.period, ...win, previousRate: winTotals(revenue, before.months).rate }),
  ];
}

/** The headline measures of four periods side by side (what the sentences say, in one printable table). */
function headlineTable(data: SiteData, columns: PeriodFacts[]): Table {
  const { meta, funnel, cohorts, sla, slaMedians, revenue } = data;
  const currency = meta.reporting_currency;
  const target = meta.sla.compliance_target;
  const measures: Array<{ label: string; value: (p: PeriodFacts) => Cell }> = [
    {
      label: 'MQLs',
      value: (p) => cell.count(funnelTotals(funnel, p.months)?.mqls ?? null, p.months.length === 1 ? listHref(data, 'mqls', p.months[0]!) : null),
    },
    { label: 'MQL target', value: (p) => cell.count(mqlTarget(funnel, p.months), null, 'no target set') },
    {
      label: 'SAL rate (cohort view)',
      value: (p) => {
        const c = cohortTotals(cohorts, p.months);
        return cell.percent(c?.salRate ?? null, 'no data', c?.mqls);
      },
    },
    {
      label: 'Response SLA: followed up in time',
      value: (p) => {
        const t = slaTotals(slaRows(sla, 'response', p.months));
        return cell.compliance(t.compliance, target, t.handedOff, t.met + t.late + t.breached);
      },
    },
    {
      label: 'Median first response (business time)',
      value: (p) => {
        const m = periodMedian(slaMedians, p.key, 'response');
        return cell.minutes(m?.median_business_minutes ?? null, undefined, m?.done);
      },
    },
    ...(['pipeline_created', 'revenue_won'] as const).flatMap((field) => {
      const name = field === 'pipeline_created' ? 'Pipeline created' : 'Revenue won';
      return [
        { label: `${name}, marketing-sourced`, value: (p: PeriodFacts) => cell.money(sourcedAmounts(revenue, p.months, field)?.marketing ?? 0, currency) },
        {
          label: `${name}, sales- and partner-sourced`,
          value: (p: PeriodFacts) => {
            const a = sourcedAmounts(revenue, p.months, field);
            return cell.money(a ? a.sales + a.partner : 0, currency);
          },
        },
        // The parts add up to the total only with the amount nobody can be credited with.
        { label: `${name}, source unknown`, value: (p: PeriodFacts) => cell.money(sourcedAmounts(revenue, p.months, field)?.unknown ?? 0, currency) },
      ];
    }),
    {
      label: 'Win rate by count',
      value: (p) => {
        const w = winTotals(revenue, p.months);
        return cell.percent(w.rate, 'none closed', w.won + w.lost);
      },
    },
  ];
  const metricOf = ['mqls', 'mql_target', 'sal_rate', 'compliance', 'median_minutes', 'pipeline_created', 'pipeline_created', 'pipeline_created', 'revenue_won', 'revenue_won', 'revenue_won', 'win_rate'] as const satisfies MetricKey[];
  return {
    caption: 'Headline numbers',
    note: 'The latest complete month and quarter, each beside the one before. Rates are recomputed from counts for each period.',
    columns: [{ label: 'Measure', text: true }, ...columns.map((p) => ({ label: p.period.label }))],
    rows: measures.map((m, i) => [cell.defined(m.label, metricOf[i]!), ...columns.map((p) => m.value(p))]),
    csvName: 'scorecard-headlines',
  };
}

/** People reaching each stage in the month, by source category, with the month before (period view). */
export function funnelTable(data: SiteData, month: string, previousMonth: string): Table {
  const byCategory = funnelByCategory(data.funnel, month, sourceCategories);
  const totals = funnelTotals(data.funnel, month);
  const previous = funnelTotals(data.funnel, previousMonth);
  const labels = { marketing: 'Marketing-sourced', sales: 'Sales-sourced', partner: 'Partner-sourced', unknown: 'Source unknown' } as const;
  return {
    caption: `People reaching each funnel stage in ${monthName(month)}, by lead source`,
    note: 'Period view: each person is counted in the month they first reached the stage. Exits follow the stages.',
    columns: [
      { label: 'Stage', text: true },
      ...sourceCategories.map((c) => ({ label: labels[c], metric: 'source_category' as const })),
      { label: `Total, ${monthName(month)}` },
      { label: `Total, ${monthName(previousMonth)}` },
    ],
    rows: [...funnelStages, ...funnelExits].map((stage) => [
      cell.defined(stage.label, stage.key),
      ...sourceCategories.map((c) => cell.count(byCategory.get(c)![stage.key], listHref(data, stage.key, month, { dimension: 'source', key: c }))),
      cell.count(totals?.[stage.key] ?? null, listHref(data, stage.key, month)),
      cell.count(previous?.[stage.key] ?? null, listHref(data, stage.key, previousMonth)),
    ]),
    csvName: `funnel-by-source-${month}`,
  };
}

/** Everything the scorecard shows, for the latest complete month and quarter of the data. */
export function scorecardView(data: SiteData) {
  const p = periods(data);
  // Each period with how its sentences name it and the period before; the earlier ones only head table columns.
  const monthFacts = { months: [p.month], key: p.month, period: p.monthPeriod };
  const previousMonthFacts = { months: [p.previousMonth], key: p.previousMonth, period: { label: monthName(p.previousMonth), previousLabel: '' } };
  const quarterFacts = { months: monthsOf(p.quarter), key: p.quarter, period: p.quarterPeriod };
  const previousQuarterFacts = { months: monthsOf(p.previousQuarter), key: p.previousQuarter, period: { label: p.quarterPeriod.previousLabel, previousLabel: '' } };
  const totals = funnelTotals(data.funnel, p.month);
  const trend = mqlSqlTrend(data.funnel, p.month, 12);
  const trendRange = trend.length > 0 ? `${monthName(trend[0]!.month)} to ${monthName(trend.at(-1)!.month)}` : 'no months yet';
  const trendSpec: ChartSpec = {
    type: 'line',
    labels: trend.map((t) => monthShort(t.month)),
    yTitle: 'People',
    format: 'count',
    series: [
      { label: 'MQLs', values: trend.map((t) => t.mqls), color: '#1f5fa8' },
      { label: 'SQLs', values: trend.map((t) => t.sqls), color: '#a8430f', dashed: true },
      ...(trend.some((t) => mqlTarget(data.funnel, [t.month]) !== null)
        ? [{ label: 'MQL target', values: trend.map((t) => mqlTarget(data.funnel, [t.month])), color: '#1d5e2a', dashed: true }]
        : []),
    ],
  };
  const trendTable: Table = {
    caption: `MQLs and SQLs per month, ${trendRange}`,
    note: 'Period view: people who became MQL or SQL in each month.',
    columns: [{ label: 'Month', text: true }, { label: 'MQLs', metric: 'mqls' }, { label: 'MQL target', metric: 'mql_target' }, { label: 'SQLs', metric: 'sqls' }],
    rows: trend.map((t) => [
      cell.text(monthName(t.month)),
      cell.count(t.mqls, listHref(data, 'mqls', t.month)),
      cell.count(mqlTarget(data.funnel, [t.month]), null, 'none set'),
      cell.count(t.sqls, listHref(data, 'sqls', t.month)),
    ]),
    csvName: 'mqls-and-sqls-by-month',
  };
  return {
    ...p,
    verdict: scorecardVerdict(followUpVerdictOf(data, p), mqlVerdictOf(data, p)),
    monthToDate: monthToDateOf(data),
    tiles: [mqlTile(data, p), complianceTile(data, p, 'response'), medianTile(data, p), complianceTile(data, p, 'disposition')],
    monthSentences: withLeadLists(data, [...headlineSentences(data, monthFacts, previousMonthFacts), sqlSentence({ label: p.monthPeriod.label, sqls: totals?.sqls ?? null, won: totals?.won ?? null })], p.month),
    quarterSentences: headlineSentences(data, quarterFacts, previousQuarterFacts),
    headlines: headlineTable(data, [monthFacts, previousMonthFacts, quarterFacts, previousQuarterFacts]),
    changes: whatChanged(data, [p.month], [p.previousMonth], p.monthPeriod),
    quarterChanges: whatChanged(data, monthsOf(p.quarter), monthsOf(p.previousQuarter), p.quarterPeriod),
    funnel: totals ? funnelTable(data, p.month, p.previousMonth) : null,
    trendSpec,
    trendCaption: `MQLs against the MQL target, and SQLs, per month, ${trendRange}.`,
    trendTable: trend.length > 0 ? trendTable : null,
  };
}

import { Duration } from 'aws-cdk-lib';
import { Dashboard, GraphWidget, MathExpression, Metric, Stats, TextWidget, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface NightDashboardProps {
  readonly stateMachine: IStateMachine;
  /** The workgroup the night's queries run in (it publishes its metrics to CloudWatch). */
  readonly workGroupName: string;
  readonly ingestQueue: IQueue;
  readonly ingestDeadLetterQueue: IQueue;
  /** Export files the ingest function rejected. */
  readonly rejectedFiles: IMetric;
}

/**
 * One CloudWatch dashboard for whoever looks after the deployment: how long nights take and how
 * they end, what Athena scans (the cost, and the distance to the per-query cutoff), how old the
 * oldest waiting export is, and rejected and dead-lettered exports. Daily points over four weeks.
 */
export class NightDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: NightDashboardProps) {
    super(scope, id);
    const day = Duration.days(1);
    // Every query of the workgroup, whatever its type (a CTAS, a SELECT) and state (a failed query is billed too).
    const scanned = (statistic: string) => `SEARCH('{AWS/Athena,QueryState,QueryType,WorkGroup} MetricName="ProcessedBytes" WorkGroup="${props.workGroupName}"', '${statistic}', 86400)`;
    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(28),
      widgets: [
        [new TextWidget({ markdown: '## Handoff night\nOne point per day. Alarms publish to the alerts topic; this shows the trend behind them.', width: 24, height: 2 })],
        [
          new GraphWidget({
            title: 'Night duration (minutes)', width: 12,
            left: [new MathExpression({ expression: 'm / 60000', usingMetrics: { m: props.stateMachine.metricTime({ statistic: Stats.MAXIMUM, period: day }) }, label: 'longest night', period: day })],
          }),
          new GraphWidget({
            title: 'Nights by outcome', width: 12,
            left: [
              props.stateMachine.metricSucceeded({ statistic: Stats.SUM, period: day, label: 'published' }),
              props.stateMachine.metricFailed({ statistic: Stats.SUM, period: day, label: 'failed' }),
              props.stateMachine.metricTimedOut({ statistic: Stats.SUM, period: day, label: 'timed out' }),
              props.stateMachine.metricAborted({ statistic: Stats.SUM, period: day, label: 'stopped' }),
            ],
          }),
        ],
        [
          new GraphWidget({
            title: 'Athena: GB scanned per day, largest query', width: 12,
            left: [new MathExpression({ expression: `SUM(${scanned('Sum')}) / 1000000000`, usingMetrics: {}, label: 'GB scanned (all queries)', period: day })],
            right: [new MathExpression({ expression: `MAX(${scanned('Maximum')}) / 1000000000`, usingMetrics: {}, label: 'GB, largest query', period: day })],
          }),
          new GraphWidget({
            title: 'Ingest: oldest waiting export (minutes), rejected and dead-lettered exports', width: 12,
            left: [new MathExpression({ expression: 'a / 60', usingMetrics: { a: props.ingestQueue.metricApproximateAgeOfOldestMessage({ statistic: Stats.MAXIMUM, period: day }) }, label: 'oldest waiting export', period: day })],
            right: [
              props.rejectedFiles instanceof Metric ? props.rejectedFiles.with({ statistic: Stats.SUM, period: day, label: 'rejected files' }) : props.rejectedFiles,
              props.ingestDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: Stats.MAXIMUM, period: day, label: 'in the dead-letter queue' }),
            ],
          }),
        ],
      ],
    });
  }
}

import { Arn, ArnFormat, Aws, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from '../nag.ts';
import { HandoffFunction } from './handoff-function.ts';

export interface EdgeLogRetentionProps {
  /** The Lambda@Edge function whose replicas' log groups get a retention. */
  readonly edgeFunction: IFunction;
  /** Default three months, like every other Handoff log group. */
  readonly retention?: RetentionDays;
}

/**
 * Lambda@Edge replicas create their log groups in whichever region served the viewer, kept for
 * ever. Once a day this function gives each of them the deployment's retention, in every
 * commercial region (regions the account has not enabled are skipped).
 */
export class EdgeLogRetention extends Construct {
  readonly handler: HandoffFunction;

  constructor(scope: Construct, id: string, props: EdgeLogRetentionProps) {
    super(scope, id);
    const days = props.retention ?? RetentionDays.THREE_MONTHS;
    const partition = RegionInfo.get(Stack.of(this).region).partition ?? 'aws';
    this.handler = new HandoffFunction(this, 'EdgeLogs', {
      entry: 'functions/edge-logs/handler.ts',
      serviceName: 'handoff-edge-logs',
      description: "Sets the retention of the site sign-in's Lambda@Edge log groups in every region",
      memorySize: 256,
      timeout: Duration.minutes(5),
      environment: {
        EDGE_FUNCTION_NAME: props.edgeFunction.functionName,
        REGIONS: RegionInfo.regions.filter((r) => r.partition === partition).map((r) => r.name).join(','),
        RETENTION_DAYS: String(days),
      },
    });
    const logGroups = (name: string) => Arn.format({ partition: Aws.PARTITION, service: 'logs', region: '*', account: Aws.ACCOUNT_ID, resource: 'log-group', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const all = logGroups('*');
    const edge = logGroups(`/aws/lambda/us-east-1.${props.edgeFunction.functionName}*`);
    this.handler.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: [all] }));
    this.handler.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['logs:PutRetentionPolicy'], resources: [edge] }));
    acknowledgeWildcardResource(this.handler.role, all, 'DescribeLogGroups lists by name prefix and is authorized on the account\'s log groups as a whole; the function only reads names and retentions.');
    acknowledgeWildcardResource(this.handler.role, edge, "Lambda@Edge replicas create /aws/lambda/us-east-1.<function name> in any region that served a viewer: the ARN fixes the account and the one function's name, not the region.");

    new Schedule(this, 'Daily', {
      description: "Sets the retention of the site sign-in's edge log groups",
      schedule: ScheduleExpression.rate(Duration.days(1)),
      target: new LambdaInvoke(this.handler.function, { retryAttempts: 2 }),
    });
    // aws-cdk-lib creates the scheduler's role at stack level; it may invoke this one function (and its versions).
    const schedulerRole = Stack.of(this).node.children.find((child) => child.node.id.startsWith('SchedulerRoleForTarget'));
    if (schedulerRole) {
      acknowledgeWildcardResource(schedulerRole, `${this.handler.function.functionArn}:*`, 'EventBridge Scheduler invokes the edge log retention function by ARN and may call any published version of that one function (the `:*` qualifier); nothing else is invocable.');
    }
  }
}

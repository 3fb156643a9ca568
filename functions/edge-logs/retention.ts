import { DescribeLogGroupsCommand, PutRetentionPolicyCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

/** What one pass did, region by region. */
export interface RetentionResult {
  /** Log groups whose retention was set (`<region>:<name>`). */
  updated: string[];
  /** Log groups that already kept their logs for the days asked. */
  unchanged: number;
  /** Regions that could not be read (not enabled in the account, or refusing), with the reason. */
  skipped: Array<{ region: string; reason: string }>;
}

/**
 * Lambda@Edge replicas log to `/aws/lambda/us-east-1.<function>` in whichever region served the
 * viewer, creating the log group there without a retention (kept for ever). This sets `days` on
 * every such log group of the function in every region given; a region the account has not
 * enabled is skipped, never an error.
 */
export async function setEdgeLogRetention(clientFor: (region: string) => CloudWatchLogsClient, regions: string[], functionName: string, days: number): Promise<RetentionResult> {
  const result: RetentionResult = { updated: [], unchanged: 0, skipped: [] };
  const prefix = `/aws/lambda/us-east-1.${functionName}`;
  for (const region of regions) {
    const logs = clientFor(region);
    try {
      let token: string | undefined;
      do {
        const page = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, ...(token ? { nextToken: token } : {}) }));
        for (const group of page.logGroups ?? []) {
          if (!group.logGroupName) continue;
          if (group.retentionInDays === days) {
            result.unchanged += 1;
            continue;
          }
          await logs.send(new PutRetentionPolicyCommand({ logGroupName: group.logGroupName, retentionInDays: days }));
          result.updated.push(`${region}:${group.logGroupName}`);
        }
        token = page.nextToken;
      } while (token);
    } catch (error) {
      result.skipped.push({ region, reason: `${(error as Error).name}: ${(error as Error).message}` });
    }
  }
  return result;
}

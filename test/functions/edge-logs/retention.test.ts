import { CloudWatchLogsClient, DescribeLogGroupsCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { setEdgeLogRetention } from '../../../functions/edge-logs/retention.ts';

// CloudWatch Logs has no local server here: the SDK's mock answers, one client per region.
describe('retention on the sign-in function\'s edge log groups in every region', () => {
  const logs = mockClient(CloudWatchLogsClient);
  afterEach(() => logs.reset());

  it('sets 90 days where a replica left its log group unbounded, leaves 90-day groups alone, follows pages, and skips a region the account has not enabled', async () => {
    // Prepare: eu-west-1 has two groups over two pages (one unbounded, one already 90 days); me-south-1 is not enabled.
    const clients = new Map<string, CloudWatchLogsClient>();
    const clientFor = (region: string) => clients.get(region) ?? clients.set(region, new CloudWatchLogsClient({ region })).get(region)!;
    logs.on(DescribeLogGroupsCommand).callsFake(async (input, getClient) => {
      const region = await (getClient() as CloudWatchLogsClient).config.region();
      if (region === 'me-south-1') throw Object.assign(new Error('The security token included in the request is invalid.'), { name: 'UnrecognizedClientException' });
      if (region === 'us-east-1') return { logGroups: [] };
      if (!input.nextToken) return { logGroups: [{ logGroupName: '/aws/lambda/us-east-1.HandoffSiteSignIn-SignIn-abc' }], nextToken: 'p2' };
      return { logGroups: [{ logGroupName: '/aws/lambda/us-east-1.HandoffSiteSignIn-SignIn-abc-old', retentionInDays: 90 }] };
    });
    logs.on(PutRetentionPolicyCommand).resolves({});

    // Act
    const result = await setEdgeLogRetention(clientFor, ['us-east-1', 'eu-west-1', 'me-south-1'], 'HandoffSiteSignIn-SignIn-abc', 90);

    // Assess
    expect(result).toEqual({
      updated: ['eu-west-1:/aws/lambda/us-east-1.HandoffSiteSignIn-SignIn-abc'],
      unchanged: 1,
      skipped: [{ region: 'me-south-1', reason: 'UnrecognizedClientException: The security token included in the request is invalid.' }],
    });
    expect(logs.commandCalls(DescribeLogGroupsCommand).map((c) => c.args[0].input)).toEqual([
      { logGroupNamePrefix: '/aws/lambda/us-east-1.HandoffSiteSignIn-SignIn-abc' },
      { logGroupNamePrefix: '/aws/lambda/us-east-1.HandoffSiteSignIn-SignIn-abc' },
      { logGroupNamePrefix: '/aws/lambda/us-east-1.HandoffSiteSignIn-SignIn-abc', nextToken: 'p2' },
      { logGroupNamePrefix: '/aws/lambda/us-east-1.HandoffSiteSignIn-SignIn-abc' },
    ]);
    expect(logs.commandCalls(PutRetentionPolicyCommand).map((c) => c.args[0].input)).toEqual([{ logGroupName: '/aws/lambda/us-east-1.HandoffSiteSignIn-SignIn-abc', retentionInDays: 90 }]);
  });
});

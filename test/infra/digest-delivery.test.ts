// The digest delivery step in AWS: a Lambda after the site's publication that sends through SES as the DigestSender
// identity and reads Slack webhooks from its own secret, with its own alarms; a failure there never fails the night.
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config.ts';
import { stateMachineDefinition, synthesize, type SynthesizedApp } from './app-fixture.ts';

describe('digest delivery', () => {
  let app: SynthesizedApp;
  let definition: ReturnType<typeof stateMachineDefinition>;
  beforeAll(() => {
    // synthesize() runs cdk-nag and throws on any finding left unacknowledged: this config's delivery is clean.
    app = synthesize({ config: { handoff: parseConfig({ delivery: { from: 'Handoff <handoff@example.com>', leadership: { email: ['ceo@example.com'] } } }) } });
    const machine = Object.values(app.json('night').Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine')!;
    definition = stateMachineDefinition(machine.Properties!['DefinitionString']);
  });

  it('runs after the cache invalidation and, delivered or not, ends the night published', () => {
    expect(definition.States['Invalidate cache'].Next).toBe('Deliver digests');
    expect(definition.States['Deliver digests']).toMatchObject({ Type: 'Task', Next: 'Published' });
    expect(definition.States['Deliver digests'].Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.digestsError', Next: 'Digests not delivered' }]);
    expect(definition.States['Digests not delivered']).toMatchObject({ Type: 'Pass', Next: 'Published' });
    // Lambda service errors are retried with backoff by the state machine; each message is retried by the function.
    expect(definition.States['Deliver digests'].Retry[0]).toMatchObject({ IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 6 });
  });

  it('takes the sender identity as a parameter, defaulting to the address of delivery.from', () => {
    const parameters = (app.json('night') as unknown as { Parameters: Record<string, { Default: string; Type: string }> }).Parameters;
    expect(parameters['DigestSender']).toMatchObject({ Type: 'String', Default: 'handoff@example.com' });
  });

  it('may send email only as that identity (address or domain), and read only its own webhook secret', () => {
    const night = app.template('night');
    night.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'ses:SendEmail', Resource: [Match.objectLike({ 'Fn::Join': Match.anyValue() }), Match.objectLike({ 'Fn::Join': Match.anyValue() })] })]) },
    });
    night.resourceCountIs('AWS::SecretsManager::Secret', 1);
    night.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ DIGESTS_PREFIX: '_digests/', SITE_DATA_PREFIX: '_site-data/', DIGEST_SENDER: { Ref: 'DigestSender' }, SLACK_WEBHOOKS_SECRET: Match.anyValue() }) },
    });
  });

  it('alarms to the alerts topic when a digest failed after its retries, and when the step failed', () => {
    const night = app.template('night');
    night.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DigestsFailed', Namespace: 'Handoff', Threshold: 0, AlarmActions: [Match.anyValue()] });
    night.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda', Threshold: 0, AlarmActions: [Match.anyValue()] });
  });

  it('reads reps\' addresses from the CRM user tables of the models, and no other model\'s files', () => {
    const deliver = Object.values(app.json('night').Resources).find((r) => r.Type === 'AWS::Lambda::Function' && JSON.stringify(r.Properties).includes('DIGESTS_PREFIX'))!;
    const variables = (deliver.Properties!['Environment'] as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables)).toContain('GLUE_DATABASE');
    expect(variables['HOME']).toBe('/tmp');
    const role = (deliver.Properties!['Role'] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = Object.values(app.json('night').Resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties!['Roles']) === JSON.stringify([{ Ref: role }]))
      .flatMap((r) => (r.Properties!['PolicyDocument'] as { Statement: Array<{ Action: string | string[]; Resource: unknown }> }).Statement);
    const reads = statements.filter((st) => [st.Action].flat().includes('s3:GetObject')).map((st) => JSON.stringify(st.Resource).match(/\/(_[a-z-]+\/[a-z_]*\/?)\*/)?.[1]);
    expect(reads.sort()).toEqual(['_digests/', '_models/stg_hubspot__owners/', '_models/stg_salesforce__users/', '_site-data/']);
    expect(statements.some((st) => [st.Action].flat().includes('glue:GetTable'))).toBe(true);
  });
});

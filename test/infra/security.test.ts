import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, STACK_NAMES } from '../../infra/app.ts';
import { resourcesOfType, synthesize, TEST_CONFIG, type CfnTemplate, type SynthesizedApp } from './app-fixture.ts';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** Every Allow statement of every IAM policy in the app, with the resource that holds it. */
function allowStatements(app: SynthesizedApp): Array<{ stack: string; id: string; resource: CfnTemplate['Resources'][string]; statement: Statement }> {
  const documents = [
    ...resourcesOfType(app, 'AWS::IAM::Policy').map((r) => ({ ...r, docs: [r.resource.Properties!['PolicyDocument']] })),
    ...resourcesOfType(app, 'AWS::IAM::Role').map((r) => ({ ...r, docs: (r.resource.Properties!['Policies'] ?? []).map((p: { PolicyDocument: unknown }) => p.PolicyDocument) })),
  ];
  return documents.flatMap(({ stack, id, resource, docs }) => docs.flatMap((doc: { Statement: Statement[] }) =>
    doc.Statement.filter((s) => s.Effect === 'Allow').map((statement) => ({ stack, id, resource, statement }))));
}

function acknowledgements(resource: CfnTemplate['Resources'][string]): Array<{ id: string; reason: string }> {
  return resource.Metadata?.['cdk_nag']?.rules_to_suppress ?? [];
}

describe('security checks', () => {
  let app: SynthesizedApp;
  beforeAll(() => {
    app = synthesize();
  });

  it('synthesizes with cdk-nag AwsSolutions registered and no finding left unacknowledged', () => {
    // synthesize() throws on any unacknowledged finding, so reaching here is the assertion; the
    // report CDK writes holds no violation either.
    const report = JSON.parse(readFileSync(join(app.assembly.directory, 'validation-report.json'), 'utf8')) as { pluginReports: Array<{ pluginName: string; violations: unknown[] }> };
    for (const plugin of report.pluginReports) expect(plugin.violations).toEqual([]);
  });

  describe('when a finding is not acknowledged', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'handoff-nag-'));
    afterAll(() => rmSync(outdir, { recursive: true, force: true }));

    it('fails the synth and names the rule', () => {
      const app = buildApp(new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } }), TEST_CONFIG);
      const stack = new Stack(app, 'Careless', { env: { region: 'eu-west-1' } });
      new Role(stack, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') })
        .addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
      let message = '';
      try {
        app.synth();
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain('AwsSolutions-IAM5[Resource::*]');
      expect(message).toContain('Careless/Role');
    });
  });

  it("acknowledges every statement whose resource is '*', on the policy that holds it", () => {
    const star = allowStatements(app).filter(({ statement }) => [statement.Resource].flat().includes('*'));
    // Only Step Functions' log delivery and X-Ray calls: neither API has resource-level permissions.
    expect(star.map(({ stack, statement }) => `${stack}: ${[statement.Action].flat()[0]}`)).toEqual(['night: logs:CreateLogDelivery', 'night: xray:PutTraceSegments']);
    for (const { resource } of star) {
      expect(acknowledgements(resource).map((a) => a.id)).toContain('AwsSolutions-IAM5[Resource::*]');
    }
  });

  it('gives every acknowledgement a specific reason', () => {
    const all = Object.keys(STACK_NAMES).flatMap((stack) => Object.values(app.json(stack as keyof typeof STACK_NAMES).Resources).flatMap(acknowledgements));
    expect(all.length).toBeGreaterThan(20);
    for (const { id, reason } of all) {
      if (id.startsWith('CloudFormation-Validate::')) continue; // aws-cdk-lib's own, on its log bucket ACL
      expect(reason.length, id).toBeGreaterThan(80);
    }
    const rules = [...new Set(all.map((a) => a.id.replace(/\[.*$/, '')))].sort();
    expect(rules).toEqual(['AwsSolutions-CFR1', 'AwsSolutions-CFR2', 'AwsSolutions-CFR4', 'AwsSolutions-COG3', 'AwsSolutions-COG8', 'AwsSolutions-IAM4', 'AwsSolutions-IAM5', 'AwsSolutions-SMG4', 'CloudFormation-Validate::W3045']);
  });

  it("gives no role an AWS managed policy but aws-cdk-lib's deploy-time handlers (their logs only)", () => {
    const managed = resourcesOfType(app, 'AWS::IAM::Role').filter(({ resource }) => resource.Properties!['ManagedPolicyArns']);
    expect(managed.map(({ stack, id }) => `${stack}/${id.replace(/[0-9A-F]{8}$/, '')}`).sort()).toEqual([
      'ingest/BucketNotificationsHandler050a0587b7544547bf325f094a3db834Role',
      'signIn/CustomCrossRegionExportWriterCustomResourceProviderRole',
      'site/CustomCrossRegionExportReaderCustomResourceProviderRole',
    ]);
    for (const { resource } of managed) {
      expect(resource.Properties!['ManagedPolicyArns']).toHaveLength(1);
      expect(JSON.stringify(resource.Properties!['ManagedPolicyArns'])).toContain(':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
    }
  });

  it('runs every Handoff function on Node.js 24 and arm64; the edge on x86_64, which is all Lambda@Edge offers', () => {
    const functions = resourcesOfType(app, 'AWS::Lambda::Function');
    const ours = functions.filter(({ resource }) => String(resource.Properties!['Handler']).startsWith('functions/'));
    expect(ours.map(({ resource }) => resource.Properties!['Handler']).sort()).toEqual([
      'functions/digests/index.handler', 'functions/ingest/index.handler', 'functions/models/index.handler', 'functions/night/index.handler', 'functions/night/index.handler',
    ]);
    for (const { resource } of ours) expect([resource.Properties!['Runtime'], resource.Properties!['Architectures']]).toEqual(['nodejs24.x', ['arm64']]);
    const edge = functions.filter(({ stack }) => stack === 'signIn' && functions.length).filter(({ id }) => id.startsWith('SignInFunction'));
    expect(edge.map(({ resource }) => [resource.Properties!['Runtime'], resource.Properties!['Architectures']])).toEqual([['nodejs24.x', ['x86_64']]]);
    // The rest are aws-cdk-lib's deploy-time providers: bucket notifications, cross-region references.
    const others = functions.filter((f) => !ours.includes(f) && !edge.includes(f)).map(({ id }) => id.replace(/[0-9A-F]{8}$/, ''));
    expect(others.sort()).toEqual([
      'BucketNotificationsHandler050a0587b7544547bf325f094a3db834',
      'CustomCrossRegionExportReaderCustomResourceProviderHandler',
      'CustomCrossRegionExportWriterCustomResourceProviderHandler',
    ]);
  });
});

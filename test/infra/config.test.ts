import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../infra/app.ts';
import { loadDeployConfig } from '../../infra/config.ts';
import { TEST_CONFIG } from './app-fixture.ts';

describe('deployment settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-deploy-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has a default for everything: eu-west-1, 05:00 UTC, 90 days of replaced exports, a 100 GB scan cutoff', () => {
    const config = loadDeployConfig({});
    expect(config).toMatchObject({
      region: 'eu-west-1',
      retentionDays: 90,
      athenaResultsDays: 30,
      schedule: { expression: 'cron(0 5 * * ? *)', timeZone: 'UTC' },
      bytesScannedCutoffPerQuery: 107374182400,
      exportDateRange: 'NOW-5YEARS,NOW+1DAYS',
      expectedSources: ['salesforce'],
      handoffConfigJson: '{}',
      readers: [],
      alertEmails: [],
      lakeEncryption: 's3',
      name: 'Handoff',
      ingestWaitMinutes: 60,
      // 1 GiB = 1024³ bytes.
      largeExportBytes: 1073741824,
    });
    expect(config.account).toBeUndefined();
    expect(loadDeployConfig({ HANDOFF_LAKE_ENCRYPTION: 'KMS' }).lakeEncryption).toBe('kms');
    expect(() => loadDeployConfig({ HANDOFF_LAKE_ENCRYPTION: 'aes' })).toThrow(/HANDOFF_LAKE_ENCRYPTION "aes" is not "s3" \(SSE-S3, the default\) or "kms"/);
  });

  it('reads overrides from HANDOFF_* variables and the CLI account', () => {
    const file = join(dir, 'handoff.json');
    writeFileSync(file, '{\n  "sla": { "response_minutes": 120 }\n}\n');
    const config = loadDeployConfig({
      CDK_DEFAULT_ACCOUNT: '111122223333', CDK_DEFAULT_REGION: 'us-east-2', HANDOFF_REGION: 'eu-central-1',
      HANDOFF_SCHEDULE: 'cron(30 4 ? * MON-FRI *)', HANDOFF_SCHEDULE_TIME_ZONE: 'Europe/Berlin', HANDOFF_RETENTION_DAYS: '30',
      HANDOFF_SCAN_CUTOFF_GB: '10', HANDOFF_EXPECTED_SOURCES: 'salesforce, marketo', HANDOFF_CONFIG: file,
      HANDOFF_READERS: 'Ana@Example.com, ben@example.com', HANDOFF_ALERT_EMAILS: 'ops@example.com',
    });
    expect(config).toMatchObject({
      account: '111122223333', region: 'eu-central-1', retentionDays: 30,
      schedule: { expression: 'cron(30 4 ? * MON-FRI *)', timeZone: 'Europe/Berlin' },
      bytesScannedCutoffPerQuery: 10737418240, expectedSources: ['salesforce', 'marketo'],
      handoffConfigJson: '{"sla":{"response_minutes":120}}',
      readers: ['ana@example.com', 'ben@example.com'], alertEmails: ['ops@example.com'],
    });
    expect(config.handoff.sla.response_minutes).toBe(120);
  });

  it('says which variable is wrong and what to write', () => {
    expect(() => loadDeployConfig({ HANDOFF_SCHEDULE: 'every night' })).toThrow('HANDOFF_SCHEDULE "every night" is not an EventBridge Scheduler expression; write it like "cron(0 5 * * ? *)" (05:00 every day)');
    expect(() => loadDeployConfig({ HANDOFF_SCHEDULE_TIME_ZONE: 'Mars/Olympus' })).toThrow('HANDOFF_SCHEDULE_TIME_ZONE "Mars/Olympus" is not an IANA time zone');
    expect(() => loadDeployConfig({ HANDOFF_RETENTION_DAYS: '0' })).toThrow('HANDOFF_RETENTION_DAYS "0" is not a whole number of days of at least 1');
    expect(() => loadDeployConfig({ HANDOFF_SCAN_CUTOFF_GB: '0.001' })).toThrow("HANDOFF_SCAN_CUTOFF_GB \"0.001\" must be a number of GB of at least 0.01 (Athena's 10 MB minimum)");
    expect(() => loadDeployConfig({ HANDOFF_READERS: 'ana' })).toThrow('HANDOFF_READERS names "ana", which is not an e-mail address');
    expect(() => loadDeployConfig({ HANDOFF_EXPECTED_SOURCES: 'Sales Force' })).toThrow('HANDOFF_EXPECTED_SOURCES names "Sales Force"');
  });

  it('reads the committed deployment file (typed, validated), the file\'s region over the CLI profile\'s, variables over the file', () => {
    // Prepare: the example file of the repository, and a Handoff config beside a copy of it.
    const deploy = join(dir, 'handoff.deploy.json');
    writeFileSync(join(dir, 'handoff.config.json'), '{ "sla": { "response_minutes": 90 } }');
    writeFileSync(deploy, JSON.stringify({ ...JSON.parse(readFileSync(new URL('../../handoff.deploy.example.json', import.meta.url), 'utf8')), config: 'handoff.config.json' }));

    // Act
    const config = loadDeployConfig({ CDK_DEFAULT_REGION: 'us-east-2', HANDOFF_ALERT_EMAILS: 'night@example.com' }, deploy);

    // Assess
    expect(config).toMatchObject({
      region: 'eu-west-1', readers: ['ana@example.com', 'ben@example.com'], alertEmails: ['night@example.com'],
      schedule: { expression: 'cron(0 5 * * ? *)', timeZone: 'Europe/Berlin' }, expectedSources: ['salesforce'],
      exportDateRange: '2026-11-01,NOW+1DAYS', lakeEncryption: 'kms', handoffConfigJson: '{"sla":{"response_minutes":90}}',
    });
  });

  it('names the file, the field and the rule when the deployment file is wrong', () => {
    const deploy = join(dir, 'bad.deploy.json');
    writeFileSync(deploy, JSON.stringify({ readers: 'ana@example.com' }));
    expect(() => loadDeployConfig({}, deploy)).toThrow(`${deploy}: readers: `);
    writeFileSync(deploy, JSON.stringify({ reader: ['ana@example.com'] }));
    expect(() => loadDeployConfig({}, deploy)).toThrow(/bad\.deploy\.json: \(top level\): Unrecognized key/);
    writeFileSync(deploy, JSON.stringify({ firstExportDate: '2026-11-01' }));
    expect(loadDeployConfig({}, deploy).exportDateRange).toBe('2026-11-01,NOW+1DAYS');
    const certificateArn = 'arn:aws:acm:us-east-1:111122223333:certificate/0f0e0d0c-1111-2222-3333-444455556666';
    writeFileSync(deploy, JSON.stringify({ domain: { name: 'reports.example.com', certificateArn } }));
    expect(loadDeployConfig({}, deploy).domain).toEqual({ name: 'reports.example.com', certificateArn });
    expect(() => loadDeployConfig({ HANDOFF_DOMAIN_NAME: 'reports.example.com' })).toThrow('HANDOFF_DOMAIN_NAME and HANDOFF_CERTIFICATE_ARN go together');
    expect(() => loadDeployConfig({ HANDOFF_DOMAIN_NAME: 'reports.example.com', HANDOFF_CERTIFICATE_ARN: certificateArn.replace('us-east-1', 'eu-west-1') })).toThrow('is not an ACM certificate in us-east-1');
    expect(() => loadDeployConfig({ HANDOFF_DOMAIN_NAME: 'https://reports.example.com/', HANDOFF_CERTIFICATE_ARN: certificateArn })).toThrow('is not a host name like "reports.example.com"');
    writeFileSync(deploy, JSON.stringify({ ingestWaitMinutes: 120 }));
    expect(loadDeployConfig({}, deploy).ingestWaitMinutes).toBe(120);
    expect(() => loadDeployConfig({ HANDOFF_INGEST_WAIT_MINUTES: '300' })).toThrow('HANDOFF_INGEST_WAIT_MINUTES "300" must be a whole number of minutes from 3 to 180');
    // 2.5 GB = 2.5 × 1024³ = 2,684,354,560 bytes.
    writeFileSync(deploy, JSON.stringify({ largeExportGb: 2.5 }));
    expect(loadDeployConfig({}, deploy).largeExportBytes).toBe(2684354560);
    expect(() => loadDeployConfig({ HANDOFF_LARGE_EXPORT_GB: '0' })).toThrow('HANDOFF_LARGE_EXPORT_GB "0" is not a positive number of GB');
    writeFileSync(deploy, JSON.stringify({ readers: ['ana'] }));
    expect(() => loadDeployConfig({}, deploy)).toThrow('HANDOFF_READERS names "ana", which is not an e-mail address');
    expect(() => loadDeployConfig({ HANDOFF_DEPLOY_FILE: join(dir, 'missing.json') })).toThrow(/HANDOFF_DEPLOY_FILE names .*missing\.json, which does not exist/);
  });

  it('names every stack after the deployment, so a second deployment fits in the same account and region', () => {
    // Prepare
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });

    // Act
    buildApp(app, { ...TEST_CONFIG, name: 'HandoffEmea' });

    // Assess
    expect(app.node.children.map((c) => c.node.id).filter((id) => id.startsWith('Handoff')).sort()).toEqual([
      'HandoffEmeaIngest', 'HandoffEmeaModels', 'HandoffEmeaNight', 'HandoffEmeaSite', 'HandoffEmeaSiteSignIn', 'HandoffEmeaStorage',
    ]);
    expect(loadDeployConfig({ HANDOFF_NAME: 'HandoffEmea' }).name).toBe('HandoffEmea');
    expect(() => loadDeployConfig({ HANDOFF_NAME: 'handoff-emea' })).toThrow('HANDOFF_NAME "handoff-emea" is not a deployment name');
  });
});

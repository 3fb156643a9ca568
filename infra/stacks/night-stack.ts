import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { LakeCatalog } from '../constructs/lake-catalog.ts';
import type { LakeStorage } from '../constructs/lake-storage.ts';
import { DigestDelivery } from '../constructs/digest-delivery.ts';
import { ExportCheck, SiteDataStep } from '../constructs/night-steps.ts';
import { NightDashboard } from '../constructs/night-dashboard.ts';
import { NightOrchestration } from '../constructs/night-orchestration.ts';
import type { ReportSite } from '../constructs/report-site.ts';
import { SiteBuild } from '../constructs/site-build.ts';
import type { SqlModels } from '../constructs/sql-models.ts';

export interface NightStackProps extends StackProps {
  readonly storage: LakeStorage;
  readonly catalog: LakeCatalog;
  readonly models: SqlModels;
  readonly site: ReportSite;
  readonly ingestDeadLetterQueue: IQueue;
  /** The ingest queue: the night waits until it is empty. */
  readonly ingestQueue: IQueue;
  /** Files the ingest function rejected, alarmed on. */
  readonly rejectedFiles: IMetric;
  readonly schedule: { expression: string; timeZone: string };
  readonly expectedSources: string[];
  readonly configJson: string;
  readonly alertEmails: string[];
  /** Minutes the night waits for ingest (checked every 3). Default 60. */
  readonly ingestWaitMinutes?: number;
  /** The digests' sender (delivery.from); the DigestSender parameter overrides it. */
  readonly digestSender?: string;
}

/** The nightly run: its own steps (export check, site data, site build), the schedule and state machine that run all of them, and their dashboard. */
export class NightStack extends Stack {
  readonly orchestration: NightOrchestration;

  constructor(scope: Construct, id: string, props: NightStackProps) {
    super(scope, id, props);
    const key = new Key(this, 'Key', { description: 'Handoff night: alerts topic and site build', enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
    const checkExports = new ExportCheck(this, 'CheckExports', { storage: props.storage, expectedSources: props.expectedSources, ingestQueue: props.ingestQueue });
    const siteData = new SiteDataStep(this, 'SiteData', { storage: props.storage, catalog: props.catalog, configJson: props.configJson });
    const siteBuild = new SiteBuild(this, 'SiteBuild', { storage: props.storage, siteDataPrefix: siteData.prefix, site: props.site, encryptionKey: key });
    // A display name ("Handoff <h@example.com>") is not an SES identity: the parameter takes the address.
    const sender = props.digestSender?.match(/<([^<>]+)>/)?.[1] ?? props.digestSender;
    const digests = new DigestDelivery(this, 'Digests', { storage: props.storage, catalog: props.catalog, siteDataPrefix: siteData.prefix, configJson: props.configJson, ...(sender ? { sender } : {}) });
    this.orchestration = new NightOrchestration(this, 'Night', {
      deliverDigests: digests.handler.function,
      checkExports: checkExports.handler.function,
      models: props.models,
      siteData: siteData.handler.function,
      siteBuild: siteBuild.project,
      site: props.site,
      schedule: props.schedule,
      encryptionKey: key,
      alertEmails: props.alertEmails,
      ingestDeadLetterQueue: props.ingestDeadLetterQueue,
      rejectedFiles: props.rejectedFiles,
      ingestWait: { interval: Duration.minutes(3), checks: Math.ceil((props.ingestWaitMinutes ?? 60) / 3) },
    });
    new NightDashboard(this, 'Dashboard', {
      stateMachine: this.orchestration.stateMachine,
      workGroupName: props.models.workGroupName,
      ingestQueue: props.ingestQueue,
      ingestDeadLetterQueue: props.ingestDeadLetterQueue,
      rejectedFiles: props.rejectedFiles,
    });
    for (const alarm of digests.alarms) alarm.addAlarmAction(new SnsAction(this.orchestration.alerts));
    new CfnOutput(this, 'SlackWebhooksSecretArn', { value: digests.slackWebhooks.secretArn, description: 'Put the Slack webhook URLs here as JSON: {"sales_east": "https://hooks.slack.com/services/…"}' });
    new CfnOutput(this, 'StateMachineArn', { value: this.orchestration.stateMachine.stateMachineArn, description: 'Start a night by hand: aws stepfunctions start-execution --state-machine-arn <this>' });
    new CfnOutput(this, 'AlertsTopicArn', { value: this.orchestration.alerts.topicArn, description: 'Subscribe to be told of failed nights' });
  }
}

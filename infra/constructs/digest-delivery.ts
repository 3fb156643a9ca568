import { Aws, CfnParameter, Duration, Fn, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import { CRM_USER_TABLES } from '../../functions/digests/crm-emails.ts';
import { HandoffFunction, METRICS_NAMESPACE } from './handoff-function.ts';
import type { LakeCatalog } from './lake-catalog.ts';
import { LAKE_PREFIXES, type LakeStorage } from './lake-storage.ts';

/** What the delivery step reads and where it writes. */
export interface DigestDeliveryProps {
  readonly storage: LakeStorage;
  /** The models' catalog: reps' addresses come from its CRM user tables, as on a laptop. */
  readonly catalog: LakeCatalog;
  /** Where the site data step writes the night's JSON files in the lake (its prefix). */
  readonly siteDataPrefix: string;
  /** The Handoff config as JSON (`CONFIG_JSON`): its delivery section says who gets what and when. */
  readonly configJson: string;
  /** Default sender, e.g. "handoff@example.com"; the DigestSender parameter overrides it at deploy time. Default: the config's delivery.from. */
  readonly sender?: string;
  /** Where digests and the delivery ledger are kept in the lake. Default `_digests/`. */
  readonly digestsPrefix?: string;
}

/**
 * The night's last step: a Lambda that composes each audience's digest from the site data (reps' addresses from the
 * CRM user tables the models step wrote, where the config gives none) and sends what is due
 * through Amazon SES (from the sender identity given as the DigestSender parameter) and Slack incoming webhooks,
 * whose URLs live in the SlackWebhooks secret (a JSON object of webhook name → URL, set after deploying). It retries
 * each message itself and keeps a ledger, so a rerun never sends twice; `alarm` fires when a message still failed.
 */
export class DigestDelivery extends Construct {
  readonly handler: HandoffFunction;
  readonly slackWebhooks: Secret;
  /** Fires when a digest could not be delivered after its retries, or the step itself failed. */
  readonly alarms: Alarm[];
  readonly sender: CfnParameter;

  constructor(scope: Construct, id: string, props: DigestDeliveryProps) {
    super(scope, id);
    const digestsPrefix = props.digestsPrefix ?? '_digests/';
    this.sender = new CfnParameter(Stack.of(this), 'DigestSender', {
      type: 'String',
      default: props.sender ?? '',
      allowedPattern: '^$|^[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+$',
      description: 'The address digests are sent from: an Amazon SES verified identity (the address, or its domain). Empty: no email is sent.',
    });
    this.slackWebhooks = new Secret(this, 'SlackWebhooks', {
      description: 'Handoff digests: Slack incoming webhook URLs as a JSON object, name → URL (names as in the delivery config)',
    });
    acknowledge(this.slackWebhooks, 'AwsSolutions-SMG4', 'Slack incoming webhook URLs are issued by Slack and cannot be rotated by a Lambda; they are replaced by hand in Slack and here when revoked.');

    this.handler = new HandoffFunction(this, 'Deliver', {
      entry: 'functions/digests/handler.ts',
      serviceName: 'handoff-digests',
      description: 'Composes the night\'s digests and sends what is due by email (SES) and Slack',
      // DuckDB reads the CRM user tables' Parquet, as the site data step reads the marts.
      memorySize: 1024,
      timeout: Duration.minutes(5),
      duckdb: true,
      environment: {
        LAKE_BUCKET: props.storage.lakeBucket.bucketName,
        GLUE_DATABASE: props.catalog.modelsDatabaseName,
        SITE_DATA_PREFIX: props.siteDataPrefix,
        DIGESTS_PREFIX: digestsPrefix,
        DIGEST_SENDER: this.sender.valueAsString,
        SLACK_WEBHOOKS_SECRET: this.slackWebhooks.secretArn,
        CONFIG_JSON: props.configJson,
        HOME: '/tmp',
      },
    });
    const role = this.handler.role;
    props.storage.grantReadLakePrefix(role, props.siteDataPrefix);
    props.storage.grantReadLakePrefix(role, digestsPrefix);
    // Of the models: the catalog's entries, and the files of the CRM user tables alone (no mart, no lead).
    props.catalog.grantReadModelTables(role);
    for (const table of CRM_USER_TABLES) props.storage.grantReadLakePrefix(role, `${LAKE_PREFIXES.models}${table}/`);
    props.storage.grantWriteLakePrefix(role, digestsPrefix);
    this.slackWebhooks.grantRead(role);
    // SES authorizes sending per identity: the sender's address and its domain, whichever is the verified one.
    const identity = (name: string) => `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/${name}`;
    role.addToPrincipalPolicy(new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [identity(this.sender.valueAsString), identity(Fn.select(1, Fn.split('@', Fn.join('', [this.sender.valueAsString, '@none']))))],
    }));

    const failed = new Metric({ namespace: METRICS_NAMESPACE, metricName: 'DigestsFailed', dimensionsMap: { service: 'handoff-digests' }, statistic: 'Sum', period: Duration.minutes(5) });
    this.alarms = [
      new Alarm(this, 'DigestsFailed', {
        alarmDescription: 'A digest could not be delivered after its retries (SES refused it, or Slack answered an error); the delivery function\'s log names the recipient and the reason. The night\'s data and site are published regardless.',
        metric: failed,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'DeliveryErrors', {
        alarmDescription: 'The digest delivery step itself failed (no site data, an unreadable webhook secret); see its log. The night\'s data and site are published regardless.',
        metric: this.handler.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    ];
  }
}

import { Duration, Size, Stack } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Bucket, EventType } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import { HandoffFunction, METRICS_NAMESPACE } from './handoff-function.ts';
import { LargeExportTask } from './large-export-task.ts';

/** The ingest function's Powertools service name: the `service` dimension of its metrics. */
const INGEST_SERVICE = 'handoff-ingest';
import type { LakeStorage } from './lake-storage.ts';

export interface IngestPipelineProps {
  /** The buckets: exports are read from `rawBucket`, Parquet written to `lakeBucket`. */
  readonly storage: LakeStorage;
  /** IANA time zone of exports that write local times without an offset (`SOURCE_TIME_ZONE`). Default UTC. */
  readonly sourceTimeZone?: string;
  /** The Handoff config as JSON (`CONFIG_JSON`): its mapped CSV sources are ingested too. Default: none. */
  readonly configJson?: string;
  /** Default 3008 MB: DuckDB gets three quarters, and two vCPUs. */
  readonly memorySize?: number;
  /** Default 15 minutes (Lambda's maximum): a multi-GB Data Export ZIP takes minutes. */
  readonly timeout?: Duration;
  /** Default 10 GiB: a downloaded CSV (or the one ZIP entry being loaded), its Parquet and DuckDB's spill all live in /tmp. */
  readonly ephemeralStorageSize?: Size;
  /** Messages per invocation. Default 1: one export per invocation, so each has the whole timeout, memory and disk, and fails alone. */
  readonly batchSize?: number;
  /** Deliveries before a message goes to the dead-letter queue. Default 5. */
  readonly maxReceiveCount?: number;
  /** Invocations at once (the SQS event source's maximum concurrency). Default 5. */
  readonly maxConcurrency?: number;
  /** Exports of more bytes than this load in a Fargate task instead of the function. Default 1 GiB. */
  readonly largeExportBytes?: number;
}

/**
 * Exports in, Parquet out: the raw bucket's ObjectCreated notifications go to an SQS queue (with a
 * dead-letter queue), whose batches invoke the ingest function; failed records are reported back
 * one by one (ReportBatchItemFailures), so a bad file never holds up the others. Exports over
 * `largeExportBytes` are handed by the function to a Fargate task running the same code.
 */
export class IngestPipeline extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly handler: HandoffFunction;
  readonly largeExports: LargeExportTask;

  /** Export files the function could not read (Powertools' `FilesRejected`), summed over `period` (default 5 minutes). */
  metricFilesRejected(period: Duration = Duration.minutes(5)): Metric {
    return new Metric({ namespace: METRICS_NAMESPACE, metricName: 'FilesRejected', dimensionsMap: { service: INGEST_SERVICE }, statistic: 'Sum', period });
  }

  constructor(scope: Construct, id: string, props: IngestPipelineProps) {
    super(scope, id);
    const timeout = props.timeout ?? Duration.minutes(15);
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Exports', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's rule for SQS event sources: at least six times the function's timeout.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });

    const settings: Record<string, string> = {
      LAKE_BUCKET: props.storage.lakeBucket.bucketName,
      SOURCE_TIME_ZONE: props.sourceTimeZone ?? 'UTC',
      ...(props.configJson ? { CONFIG_JSON: props.configJson } : {}),
    };
    this.largeExports = new LargeExportTask(this, 'LargeExports', { storage: props.storage, environment: settings, deadLetterQueue: this.deadLetterQueue });

    this.handler = new HandoffFunction(this, 'Ingest', {
      entry: 'functions/ingest/handler/index.ts',
      serviceName: INGEST_SERVICE,
      description: 'Loads an export that arrived in the raw bucket into the Parquet lake',
      memorySize: props.memorySize ?? 3008,
      timeout,
      ephemeralStorageSize: props.ephemeralStorageSize ?? Size.gibibytes(10),
      duckdb: true,
      environment: {
        ...settings,
        ...this.largeExports.functionEnvironment(props.largeExportBytes ?? 1024 ** 3),
        // Lambda sets no HOME; DuckDB's home (extensions, secrets) and spill must be on /tmp.
        HOME: '/tmp',
      },
    });
    props.storage.grantReadExports(this.handler.role);
    props.storage.grantWriteLake(this.handler.role);
    this.largeExports.grantRun(this.handler.role);
    this.handler.function.addEventSource(new SqsEventSource(this.queue, {
      batchSize: props.batchSize ?? 1,
      reportBatchItemFailures: true,
      maxConcurrency: props.maxConcurrency ?? 5,
    }));

    // The notification is configured from this stack on the raw bucket by reference, so the storage
    // stack never depends on compute (CDK merges it with the bucket's other notifications).
    const raw = Bucket.fromBucketAttributes(this, 'RawExports', { bucketArn: props.storage.rawBucket.bucketArn, bucketName: props.storage.rawBucket.bucketName });
    raw.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.queue));
    const notificationsHandler = Stack.of(this).node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'));
    if (notificationsHandler) {
      acknowledge(notificationsHandler, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        "aws-cdk-lib's deploy-time BucketNotificationsHandler gets the basic execution policy only to write its own logs; it runs when the stack deploys, to attach the raw bucket's notification, never on data.");
    }
  }
}

import { Duration, Size } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { HandoffFunction } from './handoff-function.ts';
import type { LakeCatalog } from './lake-catalog.ts';
import { LAKE_PREFIXES, type LakeStorage } from './lake-storage.ts';

export interface ExportCheckProps {
  readonly storage: LakeStorage;
  /** Sources (raw bucket folders) whose exports must arrive every night. */
  readonly expectedSources: string[];
  /** The ingest queue, which must be empty before the night reads the lake. */
  readonly ingestQueue: IQueue;
}

/**
 * The night's first step after the overlap guard: did every expected source send the night's
 * exports, and has ingest loaded each one's current version (its receipt is in the lake) with
 * nothing left in the queue? It lists the raw bucket and the lake's `_receipts/`, reads no file.
 */
export class ExportCheck extends Construct {
  readonly handler: HandoffFunction;

  constructor(scope: Construct, id: string, props: ExportCheckProps) {
    super(scope, id);
    this.handler = new HandoffFunction(this, 'CheckExports', {
      entry: 'functions/night/steps/check-exports.ts',
      serviceName: 'handoff-check-exports',
      description: 'Fails the night when an expected source sent no export; waits until ingest loaded every export of the night',
      memorySize: 256,
      timeout: Duration.minutes(1),
      environment: {
        RAW_BUCKET: props.storage.rawBucket.bucketName,
        EXPECTED_SOURCES: props.expectedSources.join(','),
        LAKE_BUCKET: props.storage.lakeBucket.bucketName,
        INGEST_QUEUE_URL: props.ingestQueue.queueUrl,
      },
    });
    props.storage.grantListExports(this.handler.role);
    props.storage.grantListLake(this.handler.role);
    this.handler.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:GetQueueAttributes'], resources: [props.ingestQueue.queueArn] }));
  }
}

export interface SiteDataStepProps {
  readonly storage: LakeStorage;
  readonly catalog: LakeCatalog;
  /** The Handoff config as JSON (`CONFIG_JSON`): company, calendar and SLA facts in meta.json. */
  readonly configJson: string;
  /** Default 2048 MB: DuckDB reads the marts' Parquet. */
  readonly memorySize?: number;
}

/**
 * The site-data step: the marts (found through the models database) → the site's JSON files
 * under the lake's `_site-data/` prefix, by the same queries `handoff run` uses (DuckDB, arm64).
 */
export class SiteDataStep extends Construct {
  readonly handler: HandoffFunction;
  /** Where the JSON files go: the lake bucket, under this prefix. */
  readonly prefix = LAKE_PREFIXES.siteData;

  constructor(scope: Construct, id: string, props: SiteDataStepProps) {
    super(scope, id);
    this.handler = new HandoffFunction(this, 'SiteData', {
      entry: 'functions/night/steps/site-data.ts',
      serviceName: 'handoff-site-data',
      description: "Writes the report site's JSON data files from the night's marts",
      memorySize: props.memorySize ?? 2048,
      timeout: Duration.minutes(5),
      ephemeralStorageSize: Size.gibibytes(2),
      copyFolders: ['sql'],
      duckdb: true,
      environment: {
        GLUE_DATABASE: props.catalog.modelsDatabaseName,
        SITE_DATA_BUCKET: props.storage.lakeBucket.bucketName,
        SITE_DATA_PREFIX: this.prefix,
        CONFIG_JSON: props.configJson,
        HOME: '/tmp',
      },
    });
    const role = this.handler.role;
    props.catalog.grantReadModelTables(role);
    props.storage.grantReadLakePrefix(role, LAKE_PREFIXES.models);
    props.storage.grantWriteLakePrefix(role, LAKE_PREFIXES.siteData);
  }
}

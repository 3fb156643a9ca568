import { Duration, Size } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HandoffFunction } from './handoff-function.ts';
import type { LakeCatalog } from './lake-catalog.ts';
import { LAKE_PREFIXES, type LakeStorage } from './lake-storage.ts';

export interface ExportCheckProps {
  readonly storage: LakeStorage;
  /** Sources (raw bucket folders) whose exports must arrive every night. */
  readonly expectedSources: string[];
}

/** The night's first step: did every expected source send the night's exports? It only lists the raw bucket. */
export class ExportCheck extends Construct {
  readonly handler: HandoffFunction;

  constructor(scope: Construct, id: string, props: ExportCheckProps) {
    super(scope, id);
    this.handler = new HandoffFunction(this, 'CheckExports', {
      entry: 'functions/night/steps/check-exports.ts',
      serviceName: 'handoff-check-exports',
      description: 'Fails the night when an expected source sent no export',
      memorySize: 256,
      timeout: Duration.minutes(1),
      environment: {
        RAW_BUCKET: props.storage.rawBucket.bucketName,
        EXPECTED_SOURCES: props.expectedSources.join(','),
      },
    });
    props.storage.grantListExports(this.handler.role);
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

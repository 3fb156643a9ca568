import { Duration } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { AthenaEngine } from './athena-engine.ts';
import { HandoffFunction } from './handoff-function.ts';
import type { LakeCatalog } from './lake-catalog.ts';
import { LAKE_PREFIXES, type LakeStorage } from './lake-storage.ts';

export interface SqlModelsProps {
  readonly storage: LakeStorage;
  readonly catalog: LakeCatalog;
  readonly engine: AthenaEngine;
  /** The Handoff config as JSON (`CONFIG_JSON`): calendars, SLA targets, mappings. */
  readonly configJson: string;
  /** Default 10 minutes: planning runs a few dozen short statements (views, seeds' tables); finishing a few queries and catalog updates. */
  readonly timeout?: Duration;
  /** Default 1024 MB: the function only renders SQL and waits on Athena. */
  readonly memorySize?: number;
}

/**
 * The repository's SQL models (`sql/`, copied into the function's asset) on Athena over the lake's
 * tables: the models function plans a night (seeds, and each model's CTAS per dependency level
 * under `_plans/<run>/`) and finishes it (checks, swap, pruning); the state machine builds the
 * tables, each a CTAS into the models database under `_models/<name>/<run>/`. Both may read the
 * lake, write only their prefixes, manage only the models database's tables and run queries only
 * in the Handoff workgroup.
 */
export class SqlModels extends Construct {
  readonly handler: HandoffFunction;
  /** Where the plans, seeds and models' files are. */
  readonly lakeBucket: IBucket;
  readonly workGroupName: string;
  readonly modelsDatabaseName: string;
  readonly #props: SqlModelsProps;

  constructor(scope: Construct, id: string, props: SqlModelsProps) {
    super(scope, id);
    this.#props = props;
    this.lakeBucket = props.storage.lakeBucket;
    this.workGroupName = props.engine.workGroupName;
    this.modelsDatabaseName = props.catalog.modelsDatabaseName;
    this.handler = new HandoffFunction(this, 'Models', {
      entry: 'functions/models/handler.ts',
      serviceName: 'handoff-models',
      description: 'Runs the SQL models on Athena: seeds, staging, intermediate, marts, data tests',
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(10),
      copyFolders: ['sql'],
      environment: {
        ATHENA_WORKGROUP: props.engine.workGroupName,
        GLUE_DATABASE: props.catalog.modelsDatabaseName,
        LAKE_DATABASE: props.catalog.lakeDatabaseName,
        LAKE_BUCKET: props.storage.lakeBucket.bucketName,
        CONFIG_JSON: props.configJson,
      },
    });
    const role = this.handler.role;
    this.grantBuildTables(role);
    props.storage.grantWriteLakePrefix(role, LAKE_PREFIXES.seeds);
    props.storage.grantWriteLakePrefix(role, LAKE_PREFIXES.plans);
    // The plan step keeps each lake object's export window for the next night.
    props.storage.grantWriteLakePrefix(role, LAKE_PREFIXES.exportWindow);
    // The finish step writes each night's history snapshot (Athena UNLOAD as the caller) and prunes old nights.
    props.storage.grantWriteLakePrefix(role, LAKE_PREFIXES.history);
  }

  /**
   * Lets a role run the models' queries in the workgroup: read the lake and its tables, write
   * `_models/` and Athena's results, create and swap the models database's tables. The state
   * machine gets this to build the tables with Athena's `.sync` integration.
   */
  grantBuildTables(role: IRole): void {
    const props = this.#props;
    props.engine.grantRunQueries(role);
    props.engine.grantDataCatalog(role);
    props.storage.grantAthenaResults(role);
    props.storage.grantReadLake(role);
    props.storage.grantWriteLakePrefix(role, LAKE_PREFIXES.models);
    props.catalog.grantReadLakeTables(role);
    props.catalog.grantManageModelTables(role);
  }
}

import { Duration } from 'aws-cdk-lib';
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
  /** Default 15 minutes (Lambda's maximum): some fifty models, each an Athena query of a few seconds. */
  readonly timeout?: Duration;
  /** Default 1024 MB: the function only renders SQL and waits on Athena. */
  readonly memorySize?: number;
}

/**
 * The models function: the repository's SQL models (`sql/`, copied into the asset) run on Athena
 * over the lake's tables, each model a CTAS into the models database under `_models/<name>/<run>/`,
 * seeds under `_seeds/`. Its role may read the lake, write only those two prefixes, manage only
 * the models database's tables and run queries only in the Handoff workgroup.
 */
export class SqlModels extends Construct {
  readonly handler: HandoffFunction;

  constructor(scope: Construct, id: string, props: SqlModelsProps) {
    super(scope, id);
    this.handler = new HandoffFunction(this, 'Models', {
      entry: 'functions/models/handler.ts',
      serviceName: 'handoff-models',
      description: 'Runs the SQL models on Athena: seeds, staging, intermediate, marts, data tests',
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(15),
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
    props.engine.grantRunQueries(role);
    props.storage.grantAthenaResults(role);
    props.storage.grantReadLake(role);
    props.storage.grantWriteLakePrefix(role, LAKE_PREFIXES.models);
    props.storage.grantWriteLakePrefix(role, LAKE_PREFIXES.seeds);
    props.catalog.grantReadLakeTables(role);
    props.catalog.grantManageModelTables(role);
  }
}

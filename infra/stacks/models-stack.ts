import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ObjectSpec } from '../../functions/core/catalogue.ts';
import { AthenaEngine } from '../constructs/athena-engine.ts';
import { LakeCatalog } from '../constructs/lake-catalog.ts';
import type { LakeStorage } from '../constructs/lake-storage.ts';
import { SqlModels } from '../constructs/sql-models.ts';

export interface ModelsStackProps extends StackProps {
  readonly storage: LakeStorage;
  /** Every connector object (built-in and mapped by config): one Glue table each. */
  readonly connectors: Record<string, ObjectSpec[]>;
  /** Export dates Athena's partition projection considers. */
  readonly exportDateRange: string;
  /** Per-query scan cutoff of the workgroup, in bytes. */
  readonly bytesScannedCutoffPerQuery: number;
  /** The Handoff config as JSON, for the models function. */
  readonly configJson: string;
}

/** The catalog over the lake, the Athena workgroup, and the function that runs the SQL models there. */
export class ModelsStack extends Stack {
  readonly catalog: LakeCatalog;
  readonly engine: AthenaEngine;
  readonly models: SqlModels;

  constructor(scope: Construct, id: string, props: ModelsStackProps) {
    super(scope, id, props);
    this.catalog = new LakeCatalog(this, 'Catalog', { lakeBucket: props.storage.lakeBucket, connectors: props.connectors, exportDateRange: props.exportDateRange });
    this.engine = new AthenaEngine(this, 'Athena', { resultsBucket: props.storage.athenaResultsBucket, bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery });
    this.models = new SqlModels(this, 'Models', { storage: props.storage, catalog: this.catalog, engine: this.engine, configJson: props.configJson });
    new CfnOutput(this, 'AthenaWorkGroup', { value: this.engine.workGroupName, description: 'Query the lake and the marts in this workgroup' });
    new CfnOutput(this, 'LakeDatabase', { value: this.catalog.lakeDatabaseName, description: 'Glue database of the source tables (<source>_<object>) and handoff_ingest_log' });
    new CfnOutput(this, 'ModelsDatabase', { value: this.catalog.modelsDatabaseName, description: 'Glue database of the models and marts' });
  }
}

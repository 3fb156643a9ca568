import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { LakeStorage } from '../constructs/lake-storage.ts';

export interface StorageStackProps extends StackProps {
  /** Days replaced raw-export versions are kept. */
  readonly retentionDays: number;
  /** Days Athena query results are kept. */
  readonly athenaResultsDays: number;
}

/** Stateful storage, apart from compute so compute can be replaced freely: the exports and the lake. */
export class StorageStack extends Stack {
  readonly storage: LakeStorage;

  constructor(scope: Construct, id: string, props: StorageStackProps) {
    super(scope, id, props);
    this.storage = new LakeStorage(this, 'Storage', { retentionDays: props.retentionDays, athenaResultsDays: props.athenaResultsDays });
    new CfnOutput(this, 'RawExportsBucketName', { value: this.storage.rawBucket.bucketName, description: 'Drop nightly exports here: <source>/<YYYY-MM-DD>/<file>' });
    new CfnOutput(this, 'LakeBucketName', { value: this.storage.lakeBucket.bucketName, description: 'The Parquet lake' });
  }
}

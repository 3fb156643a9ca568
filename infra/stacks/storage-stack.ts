import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { LakeStorage } from '../constructs/lake-storage.ts';

export interface StorageStackProps extends StackProps {
  /** Days replaced raw-export versions are kept. */
  readonly retentionDays: number;
  /** Days Athena query results are kept. */
  readonly athenaResultsDays: number;
  /** `kms`: a customer-managed key (rotating, retained) for the raw and lake buckets. Default `s3`: SSE-S3. */
  readonly lakeEncryption?: 'kms' | 's3';
}

/** Stateful storage, apart from compute so compute can be replaced freely: the exports and the lake. */
export class StorageStack extends Stack {
  readonly storage: LakeStorage;

  constructor(scope: Construct, id: string, props: StorageStackProps) {
    super(scope, id, props);
    const encryptionKey = props.lakeEncryption === 'kms'
      ? new Key(this, 'LakeKey', { description: 'Handoff: raw exports and the lake (personal data)', enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN })
      : undefined;
    this.storage = new LakeStorage(this, 'Storage', { retentionDays: props.retentionDays, athenaResultsDays: props.athenaResultsDays, ...(encryptionKey ? { encryptionKey } : {}) });
    if (encryptionKey) new CfnOutput(this, 'LakeKeyArn', { value: encryptionKey.keyArn, description: 'Customer-managed key of the raw exports and the lake; whoever drops exports needs kms:GenerateDataKey on it' });
    new CfnOutput(this, 'RawExportsBucketName', { value: this.storage.rawBucket.bucketName, description: 'Drop nightly exports here: <source>/<YYYY-MM-DD>/<file>' });
    new CfnOutput(this, 'LakeBucketName', { value: this.storage.lakeBucket.bucketName, description: 'The Parquet lake' });
  }
}

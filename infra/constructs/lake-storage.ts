import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface LakeStorageProps {
  /** Days old raw-export versions are kept after they are replaced. Default 90. */
  readonly retentionDays?: number;
}

/**
 * The lake's buckets: raw exports (versioned, never rewritten) and the Parquet lake, both
 * encrypted, TLS-only, private, logging to an access-log bucket, retained when the stack goes.
 */
export class LakeStorage extends Construct {
  readonly rawBucket: Bucket;
  readonly lakeBucket: Bucket;
  readonly accessLogBucket: Bucket;

  constructor(scope: Construct, id: string, props: LakeStorageProps = {}) {
    super(scope, id);
    const retention = Duration.days(props.retentionDays ?? 90);
    this.accessLogBucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    const common = {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: this.accessLogBucket,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    this.rawBucket = new Bucket(this, 'RawExports', {
      ...common,
      versioned: true,
      serverAccessLogsPrefix: 'raw/',
      lifecycleRules: [{ noncurrentVersionExpiration: retention }],
    });
    this.lakeBucket = new Bucket(this, 'Lake', { ...common, serverAccessLogsPrefix: 'lake/' });
  }
}

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, StorageClass, type BucketProps } from 'aws-cdk-lib/aws-s3';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from '../nag.ts';

export interface LakeStorageProps {
  /** Days replaced (non-current) versions of raw exports are kept. Default 90. */
  readonly retentionDays?: number;
  /** Days after which raw exports (current and replaced versions) move to Glacier Instant Retrieval. Default 30. */
  readonly rawColdAfterDays?: number;
  /** Days Athena query results are kept. Default 30. */
  readonly athenaResultsDays?: number;
  /** Days server access logs are kept. Default 365. */
  readonly accessLogDays?: number;
  /** What happens to the buckets when the stack is deleted. Default RETAIN: exports and the lake outlive the stack. */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * A customer-managed KMS key for the raw-exports and lake buckets (SSE-KMS with S3 Bucket Keys,
   * so KMS is called per object written, not per read). Default none: SSE-S3. Every `grant…`
   * method then also grants the key use it needs.
   */
  readonly encryptionKey?: IKey;
}

/** The lake's key prefixes other than `<source>/<object>/…` data. */
export const LAKE_PREFIXES = {
  ingestLog: '_ingest/',
  quarantine: '_quarantine/',
  models: '_models/',
  seeds: '_seeds/',
  plans: '_plans/',
  receipts: '_receipts/',
  siteData: '_site-data/',
  history: '_history/',
  /** Each object's export window (the first export staging reads), kept for the next night. */
  exportWindow: '_export_window/',
} as const;

/** Common settings of every bucket: encrypted, private, TLS-only, explicit removal policy. */
export function privateBucketProps(removalPolicy: RemovalPolicy): Pick<BucketProps, 'encryption' | 'blockPublicAccess' | 'enforceSSL' | 'removalPolicy' | 'objectOwnership'> {
  return {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy,
  };
}

/**
 * The lake's buckets: raw exports (versioned, never rewritten), the Parquet lake, Athena's query
 * results (expiring) and the access logs of all three. Every bucket is SSE-S3 encrypted, TLS-only,
 * private and retained when the stack goes. Access is given through the `grant…` methods, each
 * naming exact actions rather than CDK's wildcard grants.
 */
export class LakeStorage extends Construct {
  readonly rawBucket: Bucket;
  readonly lakeBucket: Bucket;
  readonly athenaResultsBucket: Bucket;
  readonly accessLogBucket: Bucket;
  /** The customer-managed key of the raw and lake buckets, if one was given. */
  readonly encryptionKey: IKey | undefined;

  constructor(scope: Construct, id: string, props: LakeStorageProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.accessLogBucket = new Bucket(this, 'AccessLogs', {
      ...privateBucketProps(removalPolicy),
      // CloudFront's standard logs are delivered with an ACL, which needs ACLs enabled on the target.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogDays ?? 365), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
    const logged = (prefix: string) => ({ ...privateBucketProps(removalPolicy), serverAccessLogsBucket: this.accessLogBucket, serverAccessLogsPrefix: prefix });
    this.encryptionKey = props.encryptionKey;
    const personalData = props.encryptionKey
      ? { encryption: BucketEncryption.KMS, encryptionKey: props.encryptionKey, bucketKeyEnabled: true }
      : {};

    this.rawBucket = new Bucket(this, 'RawExports', {
      ...logged('raw/'),
      ...personalData,
      versioned: true,
      // Only replaced versions ever expire; the current version of an export is kept for good.
      lifecycleRules: [{
        noncurrentVersionExpiration: Duration.days(props.retentionDays ?? 90),
        abortIncompleteMultipartUploadAfter: Duration.days(7),
        // Exports are read once, on arrival; after a month they wait for a re-load that rarely
        // comes. Glacier Instant Retrieval still reads them in milliseconds, at about a sixth of the price.
        transitions: [{ storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(props.rawColdAfterDays ?? 30) }],
        ...((props.retentionDays ?? 90) > (props.rawColdAfterDays ?? 30)
          ? { noncurrentVersionTransitions: [{ storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(props.rawColdAfterDays ?? 30) }] }
          : {}),
      }],
    });
    // History is removed only by the lifecycle rule above, never by a caller.
    this.rawBucket.addToResourcePolicy(new PolicyStatement({
      sid: 'DenyDeletingExportVersions',
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['s3:DeleteObjectVersion'],
      resources: [this.rawBucket.arnForObjects('*')],
    }));

    this.lakeBucket = new Bucket(this, 'Lake', {
      ...logged('lake/'),
      ...personalData,
      // No expiry on _models/: the live tables read the last successful night's folder, however
      // old; the models function removes earlier runs' folders once a night has swapped in.
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
    this.athenaResultsBucket = new Bucket(this, 'AthenaResults', {
      ...logged('athena-results/'),
      lifecycleRules: [{ expiration: Duration.days(props.athenaResultsDays ?? 30), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
  }

  /** Lets the role list the raw bucket and read exports (the ingest function). */
  grantReadExports(role: IRole): void {
    this.allow(role, ['s3:ListBucket'], [this.rawBucket.bucketArn]);
    // GetObjectVersion: a notification names a version, and exactly that version is read.
    this.allow(role, ['s3:GetObject', 's3:GetObjectVersion'], [this.rawBucket.arnForObjects('*')],
      'Exports arrive under keys chosen by the exporting tool (<source>/<YYYY-MM-DD>/<file>); the role reads objects (and named versions) of the raw-exports bucket only.');
    this.allowKey(role, 'read');
  }

  /** Lets the role list the raw bucket only (the night's export check never reads the files). */
  grantListExports(role: IRole): void {
    this.allow(role, ['s3:ListBucket'], [this.rawBucket.bucketArn]);
  }

  /** Lets the role list the lake's keys only (the night lists ingest receipts; it reads no file). */
  grantListLake(role: IRole): void {
    this.allow(role, ['s3:ListBucket'], [this.lakeBucket.bucketArn]);
  }

  /** Lets the role write and replace lake files under any key (ingest overwrites its own deterministic keys). */
  grantWriteLake(role: IRole): void {
    this.allow(role, ['s3:ListBucket'], [this.lakeBucket.bucketArn]);
    this.allow(role, ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], [this.lakeBucket.arnForObjects('*')],
      'Ingest writes <source>/<object>/export_date=<date>/<file>.parquet plus its _ingest/ and _quarantine/ records, keys derived from each arriving export; limited to the lake bucket and to put/delete.');
    this.allowKey(role, 'write');
  }

  /** Lets the role read the whole lake, as Athena does on the role's behalf. */
  grantReadLake(role: IRole): void {
    this.allow(role, ['s3:ListBucket', 's3:GetBucketLocation'], [this.lakeBucket.bucketArn]);
    this.allow(role, ['s3:GetObject'], [this.lakeBucket.arnForObjects('*')],
      'Athena reads every Parquet file of the lake tables on the caller\'s behalf (one prefix per source object and export date); read-only, lake bucket only.');
    this.allowKey(role, 'read');
  }

  /** Lets the role write and remove files under one lake prefix only (e.g. `_models/`). */
  grantWriteLakePrefix(role: IRole, prefix: string): void {
    this.allow(role, ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], [this.lakeBucket.arnForObjects(`${prefix}*`)],
      `Writes are confined to the lake's ${prefix} prefix, whose keys name each run (e.g. <model>/<run-id>/); nothing outside it can be changed.`);
    this.allowKey(role, 'write');
  }

  /** Lets the role read files under one lake prefix only (the site build reads `_site-data/`). */
  grantReadLakePrefix(role: IRole, prefix: string): void {
    this.allow(role, ['s3:ListBucket'], [this.lakeBucket.bucketArn]);
    this.allow(role, ['s3:GetObject'], [this.lakeBucket.arnForObjects(`${prefix}*`)],
      `Reads are confined to the lake's ${prefix} prefix (one JSON file per site data set).`);
    this.allowKey(role, 'read');
  }

  /** Lets the role write and read Athena query results (every Athena caller needs this). */
  grantAthenaResults(role: IRole): void {
    this.allow(role, ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'], [this.athenaResultsBucket.bucketArn]);
    this.allow(role, ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], [this.athenaResultsBucket.arnForObjects('*')],
      'Athena writes each query\'s results under a key named by its query id in the results bucket (expiring); the caller reads them back.');
  }

  /** With a customer-managed key: decrypt to read; a data key too to write (exact actions, no wildcard). */
  private allowKey(role: IRole, access: 'read' | 'write'): void {
    if (!this.encryptionKey) return;
    role.addToPrincipalPolicy(new PolicyStatement({ actions: access === 'read' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [this.encryptionKey.keyArn] }));
  }

  private allow(role: IRole, actions: string[], resources: string[], wildcardReason?: string): void {
    role.addToPrincipalPolicy(new PolicyStatement({ actions, resources }));
    if (wildcardReason) for (const resource of resources) acknowledgeWildcardResource(role, resource, wildcardReason);
  }
}

import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOfType, synthesize, type SynthesizedApp } from './app-fixture.ts';

const BLOCK_ALL = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };

describe('storage', () => {
  let app: SynthesizedApp;
  beforeAll(() => {
    app = synthesize();
  });

  it('keeps exports, lake, Athena results and access logs in the stateful stack, and only the site bucket elsewhere', () => {
    // Prepare / Act: the synthesized app. Assess: four buckets in storage, one (the site's) in the site stack.
    const buckets = resourcesOfType(app, 'AWS::S3::Bucket');
    expect(buckets.filter((b) => b.stack === 'storage').map((b) => b.id).sort()).toEqual([
      expect.stringMatching(/^StorageAccessLogs/), expect.stringMatching(/^StorageAthenaResults/), expect.stringMatching(/^StorageLake/), expect.stringMatching(/^StorageRawExports/),
    ]);
    expect(buckets.filter((b) => b.stack !== 'storage').map((b) => `${b.stack}/${b.id}`)).toEqual([expect.stringMatching(/^site\/Site/)]);
  });

  it('encrypts every bucket, blocks all public access, and retains it when its stack is deleted', () => {
    const buckets = resourcesOfType(app, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(5);
    for (const { resource } of buckets) {
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.Properties!['BucketEncryption']).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
      expect(resource.Properties!['PublicAccessBlockConfiguration']).toEqual(BLOCK_ALL);
    }
  });

  it('denies every request without TLS on every bucket', () => {
    const policies = resourcesOfType(app, 'AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(5);
    for (const { resource } of policies) {
      expect(resource.Properties!['PolicyDocument'].Statement).toContainEqual(expect.objectContaining({
        Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }));
    }
  });

  it('logs access to every bucket but the log bucket itself', () => {
    const buckets = resourcesOfType(app, 'AWS::S3::Bucket');
    const logged = buckets.filter((b) => b.resource.Properties!['LoggingConfiguration']);
    expect(logged.map((b) => b.id).sort()).toEqual(buckets.filter((b) => !b.id.startsWith('StorageAccessLogs')).map((b) => b.id).sort());
  });

  it('versions the raw exports, moves them to Glacier Instant Retrieval after 30 days, expires only replaced versions after the retention, and lets no one delete a version', () => {
    const storage = app.template('storage');
    storage.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: { Rules: [{
        NoncurrentVersionExpiration: { NoncurrentDays: 90 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled',
        Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 30 }],
        NoncurrentVersionTransitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 30 }],
      }] },
    });
    const raw = resourcesOfType(app, 'AWS::S3::Bucket').find((b) => b.id.startsWith('StorageRawExports'))!;
    expect(JSON.stringify(raw.resource.Properties!['LifecycleConfiguration'])).not.toContain('ExpirationInDays');
    storage.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'DenyDeletingExportVersions', Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:DeleteObjectVersion' })]) },
    });
  });

  it('expires Athena results after 30 days, and never the models\' files (the live tables may read an old night\'s folder)', () => {
    const storage = app.template('storage');
    storage.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30 })] },
    });
    const lake = Object.entries(app.json('storage').Resources).find(([id]) => id.startsWith('StorageLake'))![1];
    expect(lake.Properties!['LifecycleConfiguration']).toEqual({ Rules: [{ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }] });
  });

  it('offers a customer-managed key for the raw and lake buckets: SSE-KMS with bucket keys, and every role that reads or writes them may use it', () => {
    // Prepare / Act
    const kms = synthesize({ config: { lakeEncryption: 'kms' } });

    // Assess
    const storage = kms.json('storage');
    const [keyId, key] = Object.entries(storage.Resources).find(([, r]) => r.Type === 'AWS::KMS::Key')!;
    expect(key.Properties).toMatchObject({ EnableKeyRotation: true });
    expect(key.DeletionPolicy).toBe('Retain');
    for (const prefix of ['StorageRawExports', 'StorageLake']) {
      const bucket = Object.entries(storage.Resources).find(([id, r]) => id.startsWith(prefix) && r.Type === 'AWS::S3::Bucket')![1];
      expect(bucket.Properties!['BucketEncryption']).toEqual({ ServerSideEncryptionConfiguration: [{
        BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      }] });
    }
    // The ingest function writes the lake (data key) and reads exports; the site-data step only reads.
    const keyUse = (stack: 'ingest' | 'night') => Object.values(kms.json(stack).Resources).filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => r.Properties!['PolicyDocument'].Statement as Array<{ Action: string | string[]; Resource: unknown }>)
      .filter((st) => JSON.stringify(st.Resource).includes('LakeKey')).map((st) => st.Action);
    expect(keyUse('ingest')).toEqual(expect.arrayContaining(['kms:Decrypt', ['kms:Decrypt', 'kms:GenerateDataKey']]));
    expect(keyUse('night').length).toBeGreaterThan(0);
    // SSE-S3 stays the default.
    const plain = Object.entries(app.json('storage').Resources).find(([id, r]) => id.startsWith('StorageLake') && r.Type === 'AWS::S3::Bucket')![1];
    expect(plain.Properties!['BucketEncryption']).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
  });

  it('tags every resource for cost allocation', () => {
    const buckets = resourcesOfType(app, 'AWS::S3::Bucket');
    for (const { resource } of buckets) expect(resource.Properties!['Tags']).toEqual(expect.arrayContaining([{ Key: 'handoff:deployment', Value: 'Handoff' }]));
    const machine = resourcesOfType(app, 'AWS::StepFunctions::StateMachine')[0]!;
    expect(machine.resource.Properties!['Tags']).toEqual(expect.arrayContaining([{ Key: 'handoff:deployment', Value: 'Handoff' }]));
  });
});

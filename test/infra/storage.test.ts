import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { StorageStack } from '../../infra/stacks/storage-stack.ts';

describe('storage stack', () => {
  const template = Template.fromStack(new StorageStack(new App(), 'Test', { retentionDays: 30 }));

  it('encrypts, blocks public access on, and retains every bucket', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(3);
    for (const bucket of Object.values(buckets) as Array<{ Properties: Record<string, unknown>; DeletionPolicy: string }>) {
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties['BucketEncryption']).toBeDefined();
      expect(bucket.Properties['PublicAccessBlockConfiguration']).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    }
  });

  it('versions the raw exports and expires replaced versions after the retention', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: { Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } })] },
    });
  });

  it('denies every request without TLS', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')) as Array<{ Properties: { PolicyDocument: { Statement: Array<Record<string, unknown>> } } }>;
    expect(policies).toHaveLength(3);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    }
  });
});

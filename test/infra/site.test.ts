import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesize, type SynthesizedApp } from './app-fixture.ts';
import { readerId } from '../../infra/constructs/site-readers.ts';

describe('private report site', () => {
  let app: SynthesizedApp;
  beforeAll(() => {
    app = synthesize();
  });

  it('serves the site bucket through an Origin Access Control, HTTPS only, GET and HEAD only', () => {
    const site = app.template('site');
    site.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    site.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue(), S3OriginConfig: { OriginAccessIdentity: '' } })],
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] }),
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
  });

  it("lets only this distribution read the bucket: no other principal, no public access", () => {
    const policy = Object.values(app.json('site').Resources).find((r) => r.Type === 'AWS::S3::BucketPolicy')!;
    const allows = policy.Properties!['PolicyDocument'].Statement.filter((s: { Effect: string }) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    const distributionId = Object.entries(app.json('site').Resources).find(([, r]) => r.Type === 'AWS::CloudFront::Distribution')![0];
    expect(allows[0]).toMatchObject({
      Action: 's3:GetObject',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Condition: { StringEquals: { 'AWS:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: distributionId }]] } } },
    });
  });

  it('checks every viewer request with the sign-in function from us-east-1', () => {
    const distribution = Object.values(app.json('site').Resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!;
    const associations = distribution.Properties!['DistributionConfig'].DefaultCacheBehavior.LambdaFunctionAssociations;
    expect(associations).toHaveLength(1);
    expect(associations[0].EventType).toBe('viewer-request');
    // The version ARN crosses regions through CDK's export reader (the function lives in us-east-1).
    expect(JSON.stringify(associations[0].LambdaFunctionARN)).toContain('SignInFunctionCurrentVersion');
    expect(app.assembly.getStackByName('HandoffSiteSignIn').environment.region).toBe('us-east-1');
    app.template('signIn').hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Architectures: ['x86_64'], MemorySize: 128, Timeout: 5 });
    app.template('signIn').hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [
        Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } }),
        Match.objectLike({ Principal: { Service: 'edgelambda.amazonaws.com' } }),
      ] },
    });
  });

  it("gives the sign-in its settings through the site stack's one SSM parameter: read in the site's region, nothing else readable", () => {
    // Not compiled into the function: CloudFront needs the function's version before the
    // distribution exists, and the Cognito client (whose id the settings hold) needs the
    // distribution's address as its callback URL; README "Sign-in settings" says more.
    const functions = Object.values(app.json('signIn').Resources).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties!['Description'] === 'Report site sign-in (Lambda@Edge viewer request)');
    expect(functions).toHaveLength(1);
    expect(functions[0]!.Properties!['Environment']).toBeUndefined();
    const ssmStatements = Object.values(app.json('signIn').Resources).filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => r.Properties!['PolicyDocument'].Statement as Array<{ Action: string | string[]; Resource: unknown }>)
      .filter((statement) => JSON.stringify(statement.Action).includes('ssm:'));
    expect(ssmStatements).toHaveLength(1);
    expect(ssmStatements[0]!.Action).toBe('ssm:GetParameter');
    expect(JSON.stringify(ssmStatements[0]!.Resource)).toMatch(/:ssm:eu-west-1:111122223333:parameter\/HandoffSite\/sign-in"/);
    app.template('site').hasResourceProperties('AWS::SSM::Parameter', { Name: '/HandoffSite/sign-in', Type: 'String' });
  });

  it('adds security headers to every response', () => {
    app.template('site').hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31536000, IncludeSubdomains: true }),
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentSecurityPolicy: Match.objectLike({ ContentSecurityPolicy: Match.stringLikeRegexp("frame-ancestors 'none'") }),
        }),
      }),
    });
  });

  it('lets no one sign up: administrators invite readers, who need MFA and must be in the readers group', () => {
    const site = app.template('site');
    site.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UsernameAttributes: ['email'],
    });
    site.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
    site.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'readers' });
    const users = Object.values(app.json('site').Resources).filter((r) => r.Type === 'AWS::Cognito::UserPoolUser').map((r) => r.Properties!['Username']);
    expect(users).toEqual(['ana@example.com', 'ben@example.com']);
    site.resourceCountIs('AWS::Cognito::UserPoolUserToGroupAttachment', 2);
  });

  it('names each reader after the address, not its place in the list, and keeps the account when a later deploy leaves the reader out', () => {
    // Prepare / Act: the same two readers in the other order.
    const reordered = synthesize({ config: { readers: ['ben@example.com', 'ana@example.com'] } });

    // Assess: the same logical ids (so CloudFormation changes nothing), each retained.
    const users = (a: SynthesizedApp) => Object.entries(a.json('site').Resources).filter(([, r]) => r.Type === 'AWS::Cognito::UserPoolUser')
      .map(([id, r]) => [id, r.Properties!['Username'], r.DeletionPolicy] as const).sort();
    expect(users(reordered)).toEqual(users(app));
    expect(users(app).map(([id, email, policy]) => [id.replace(/[0-9A-F]{8}$/, ''), email, policy])).toEqual([
      [`ReadersReader${readerId('ana@example.com').slice('Reader'.length)}`, 'ana@example.com', 'Retain'],
      [`ReadersReader${readerId('ben@example.com').slice('Reader'.length)}`, 'ben@example.com', 'Retain'],
    ].sort());
    expect(readerId('Ana@Example.com ')).toBe(readerId('ana@example.com'));
    for (const [, r] of Object.entries(app.json('site').Resources).filter(([, r]) => r.Type === 'AWS::Cognito::UserPoolUserToGroupAttachment')) expect(r.DeletionPolicy).toBe('Retain');
  });

  it('signs readers in with the authorization code flow to the site and nowhere else', () => {
    app.template('site').hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      GenerateSecret: false,
      CallbackURLs: [{ 'Fn::Join': ['', ['https://', Match.anyValue(), '/_auth/callback']] }],
      LogoutURLs: [{ 'Fn::Join': ['', ['https://', Match.anyValue(), '/_auth/signed-out']] }],
    });
  });

  it('keeps readers signed in for 30 days with revocable refresh tokens, renewing an hour-long ID token at the edge', () => {
    app.template('site').hasResourceProperties('AWS::Cognito::UserPoolClient', {
      // Minutes: 60 for the ID and access tokens; 30 days × 1,440 = 43,200 for the refresh token.
      IdTokenValidity: 60, AccessTokenValidity: 60, RefreshTokenValidity: 43200,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      EnableTokenRevocation: true,
    });
  });

  it('tells the sign-in function where the pool is through the parameter it was built to read', () => {
    app.template('site').hasResourceProperties('AWS::SSM::Parameter', { Name: '/HandoffSite/sign-in', Type: 'String' });
    const signInPolicy = Object.values(app.json('signIn').Resources).find((r) => r.Type === 'AWS::IAM::Policy')!;
    expect(JSON.stringify(signInPolicy.Properties!['PolicyDocument'])).toContain(':ssm:eu-west-1:');
    expect(JSON.stringify(signInPolicy.Properties!['PolicyDocument'])).toContain(':parameter/HandoffSite/sign-in');
  });

  it('serves the site on its own name with the ACM certificate given, TLS 1.2 at least, and signs readers in on both names', () => {
    // Prepare
    const certificateArn = 'arn:aws:acm:us-east-1:111122223333:certificate/0f0e0d0c-1111-2222-3333-444455556666';

    // Act
    const named = synthesize({ config: { domain: { name: 'reports.example.com', certificateArn } } });

    // Assess
    const site = named.template('site');
    site.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['reports.example.com'],
        ViewerCertificate: { AcmCertificateArn: certificateArn, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      }),
    });
    site.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://reports.example.com/_auth/callback', { 'Fn::Join': ['', ['https://', Match.anyValue(), '/_auth/callback']] }],
      LogoutURLs: ['https://reports.example.com/_auth/signed-out', { 'Fn::Join': ['', ['https://', Match.anyValue(), '/_auth/signed-out']] }],
    });
    const distribution = Object.values(named.json('site').Resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!;
    expect(JSON.stringify(distribution.Metadata)).not.toContain('AwsSolutions-CFR4');
    // Without a domain, the default certificate's policy is acknowledged instead.
    const plain = Object.values(app.json('site').Resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!;
    expect(JSON.stringify(plain.Metadata)).toContain('AwsSolutions-CFR4');
  });
});

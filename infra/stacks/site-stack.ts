import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { IVersion } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { LakeStorage } from '../constructs/lake-storage.ts';
import { ReportSite } from '../constructs/report-site.ts';
import { SiteReaders } from '../constructs/site-readers.ts';

export interface SiteStackProps extends StackProps {
  readonly storage: LakeStorage;
  /** The sign-in function's version (Lambda@Edge, from the us-east-1 stack). */
  readonly signIn: IVersion;
  /** SSM parameter the sign-in function reads; this stack writes it. */
  readonly settingsParameterName: string;
  /** E-mail addresses invited as readers when the user pool is created. */
  readonly readers: string[];
  /** The site's own name and its ACM certificate in us-east-1. Default none. */
  readonly domain?: { name: string; certificateArn: string };
}

/** The private report site: bucket, CloudFront with Origin Access Control, and its readers in Cognito. */
export class SiteStack extends Stack {
  readonly site: ReportSite;
  readonly readers: SiteReaders;

  constructor(scope: Construct, id: string, props: SiteStackProps) {
    super(scope, id, props);
    this.site = new ReportSite(this, 'Site', { accessLogBucket: props.storage.accessLogBucket, signIn: props.signIn, ...(props.domain ? { domain: props.domain } : {}) });
    this.readers = new SiteReaders(this, 'Readers', {
      siteUrl: this.site.url, ...(props.domain ? { otherSiteUrls: [this.site.cloudFrontUrl] } : {}), readers: props.readers, settingsParameterName: props.settingsParameterName,
    });
    new CfnOutput(this, 'SiteUrl', { value: this.site.url, description: 'The report site (readers sign in with Cognito)' });
    if (props.domain) new CfnOutput(this, 'DistributionDomainName', { value: this.site.distribution.distributionDomainName, description: `Point ${props.domain.name} here (a CNAME, or a Route 53 alias)` });
    new CfnOutput(this, 'UserPoolId', { value: this.readers.userPool.userPoolId, description: 'Invite readers into this user pool and its readers group' });
  }
}

import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods, CachePolicy, Distribution, HeadersFrameOption, HeadersReferrerPolicy, HttpVersion, LambdaEdgeEventType,
  PriceClass, ResponseHeadersPolicy, SecurityPolicyProtocol, ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IVersion } from 'aws-cdk-lib/aws-lambda';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcardResource } from '../nag.ts';
import { privateBucketProps } from './lake-storage.ts';

export interface ReportSiteProps {
  /** Where the site bucket's server access logs and CloudFront's standard logs go. */
  readonly accessLogBucket: IBucket;
  /** The sign-in function's published version (Lambda@Edge, us-east-1), run on every viewer request. */
  readonly signIn: IVersion;
  /** Edge locations serving the site. Default PRICE_CLASS_100 (North America and Europe). */
  readonly priceClass?: PriceClass;
  /** What happens to the site bucket when the stack is deleted. Default RETAIN. */
  readonly removalPolicy?: RemovalPolicy;
  /** The site's own name and its ACM certificate (in us-east-1, as CloudFront requires); TLS 1.2 at least. Default none: the *.cloudfront.net name. */
  readonly domain?: { name: string; certificateArn: string };
}

/**
 * The site's Content Security Policy: scripts only from the site itself (Astro bundles the chart
 * island into an external module; nothing runs inline), styles may be inline (Astro inlines small
 * stylesheets), everything else from the site.
 */
export const SITE_CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/**
 * The private report site: a bucket no one can read directly, served by CloudFront through an
 * Origin Access Control (the bucket policy grants this distribution only), every request checked
 * by the sign-in function first, security headers on every response, and standard logs.
 */
export class ReportSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly #domainName: string | undefined;

  constructor(scope: Construct, id: string, props: ReportSiteProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Site', {
      ...privateBucketProps(props.removalPolicy ?? RemovalPolicy.RETAIN),
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: 'site/',
    });
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Handoff report site: HSTS, CSP, no framing, no sniffing, no referrer leaks',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, preload: false, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        contentSecurityPolicy: { contentSecurityPolicy: SITE_CONTENT_SECURITY_POLICY, override: true },
      },
      customHeadersBehavior: { customHeaders: [{ header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true }] },
    });
    this.#domainName = props.domain?.name;
    const domain = props.domain
      ? { domainNames: [props.domain.name], certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn), minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 }
      : {};
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Handoff report site (readers sign in with Cognito)',
      ...domain,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        edgeLambdas: [{ functionVersion: props.signIn, eventType: LambdaEdgeEventType.VIEWER_REQUEST }],
      },
      // Without s3:ListBucket the origin answers 403 for a missing page.
      errorResponses: [
        { httpStatus: 403, responseHttpStatus: 404, responsePagePath: '/404.html', ttl: Duration.minutes(1) },
        { httpStatus: 404, responseHttpStatus: 404, responsePagePath: '/404.html', ttl: Duration.minutes(1) },
      ],
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass ?? PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.accessLogBucket,
      logFilePrefix: 'cloudfront/',
    });
    acknowledge(this.distribution, 'AwsSolutions-CFR1', 'Readers may work from any country; access is decided by Cognito sign-in at the edge, not by geography.');
    acknowledge(this.distribution, 'AwsSolutions-CFR2', 'Every request is authenticated by the Lambda@Edge sign-in before CloudFront serves anything, the site is static (no forms, no APIs), and a WAF web ACL would add a monthly charge larger than the site itself; attach one with webAclId if the organisation requires it.');
    if (!props.domain) {
      acknowledge(this.distribution, 'AwsSolutions-CFR4', 'The site is served on its *.cloudfront.net name with the default certificate, whose viewer security policy CloudFront fixes; give the deployment a domain and an ACM certificate (README, "Deploy on AWS") and the site requires TLS 1.2 (TLSv1.2_2021). Readers\' browsers negotiate TLS 1.2 or 1.3 in practice.');
    }
  }

  /** The site's address: its own name when it has one, else `https://<id>.cloudfront.net`. */
  get url(): string {
    return this.#domainName ? `https://${this.#domainName}` : this.cloudFrontUrl;
  }

  /** The distribution's own address, which works with or without a domain. */
  get cloudFrontUrl(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /** Lets the role replace the site's files (the nightly site build) and invalidate the cache. */
  grantPublish(role: IRole): void {
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:PutObject', 's3:DeleteObject'], resources: [this.bucket.arnForObjects('*')] }));
    acknowledgeWildcardResource(role, this.bucket.arnForObjects('*'), 'The site build replaces every page and asset of the site (file names come from the Astro build and change with it); limited to the site bucket and to put/delete.');
  }

  /** Lets the role invalidate this distribution's cache (the night's last step). */
  grantInvalidate(role: IRole): void {
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'], resources: [this.distributionArn] }));
  }

  /** ARN of the distribution (CloudFront is global: no region). */
  get distributionArn(): string {
    return Stack.of(this).formatArn({ service: 'cloudfront', region: '', resource: 'distribution', resourceName: this.distribution.distributionId });
  }
}

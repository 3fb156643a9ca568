import { createHash } from 'node:crypto';
import { Aws, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery, CfnUserPoolGroup, CfnUserPoolUser, CfnUserPoolUserToGroupAttachment, FeaturePlan, Mfa, OAuthScope,
  UserPool, UserPoolClient, UserPoolClientIdentityProvider, UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { CALLBACK_PATH, REFRESH_DAYS, SIGNED_OUT_PATH, type SignInSettings } from '../edge/sign-in.ts';
import { acknowledge } from '../nag.ts';

export interface SiteReadersProps {
  /** The site's address, e.g. `https://d111.cloudfront.net`: Cognito returns readers there. */
  readonly siteUrl: string;
  /** Other addresses the site answers on (its *.cloudfront.net name beside its own domain): sign-in returns there too. */
  readonly otherSiteUrls?: string[];
  /** E-mail addresses invited when the pool is created. Default none (invite later with the CLI). */
  readonly readers?: string[];
  /** Name of the SSM parameter the sign-in function reads the pool's settings from. */
  readonly settingsParameterName: string;
  /** Group whose members may read the site. Default `readers`. */
  readonly group?: string;
  /** Hours an ID token lasts before the edge renews it with the refresh token (silently). Default 1: a reader removed from the group loses access within the hour. */
  readonly sessionHours?: number;
}

/**
 * Who may read the report site: a Cognito user pool without self sign-up (administrators invite
 * readers by e-mail), TOTP MFA required, a `readers` group, the hosted sign-in with an app
 * client for the site (authorization code + PKCE, no secret: the edge function is public code),
 * and an SSM parameter telling the sign-in function where all this is. The pool is retained and
 * protected from deletion: it holds the readers.
 */
export class SiteReaders extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly group: string;
  readonly settingsParameter: StringParameter;

  constructor(scope: Construct, id: string, props: SiteReadersProps) {
    super(scope, id);
    this.group = props.group ?? 'readers';
    this.userPool = new UserPool(this, 'Readers', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(7) },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      userInvitation: {
        emailSubject: 'You are invited to the Handoff reports',
        emailBody: `You can now read the lead funnel and follow-up reports at ${props.siteUrl}/ . Sign in with {username} and the temporary password {####}; you will choose your own password and set up an authenticator app.`,
      },
    });
    acknowledge(this.userPool, 'AwsSolutions-COG8', "The Plus plan is billed per monthly active user and only adds threat protection; the Essentials plan has the hosted sign-in and TOTP MFA the site needs, for a handful of invited readers.");
    acknowledge(this.userPool, 'AwsSolutions-COG3', "Threat protection (advanced security) needs Cognito's Plus plan, priced per active user; readers are a handful of invited employees, MFA is required, and self sign-up is off.");

    // A globally unique, generated prefix: the stack's own id (a UUID), no chosen name to collide.
    const prefix = Fn.join('-', ['handoff', Fn.select(2, Fn.split('/', Aws.STACK_ID))]);
    this.domain = this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: prefix } });
    this.client = this.userPool.addClient('Site', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [props.siteUrl, ...(props.otherSiteUrls ?? [])].map((url) => `${url}${CALLBACK_PATH}`),
        logoutUrls: [props.siteUrl, ...(props.otherSiteUrls ?? [])].map((url) => `${url}${SIGNED_OUT_PATH}`),
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(props.sessionHours ?? 1),
      accessTokenValidity: Duration.hours(props.sessionHours ?? 1),
      // Password and MFA once per REFRESH_DAYS; signing out revokes the refresh token.
      refreshTokenValidity: Duration.days(REFRESH_DAYS),
      enableTokenRevocation: true,
    });

    const group = new CfnUserPoolGroup(this, 'ReadersGroup', { userPoolId: this.userPool.userPoolId, groupName: this.group, description: 'May read the Handoff report site' });
    for (const email of props.readers ?? []) {
      // The id follows from the address, not its place in the list: reordering changes nothing.
      const id = readerId(email);
      const user = new CfnUserPoolUser(this, id, {
        userPoolId: this.userPool.userPoolId,
        username: email,
        desiredDeliveryMediums: ['EMAIL'],
        userAttributes: [{ name: 'email', value: email }, { name: 'email_verified', value: 'true' }],
      });
      // A reader left out of a later deploy keeps the account (deleting readers is a decision, made in Cognito).
      user.applyRemovalPolicy(RemovalPolicy.RETAIN);
      const member = new CfnUserPoolUserToGroupAttachment(this, `${id}Group`, { userPoolId: this.userPool.userPoolId, groupName: this.group, username: email });
      member.applyRemovalPolicy(RemovalPolicy.RETAIN);
      member.node.addDependency(user);
      member.node.addDependency(group);
    }

    const settings: SignInSettings = {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      domain: `https://${this.domain.domainName}.auth.${Aws.REGION}.amazoncognito.com`,
      group: this.group,
    };
    this.settingsParameter = new StringParameter(this, 'SignInSettings', {
      parameterName: props.settingsParameterName,
      description: 'Where the report site sign-in (Lambda@Edge) finds the user pool; not secret',
      stringValue: Stack.of(this).toJsonString(settings),
    });
  }
}

/** A construct id for one reader, from the address (lower-cased): `Reader` and a short hash, stable across deploys. */
export function readerId(email: string): string {
  return `Reader${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 12)}`;
}

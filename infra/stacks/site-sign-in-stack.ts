import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EdgeLogRetention } from '../constructs/edge-log-retention.ts';
import { SiteSignIn } from '../constructs/site-sign-in.ts';

export interface SiteSignInStackProps extends StackProps {
  /** SSM parameter (in the site's region) the sign-in reads the user pool's settings from. */
  readonly settingsParameterName: string;
  readonly settingsParameterRegion: string;
}

/** The site's sign-in function, in us-east-1 because Lambda@Edge functions must be created there, and the daily retention of its replicas' logs. */
export class SiteSignInStack extends Stack {
  readonly signIn: SiteSignIn;

  constructor(scope: Construct, id: string, props: SiteSignInStackProps) {
    super(scope, id, props);
    this.signIn = new SiteSignIn(this, 'SignIn', { settingsParameterName: props.settingsParameterName, settingsParameterRegion: props.settingsParameterRegion });
    new EdgeLogRetention(this, 'EdgeLogRetention', { edgeFunction: this.signIn.function });
  }
}

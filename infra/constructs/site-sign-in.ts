import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CompositePrincipal, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type IVersion } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from '../nag.ts';
import { NODE_24, REPO_ROOT } from './handoff-function.ts';

export interface SiteSignInProps {
  /** Name of the SSM parameter holding the user pool's settings (JSON), written by the site stack. */
  readonly settingsParameterName: string;
  /** Region of that parameter (the site's region). */
  readonly settingsParameterRegion: string;
}

/**
 * The Lambda@Edge viewer-request function in front of the report site: verifies the reader's
 * Cognito ID token cookie (aws-jwt-verify), runs the hosted sign-in with PKCE, and serves
 * `index.html` for folder paths. Lambda@Edge's rules shape it: it must live in us-east-1, run on
 * x86_64 (arm64 is not offered at the edge), carry no environment variables (its settings'
 * location is compiled in), stay under 128 MB and 5 seconds, and be published as a version.
 * The function and its versions are retained on stack deletion: CloudFront removes replicas
 * only hours after a distribution lets go of them.
 */
export class SiteSignIn extends Construct {
  readonly function: NodejsFunction;
  readonly version: IVersion;

  constructor(scope: Construct, id: string, props: SiteSignInProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const role = new Role(this, 'Role', {
      assumedBy: new CompositePrincipal(new ServicePrincipal('lambda.amazonaws.com'), new ServicePrincipal('edgelambda.amazonaws.com')),
      description: 'Runs the report site sign-in at the edge',
    });
    // Replicas log in the region that served the viewer, to /aws/lambda/us-east-1.<function name>.
    const logGroups = `arn:${Aws.PARTITION}:logs:*:${Aws.ACCOUNT_ID}:log-group:/aws/lambda/us-east-1.${Aws.STACK_NAME}-*`;
    const homeLogGroup = `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:/aws/lambda/${Aws.STACK_NAME}-*`;
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroups, `${logGroups}:*`, homeLogGroup, `${homeLogGroup}:*`] }));
    const reason = "Lambda@Edge replicas write to /aws/lambda/us-east-1.<function name> in whichever region served the viewer, and the function's name is generated from this stack's name, so the ARN fixes the account and the stack's function-name prefix but not the region or the generated suffix.";
    for (const arn of [logGroups, `${logGroups}:*`, homeLogGroup, `${homeLogGroup}:*`]) acknowledgeWildcardResource(role, arn, reason);
    role.addToPrincipalPolicy(new PolicyStatement({
      actions: ['ssm:GetParameter'],
      resources: [stack.formatArn({ service: 'ssm', region: props.settingsParameterRegion, resource: 'parameter', resourceName: props.settingsParameterName.replace(/^\//, '') })],
    }));

    this.function = new NodejsFunction(this, 'Function', {
      entry: `${REPO_ROOT}infra/edge/handler.ts`,
      description: 'Report site sign-in (Lambda@Edge viewer request)',
      runtime: NODE_24,
      architecture: Architecture.X86_64,
      memorySize: 128,
      timeout: Duration.seconds(5),
      role,
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        platform: 'node',
        minify: true,
        sourceMap: false,
        mainFields: ['module', 'main'],
        externalModules: ['@aws-sdk/*'],
        define: {
          'process.env.HANDOFF_SIGN_IN_PARAMETER': JSON.stringify(props.settingsParameterName),
          'process.env.HANDOFF_SIGN_IN_REGION': JSON.stringify(props.settingsParameterRegion),
        },
        forceDockerBundling: false,
      },
    });
    this.function.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.version = this.function.currentVersion;
  }
}

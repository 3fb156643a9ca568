// Lambda@Edge entry of the site sign-in (viewer request). Lambda@Edge allows no environment
// variables, so the settings' location is written into the bundle at build time (esbuild `define`)
// and the settings themselves (user pool, client, domain: known only after deployment) are read
// once per container from an SSM parameter in the site's region. They cannot be compiled in:
// the distribution needs this function's version, and the Cognito client (whose id the settings
// hold) needs the distribution's address for its callback URL, so they exist only after it.
import { createRequire } from 'node:module';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { createSignInHandler, type IdTokenClaims, type SignInSettings } from './sign-in.ts';

const PARAMETER_NAME = process.env.HANDOFF_SIGN_IN_PARAMETER ?? '';
const PARAMETER_REGION = process.env.HANDOFF_SIGN_IN_REGION ?? '';

interface SsmModule {
  SSMClient: new (config: { region: string }) => { send(command: unknown): Promise<{ Parameter?: { Value?: string } }> };
  GetParameterCommand: new (input: { Name: string }) => unknown;
}

// The SSM client is the one every Node.js Lambda runtime ships (Lambda@Edge allows no layers, and
// bundling a second SDK client would only grow a package CloudFront caps at 1 MB).
const runtimeRequire = createRequire(import.meta.url);

let settings: Promise<SignInSettings> | undefined;
const verifiers = new Map<string, ReturnType<typeof CognitoJwtVerifier.create>>();

async function loadSettings(): Promise<SignInSettings> {
  const { SSMClient, GetParameterCommand } = runtimeRequire('@aws-sdk/client-ssm') as SsmModule;
  const result = await new SSMClient({ region: PARAMETER_REGION }).send(new GetParameterCommand({ Name: PARAMETER_NAME }));
  const parsed = JSON.parse(result.Parameter?.Value ?? '{}') as Partial<SignInSettings>;
  if (!parsed.userPoolId || !parsed.clientId || !parsed.domain || !parsed.group) throw new Error(`SSM parameter ${PARAMETER_NAME} in ${PARAMETER_REGION} lacks userPoolId, clientId, domain or group`);
  return parsed as SignInSettings;
}

async function verify(token: string, current: SignInSettings): Promise<IdTokenClaims> {
  const key = `${current.userPoolId}/${current.clientId}`;
  let verifier = verifiers.get(key);
  if (!verifier) {
    verifier = CognitoJwtVerifier.create({ userPoolId: current.userPoolId, tokenUse: 'id', clientId: current.clientId });
    verifiers.set(key, verifier);
  }
  return (await verifier.verify(token)) as unknown as IdTokenClaims;
}

/** Viewer-request handler: readers pass (folder paths served as index.html), everyone else signs in first. */
export const handler = createSignInHandler({
  settings: () => {
    settings ??= loadSettings().catch((error: unknown) => {
      settings = undefined; // try again on the next request rather than failing this container for good
      throw error;
    });
    return settings;
  },
  verify,
  fetch: (input, init) => fetch(input, init),
});

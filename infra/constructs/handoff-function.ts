import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, RuntimeFamily } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DUCKDB_EXTERNALS } from '../bundling/finish-asset.ts';

/** The repository root: entries, the lock file and `sql/` are found from here. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FINISH_ASSET = fileURLToPath(new URL('../bundling/finish-asset.ts', import.meta.url));

/** Node.js 24 on Lambda (the installed aws-cdk-lib names it; the fallback keeps older ones working). */
export const NODE_24: Runtime = (Runtime as unknown as Record<string, Runtime | undefined>)['NODEJS_24_X'] ?? new Runtime('nodejs24.x', RuntimeFamily.NODEJS);

/** Metrics namespace every Handoff function publishes to (Powertools). */
export const METRICS_NAMESPACE = 'Handoff';

/**
 * Where a function's bundle sits in its asset: `functions/<area>/index.mjs`, two folders deep like
 * `functions/core/`, whose modules find files relative to themselves (`new URL('../../sql/',
 * import.meta.url)`); in a bundle every module's URL is the bundle's, so `sql/` copied to the
 * asset's root resolves as it does in the repository.
 */
export function bundleDirOf(entry: string): string {
  const parts = entry.split('/');
  if (parts[0] !== 'functions' || parts.length < 3) throw new Error(`${entry}: Lambda entries live under functions/<area>/`);
  return parts.slice(0, 2).join('/');
}

export interface HandoffFunctionProps {
  /** Repository-relative path of the handler module, e.g. `functions/models/handler.ts` (it exports `handler`). */
  readonly entry: string;
  /** Powertools service name (`POWERTOOLS_SERVICE_NAME`), e.g. `handoff-models`. */
  readonly serviceName: string;
  readonly description: string;
  /** Default 1024 MB. */
  readonly memorySize?: number;
  /** Default 1 minute. */
  readonly timeout?: Duration;
  /** Default 512 MiB (Lambda's free allowance). */
  readonly ephemeralStorageSize?: Size;
  /** Function-specific environment, added to the Powertools settings. */
  readonly environment?: Record<string, string>;
  /** Repository folders the code reads at run time, copied into the asset (e.g. `['sql']`). Default none. */
  readonly copyFolders?: string[];
  /** Ship DuckDB with its linux-arm64 native binding next to the bundle. Default false. */
  readonly duckdb?: boolean;
  /** Days the function's logs are kept. Default three months. */
  readonly logRetention?: RetentionDays;
}

/**
 * One Handoff Lambda: Node.js 24 on arm64, bundled locally by esbuild as ESM (never Docker), its
 * own log group and a role that may write only to it, Powertools settings in the environment.
 */
export class HandoffFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: HandoffFunctionProps) {
    super(scope, id);
    const entry = resolve(REPO_ROOT, props.entry);
    const bundleDir = bundleDirOf(props.entry);
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention ?? RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: `Runs ${props.serviceName}` });
    this.logGroup.grantWrite(this.role);

    const finish = [`"${process.execPath}"`, `"${FINISH_ASSET}"`, '"{out}"', `"${bundleDir}"`,
      ...(props.copyFolders ?? []).flatMap((folder) => ['--copy', `"${folder}"`]),
      ...(props.duckdb ? ['--duckdb', 'linux-arm64'] : [])].join(' ');
    this.function = new NodejsFunction(this, 'Function', {
      entry,
      handler: `${bundleDir}/index.handler`,
      description: props.description,
      runtime: NODE_24,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(1),
      ephemeralStorageSize: props.ephemeralStorageSize ?? Size.mebibytes(512),
      role: this.role,
      logGroup: this.logGroup,
      projectRoot: REPO_ROOT,
      depsLockFilePath: resolve(REPO_ROOT, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        platform: 'node',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // The AWS SDK is bundled too: the versions the tests ran with are the ones deployed.
        externalModules: props.duckdb ? DUCKDB_EXTERNALS : [],
        banner: "import { createRequire as __handoffRequire } from 'node:module'; const require = __handoffRequire(import.meta.url);",
        forceDockerBundling: false,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [finish.replace('{out}', outputDir)],
        },
      },
    });
  }
}

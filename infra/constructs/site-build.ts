import { execFileSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ArnFormat, AssetHashType, DockerImage, IgnoreMode, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { BuildSpec, ComputeType, LinuxLambdaBuildImage, Project, Source } from 'aws-cdk-lib/aws-codebuild';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcardResource } from '../nag.ts';
import { REPO_ROOT } from './handoff-function.ts';
import type { LakeStorage } from './lake-storage.ts';
import type { ReportSite } from './report-site.ts';

export interface SiteBuildProps {
  readonly storage: LakeStorage;
  /** Lake prefix the site-data step writes the JSON files to. */
  readonly siteDataPrefix: string;
  readonly site: ReportSite;
  /** Encrypts the build's logs and artifacts. */
  readonly encryptionKey: IKey;
}

/**
 * Paths of the repository the site build needs, everything else left out of its source asset:
 * the package files (for `npm ci`), the Astro site, the shared build and this publish script.
 */
export const SITE_SOURCE_EXCLUDE = [
  '*', '.*',
  '!package.json', '!package-lock.json',
  '!site', '!site/**', 'site/node_modules', 'site/dist', 'site/.astro',
  '!functions', '!functions/publish', '!functions/publish/**',
  '!infra', '!infra/site-build', '!infra/site-build/**',
];

/** The CodeBuild platform the bundled dependencies are installed for (its native packages: esbuild, Rollup). */
export const SITE_BUILD_PLATFORM = { os: 'linux', cpu: 'x64' } as const;

/** The install run once at synth into the source asset, for the build's platform: never at night. */
export const SITE_INSTALL_ARGS = ['ci', '--omit=dev', `--os=${SITE_BUILD_PLATFORM.os}`, `--cpu=${SITE_BUILD_PLATFORM.cpu}`, '--no-audit', '--no-fund', '--loglevel=error'];

/** Runs a command in a folder (npm at synth); injected in tests. */
export type CommandRunner = (command: string, args: string[], cwd: string) => void;

const runCommand: CommandRunner = (command, args, cwd) => {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NPM_CONFIG_UPDATE_NOTIFIER: 'false' } });
};

/**
 * Writes the site build's source into `outputDir`: the repository paths the build needs and
 * their production dependencies, installed here for CodeBuild's platform, so the nightly build
 * runs offline: it holds write access to the site bucket and never fetches code.
 */
export function bundleSiteSource(outputDir: string, run: CommandRunner = runCommand, root = REPO_ROOT): void {
  for (const path of ['package.json', 'package-lock.json', 'site', 'functions/publish', 'infra/site-build']) {
    cpSync(join(root, path), join(outputDir, path), { recursive: true, filter: (src) => !/[\\/]site[\\/](node_modules|dist|\.astro)([\\/]|$)/.test(src) });
  }
  run(process.platform === 'win32' ? 'npm.cmd' : 'npm', SITE_INSTALL_ARGS, outputDir);
  if (run === runCommand && !existsSync(join(outputDir, 'node_modules', 'astro'))) throw new Error(`npm ${SITE_INSTALL_ARGS.join(' ')} left no node_modules/astro in the site build's source; see its output above`);
}

/**
 * The nightly site build: a CodeBuild project on Node.js 24 (Lambda compute, x86_64: the lock file
 * holds this platform's native packages; builds stop after CodeBuild's 15-minute Lambda limit) that checks out nothing. Its source is an S3 asset of the
 * site, its build and their dependencies, installed when the app is synthesized (`bundleSiteSource`);
 * at night it only runs `infra/site-build/publish.ts`, which downloads the night's site data,
 * builds with Astro and replaces the site bucket's files. Nothing is fetched from a registry.
 */
export class SiteBuild extends Construct {
  readonly project: Project;

  constructor(scope: Construct, id: string, props: SiteBuildProps) {
    super(scope, id);
    const source = new Asset(this, 'Source', {
      path: REPO_ROOT, exclude: SITE_SOURCE_EXCLUDE, ignoreMode: IgnoreMode.GLOB,
      // The hash covers the sources and the lock file; the dependencies follow from them.
      assetHashType: AssetHashType.SOURCE,
      bundling: {
        // Never used: local bundling always succeeds or throws (no Docker needed to deploy).
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
        local: { tryBundle: (outputDir: string) => { bundleSiteSource(outputDir); return true; } },
      },
    });
    const logs = new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    this.project = new Project(this, 'Project', {
      description: 'Builds the Handoff report site from the night\'s site data and publishes it',
      source: Source.s3({ bucket: source.bucket, path: source.s3ObjectKey }),
      environment: { buildImage: LinuxLambdaBuildImage.AMAZON_LINUX_2023_NODE_24, computeType: ComputeType.LAMBDA_4GB },
      environmentVariables: {
        SITE_DATA_BUCKET: { value: props.storage.lakeBucket.bucketName },
        SITE_DATA_PREFIX: { value: props.siteDataPrefix },
        SITE_BUCKET: { value: props.site.bucket.bucketName },
        ASTRO_TELEMETRY_DISABLED: { value: '1' },
        // Should anything call npm anyway, it finds no registry and no cache to fall back on.
        NPM_CONFIG_OFFLINE: { value: 'true' },
        NPM_CONFIG_UPDATE_NOTIFIER: { value: 'false' },
      },
      buildSpec: BuildSpec.fromObject({
        version: '0.2',
        phases: {
          install: { commands: ['node --version', 'test -d node_modules/astro'] },
          build: { commands: ['node infra/site-build/publish.ts'] },
        },
      }),
      encryptionKey: props.encryptionKey,
      logging: { cloudWatch: { logGroup: logs } },
    });
    const role = this.project.role!;
    props.storage.grantReadLakePrefix(role, props.siteDataPrefix);
    props.site.grantPublish(role);
    acknowledge(this.project, 'AwsSolutions-IAM5[Action::s3:GetObject*]', "aws-cdk-lib's grant for reading the site's source asset (one zip in the CDK bootstrap asset bucket) uses its standard action set.");
    acknowledge(this.project, 'AwsSolutions-IAM5[Action::s3:GetBucket*]', "aws-cdk-lib's grant for reading the site's source asset uses its standard action set, on the CDK bootstrap asset bucket only.");
    acknowledge(this.project, 'AwsSolutions-IAM5[Action::s3:List*]', "aws-cdk-lib's grant for reading the site's source asset uses its standard action set, on the CDK bootstrap asset bucket only.");
    acknowledge(this.project, 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', "aws-cdk-lib's grant on the night's own KMS key (build logs and artifacts) uses KMS's standard encrypt/decrypt set; the resource is that one key.");
    acknowledge(this.project, 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', "aws-cdk-lib's grant on the night's own KMS key (build logs and artifacts) uses KMS's standard encrypt/decrypt set; the resource is that one key.");
    const stack = Stack.of(this);
    const defaultLogs = stack.formatArn({ service: 'logs', resource: 'log-group', arnFormat: ArnFormat.COLON_RESOURCE_NAME, resourceName: `/aws/codebuild/${this.project.projectName}` });
    acknowledgeWildcardResource(this.project, `${defaultLogs}:*`, "CodeBuild's default log group for this project (/aws/codebuild/<project>) and its streams, whose names CodeBuild generates per build; aws-cdk-lib grants it to every project.");
    acknowledgeWildcardResource(this.project, stack.formatArn({ service: 'codebuild', resource: 'report-group', resourceName: `${this.project.projectName}-*` }),
      "aws-cdk-lib's standard grant for test report groups named after this project (<project>-*); the build writes no reports.");
  }
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadConfig, type HandoffConfig } from '../functions/core/config.ts';

/**
 * Deployment settings in one place; the only infra module that reads the environment or files.
 * Every setting has a default here, may be written in the committed deployment file
 * (`handoff.deploy.json` at the repository root, or `HANDOFF_DEPLOY_FILE`), and an environment
 * variable overrides both (see README, "Deploy on AWS").
 */
export interface DeployConfig {
  /** The deployment's name: the prefix of its stacks (`<name>Storage`, …), so two deployments fit in one account and region. */
  name: string;
  /** AWS account to deploy to; unset means the CLI credentials' account (env-agnostic synth). */
  account?: string;
  /** Region of the lake, the night and the site's origin (the sign-in check always runs from us-east-1). */
  region: string;
  /** Days raw exports' replaced (non-current) versions are kept. Current versions are never expired. */
  retentionDays: number;
  /** Days Athena query results are kept. */
  athenaResultsDays: number;
  /** When the night starts: an EventBridge Scheduler expression and the IANA time zone it is read in. */
  schedule: { expression: string; timeZone: string };
  /** Athena cancels any single query that would scan more than this many bytes. */
  bytesScannedCutoffPerQuery: number;
  /** Export dates Athena's partition projection considers (`projection.export_date.range`). */
  exportDateRange: string;
  /** Sources whose exports must arrive every night, or the night fails (raw bucket folders). */
  expectedSources: string[];
  /** The Handoff config (calendars, SLA targets, mappings) the Lambdas run with, validated. */
  handoff: HandoffConfig;
  /** The same config as the JSON text given (minified), passed to the Lambdas as `CONFIG_JSON`. */
  handoffConfigJson: string;
  /** E-mail addresses invited as readers of the report site when the stack is first deployed. */
  readers: string[];
  /** E-mail addresses told when a night fails or an export lands in the dead-letter queue. */
  alertEmails: string[];
  /** How the raw and lake buckets are encrypted: `s3` (SSE-S3) or `kms` (a customer-managed key). */
  lakeEncryption: 'kms' | 's3';
  /** Exports of more bytes than this load in a Fargate task instead of the ingest Lambda. */
  largeExportBytes: number;
  /** How long the night waits for ingest to load the night's exports before it fails, in minutes (checked every 3). */
  ingestWaitMinutes: number;
  /** The report site's own name and its ACM certificate in us-east-1; unset: its *.cloudfront.net name. */
  domain?: { name: string; certificateArn: string };
}

/** What a deployment gets when nothing is set. */
export const DEFAULTS = {
  name: 'Handoff',
  region: 'eu-west-1',
  retentionDays: 90,
  athenaResultsDays: 30,
  schedule: { expression: 'cron(0 5 * * ? *)', timeZone: 'UTC' },
  bytesScannedCutoffPerQuery: 100 * 1024 ** 3,
  exportDateRange: 'NOW-5YEARS,NOW+1DAYS',
  expectedSources: ['salesforce'],
  lakeEncryption: 's3',
  largeExportBytes: 1024 ** 3,
  ingestWaitMinutes: 60,
} as const;

/** Athena's smallest allowed per-query cutoff (10 MB). */
const MIN_SCAN_CUTOFF = 10 * 1024 ** 2;

/** Thrown for a deployment setting that cannot work; says which variable and what to write. */
export class DeployConfigError extends Error {
  override name = 'DeployConfigError';
}

/** The committed deployment file: every field optional, each validated as its variable is. */
const deployFileSchema = z.strictObject({
  name: z.string().optional(),
  /** The report site's own name and the ARN of its ACM certificate, which must be in us-east-1. */
  domain: z.strictObject({ name: z.string(), certificateArn: z.string() }).optional(),
  account: z.string().regex(/^\d{12}$/, 'an AWS account id is 12 digits').optional(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'a region name like "eu-west-1"').optional(),
  readers: z.array(z.string()).optional(),
  alertEmails: z.array(z.string()).optional(),
  schedule: z.strictObject({ expression: z.string(), timeZone: z.string().optional() }).optional(),
  expectedSources: z.array(z.string()).optional(),
  retentionDays: z.number().int().positive().optional(),
  athenaResultsDays: z.number().int().positive().optional(),
  scanCutoffGb: z.number().positive().optional(),
  exportDateRange: z.string().optional(),
  /** The first export's date: partition projection starts there (`<date>,NOW+1DAYS`), so Athena lists no empty days before it. */
  firstExportDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like "2026-11-01"').optional(),
  lakeEncryption: z.enum(['s3', 'kms']).optional(),
  /** Exports larger than this many GB load in a Fargate task (no 15-minute or 10 GB disk limit) instead of the Lambda. */
  largeExportGb: z.number().positive().optional(),
  /** Minutes the night waits for ingest (a large export in the Fargate task may take more than the default hour). */
  ingestWaitMinutes: z.number().int().positive().optional(),
  /** The Handoff config file (calendars, SLAs, mappings), relative to the deployment file. */
  config: z.string().optional(),
});

/** Where the deployment file is looked for when `HANDOFF_DEPLOY_FILE` is not set. */
export const DEFAULT_DEPLOY_FILE = fileURLToPath(new URL('../handoff.deploy.json', import.meta.url));

/**
 * Reads the deployment file (if there is one) as the variables it stands for, so one set of
 * rules validates both; variables set in the environment win over the file.
 */
export function deployFileVariables(path: string): Record<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DeployConfigError(`${path} is not readable JSON: ${(error as Error).message}`);
  }
  const parsed = deployFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DeployConfigError(`${path}: ${issue.path.join('.') || '(top level)'}: ${issue.message}; see README, "Deploy on AWS", for the fields`);
  }
  const f = parsed.data;
  const vars: Record<string, string | undefined> = {
    HANDOFF_NAME: f.name,
    HANDOFF_DOMAIN_NAME: f.domain?.name,
    HANDOFF_CERTIFICATE_ARN: f.domain?.certificateArn,
    HANDOFF_ACCOUNT: f.account,
    HANDOFF_REGION: f.region,
    HANDOFF_READERS: f.readers?.join(','),
    HANDOFF_ALERT_EMAILS: f.alertEmails?.join(','),
    HANDOFF_SCHEDULE: f.schedule?.expression,
    HANDOFF_SCHEDULE_TIME_ZONE: f.schedule?.timeZone,
    HANDOFF_EXPECTED_SOURCES: f.expectedSources?.join(','),
    HANDOFF_RETENTION_DAYS: f.retentionDays?.toString(),
    HANDOFF_ATHENA_RESULTS_DAYS: f.athenaResultsDays?.toString(),
    HANDOFF_SCAN_CUTOFF_GB: f.scanCutoffGb?.toString(),
    HANDOFF_EXPORT_DATE_RANGE: f.exportDateRange ?? (f.firstExportDate ? `${f.firstExportDate},NOW+1DAYS` : undefined),
    HANDOFF_LAKE_ENCRYPTION: f.lakeEncryption,
    HANDOFF_LARGE_EXPORT_GB: f.largeExportGb?.toString(),
    HANDOFF_INGEST_WAIT_MINUTES: f.ingestWaitMinutes?.toString(),
    HANDOFF_CONFIG: f.config ? resolve(dirname(path), f.config) : undefined,
  };
  return Object.fromEntries(Object.entries(vars).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * Reads the deployment settings: the deployment file, then CDK's `CDK_DEFAULT_ACCOUNT`/
 * `CDK_DEFAULT_REGION` under it (the file's account and region win over the CLI profile's), and
 * `HANDOFF_*` variables over everything.
 */
export function loadDeployConfig(processEnv: NodeJS.ProcessEnv = process.env, deployFile = processEnv['HANDOFF_DEPLOY_FILE'] || DEFAULT_DEPLOY_FILE): DeployConfig {
  const fromFile = existsSync(deployFile) ? deployFileVariables(deployFile) : {};
  if (processEnv['HANDOFF_DEPLOY_FILE'] && !existsSync(deployFile)) throw new DeployConfigError(`HANDOFF_DEPLOY_FILE names ${deployFile}, which does not exist`);
  const env: NodeJS.ProcessEnv = { ...fromFile, ...Object.fromEntries(Object.entries(processEnv).filter(([, v]) => v !== undefined && v !== '')) };
  const account = env['HANDOFF_ACCOUNT'] || env['CDK_DEFAULT_ACCOUNT'];
  const configFile = env['HANDOFF_CONFIG']?.trim();
  const { handoff, json } = readHandoffConfig(configFile);
  return {
    name: deploymentName(env['HANDOFF_NAME']),
    ...(account ? { account } : {}),
    region: env['HANDOFF_REGION'] || env['CDK_DEFAULT_REGION'] || DEFAULTS.region,
    retentionDays: positiveInteger(env, 'HANDOFF_RETENTION_DAYS', DEFAULTS.retentionDays),
    athenaResultsDays: positiveInteger(env, 'HANDOFF_ATHENA_RESULTS_DAYS', DEFAULTS.athenaResultsDays),
    schedule: {
      expression: scheduleExpression(env['HANDOFF_SCHEDULE'] || DEFAULTS.schedule.expression),
      timeZone: timeZone(env['HANDOFF_SCHEDULE_TIME_ZONE'] || DEFAULTS.schedule.timeZone),
    },
    bytesScannedCutoffPerQuery: scanCutoff(env['HANDOFF_SCAN_CUTOFF_GB']),
    exportDateRange: env['HANDOFF_EXPORT_DATE_RANGE'] || DEFAULTS.exportDateRange,
    expectedSources: sources(env['HANDOFF_EXPECTED_SOURCES']),
    handoff,
    handoffConfigJson: json,
    readers: emails(env, 'HANDOFF_READERS'),
    alertEmails: emails(env, 'HANDOFF_ALERT_EMAILS'),
    lakeEncryption: lakeEncryption(env['HANDOFF_LAKE_ENCRYPTION']),
    largeExportBytes: largeExportBytes(env['HANDOFF_LARGE_EXPORT_GB']),
    ingestWaitMinutes: ingestWaitMinutes(env['HANDOFF_INGEST_WAIT_MINUTES']),
    ...siteDomain(env['HANDOFF_DOMAIN_NAME'], env['HANDOFF_CERTIFICATE_ARN']),
  };
}

function lakeEncryption(text: string | undefined): 'kms' | 's3' {
  const value = (text || DEFAULTS.lakeEncryption).trim().toLowerCase();
  if (value !== 'kms' && value !== 's3') throw new DeployConfigError(`HANDOFF_LAKE_ENCRYPTION "${text}" is not "s3" (SSE-S3, the default) or "kms" (a customer-managed key for the raw and lake buckets)`);
  return value;
}

function siteDomain(name: string | undefined, certificateArn: string | undefined): { domain?: { name: string; certificateArn: string } } {
  if (!name && !certificateArn) return {};
  if (!name || !certificateArn) throw new DeployConfigError('HANDOFF_DOMAIN_NAME and HANDOFF_CERTIFICATE_ARN go together: the site\'s name and the ACM certificate for it');
  if (!/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(name)) throw new DeployConfigError(`HANDOFF_DOMAIN_NAME "${name}" is not a host name like "reports.example.com" (lower case, no scheme or path)`);
  if (!/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/.test(certificateArn)) throw new DeployConfigError(`HANDOFF_CERTIFICATE_ARN "${certificateArn}" is not an ACM certificate in us-east-1; CloudFront only uses certificates from us-east-1 (request one there for ${name}, validated by DNS)`);
  return { domain: { name, certificateArn } };
}

function deploymentName(text: string | undefined): string {
  const name = text || DEFAULTS.name;
  if (!/^[A-Z][A-Za-z0-9]{0,19}$/.test(name)) throw new DeployConfigError(`HANDOFF_NAME "${name}" is not a deployment name; use a capital letter then up to 19 letters and digits, e.g. "HandoffEmea" (stacks are named <name>Storage, <name>Night, …)`);
  return name;
}

function ingestWaitMinutes(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULTS.ingestWaitMinutes;
  const minutes = Number(text);
  // The whole night may take 4 hours; the models and the site need the rest.
  if (!Number.isInteger(minutes) || minutes < 3 || minutes > 180) throw new DeployConfigError(`HANDOFF_INGEST_WAIT_MINUTES "${text}" must be a whole number of minutes from 3 to 180 (the night stops after 4 hours)`);
  return minutes;
}

function largeExportBytes(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULTS.largeExportBytes;
  const gb = Number(text);
  if (!Number.isFinite(gb) || gb <= 0) throw new DeployConfigError(`HANDOFF_LARGE_EXPORT_GB "${text}" is not a positive number of GB; exports larger than it load in a Fargate task (default 1)`);
  return Math.round(gb * 1024 ** 3);
}

function readHandoffConfig(path: string | undefined): { handoff: HandoffConfig; json: string } {
  if (!path) return { handoff: loadConfig(), json: '{}' };
  const absolute = resolve(path);
  const handoff = loadConfig(absolute);
  // The Lambdas validate CONFIG_JSON with the same schema, so the file's own (smaller) text is enough.
  const json = JSON.stringify(JSON.parse(readFileSync(absolute, 'utf8')));
  // Lambda allows 4 KB of environment variables per function, shared with the other settings.
  if (json.length > 3000) throw new DeployConfigError(`HANDOFF_CONFIG ${path} is ${json.length} characters as JSON; the Lambdas receive it as an environment variable, which allows about 3,000 — remove defaults you did not change`);
  return { handoff, json };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new DeployConfigError(`${name} "${text}" is not a whole number of days of at least 1`);
  return value;
}

function scheduleExpression(expression: string): string {
  if (!/^(cron\(.+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/.test(expression)) {
    throw new DeployConfigError(`HANDOFF_SCHEDULE "${expression}" is not an EventBridge Scheduler expression; write it like "cron(0 5 * * ? *)" (05:00 every day)`);
  }
  return expression;
}

function timeZone(name: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
  } catch {
    throw new DeployConfigError(`HANDOFF_SCHEDULE_TIME_ZONE "${name}" is not an IANA time zone; use a name like "Europe/Berlin"`);
  }
  return name;
}

function scanCutoff(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULTS.bytesScannedCutoffPerQuery;
  const gb = Number(text);
  const bytes = Math.round(gb * 1024 ** 3);
  if (!Number.isFinite(gb) || bytes < MIN_SCAN_CUTOFF) throw new DeployConfigError(`HANDOFF_SCAN_CUTOFF_GB "${text}" must be a number of GB of at least 0.01 (Athena's 10 MB minimum)`);
  return bytes;
}

function sources(text: string | undefined): string[] {
  if (!text) return [...DEFAULTS.expectedSources];
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const source of list) {
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(source)) throw new DeployConfigError(`HANDOFF_EXPECTED_SOURCES names "${source}"; use the raw bucket's folder names, e.g. "salesforce,marketo"`);
  }
  if (!list.length) throw new DeployConfigError('HANDOFF_EXPECTED_SOURCES names no source; e.g. "salesforce"');
  return [...new Set(list)];
}

function emails(env: NodeJS.ProcessEnv, name: string): string[] {
  const list = (env[name] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const email of list) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new DeployConfigError(`${name} names "${email}", which is not an e-mail address; separate addresses with commas`);
  }
  return [...new Set(list.map((e) => e.toLowerCase()))];
}

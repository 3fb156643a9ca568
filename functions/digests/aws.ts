// Delivery in AWS: the site data comes from the lake bucket, the digests and the ledger go back to it, reps' addresses
// come from the CRM user tables the models step wrote, email goes through Amazon SES and Slack webhook URLs come from a
// Secrets Manager secret. The same compose, render, address and deliver code as `handoff deliver`; only these edges differ.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GlueClient } from '@aws-sdk/client-glue';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { DATA_FILES } from '../../site/src/lib/data.ts';
import type { HandoffConfig } from '../core/config.ts';
import { DuckDbEngine } from '../core/duckdb-engine.ts';
import { ConfigError } from '../core/errors.ts';
import { sqlString } from '../core/sql.ts';
import { loadTablesFromLake } from '../night/steps/marts-from-lake.ts';
import { listKeys } from '../models/prune-runs.ts';
import { handoffConfig, required } from '../models/config.ts';
import { slackWebhookVariable } from '../core/delivery-config.ts';
import { DIGEST_LIST_METRICS } from './compose.ts';
import { CRM_USER_TABLES, crmEmails } from './crm-emails.ts';
import { deliverDigests, readFromFolder, type Outcome } from './deliver.ts';
import { ledgerKey, sentKeys, type Ledger, type LedgerEntry } from './ledger.ts';
import { DeliveryFailure, webhookSender, type EmailSender } from './transports.ts';
import { writeDigests } from './write.ts';

/** SES errors that a later attempt may get past; the rest (unverified sender, rejected message) are final. */
const SES_RETRYABLE = new Set(['TooManyRequestsException', 'LimitExceededException', 'ThrottlingException', 'ServiceUnavailable', 'InternalFailure', 'TimeoutError']);

/** Email through Amazon SES v2, from a verified identity. */
export function sesSender(ses: SESv2Client, from: string): EmailSender {
  return {
    async send(to, message) {
      try {
        await ses.send(new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [to] },
          Content: { Simple: { Subject: { Data: message.subject, Charset: 'UTF-8' }, Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } } } },
        }));
      } catch (error) {
        const name = (error as Error).name;
        throw new DeliveryFailure(`SES did not send it (${name}): ${(error as Error).message}`, SES_RETRYABLE.has(name));
      }
    },
    close: () => {},
  };
}

/**
 * The Slack webhook URLs, keyed as `handoff deliver` reads them from the environment (HANDOFF_SLACK_WEBHOOK_<NAME>),
 * from a secret holding a JSON object of webhook name → URL, e.g. { "sales_east": "https://hooks.slack.com/services/…" }.
 */
export async function slackWebhooksFromSecret(secrets: SecretsManagerClient, secretId: string): Promise<Record<string, string>> {
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(SecretString ?? '{}');
  } catch {
    throw new ConfigError(`the Slack webhooks secret ${secretId} is not JSON; store an object like {"sales_east": "https://hooks.slack.com/services/…"}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`the Slack webhooks secret ${secretId} must hold a JSON object of webhook name → URL`);
  return Object.fromEntries(Object.entries(parsed).filter(([, url]) => typeof url === 'string').map(([name, url]) => [slackWebhookVariable(name), url as string]));
}

async function readText(s3: S3Client, bucket: string, key: string): Promise<string | null> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await object.Body?.transformToString('utf-8')) ?? '';
  } catch (error) {
    if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') return null;
    throw error;
  }
}

/** Copies the night's site data files (and the list files digests quote) from the lake into a local folder, so the digests are composed as on a laptop. */
export async function downloadSiteData(s3: S3Client, bucket: string, prefix: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const file of DATA_FILES) {
    const text = await readText(s3, bucket, `${prefix}${file}`);
    if (text === null) throw new ConfigError(`s3://${bucket}/${prefix}${file} is missing: the site data step has not written this night's data`);
    writeFileSync(join(dir, file), text);
  }
  // The list files a digest quotes (a dozen small files); the site's other lists stay in the bucket.
  mkdirSync(join(dir, 'lists'), { recursive: true });
  for (const metric of DIGEST_LIST_METRICS) {
    for (const key of await listKeys(s3, bucket, `${prefix}lists/${metric.replaceAll('_', '-')}.`)) {
      writeFileSync(join(dir, 'lists', key.slice(`${prefix}lists/`.length)), (await readText(s3, bucket, key)) ?? '');
    }
  }
}

/** Uploads every file of a local digests folder under a prefix (the night's digests, readable without sending). */
export async function uploadDigests(s3: S3Client, bucket: string, prefix: string, dir: string): Promise<string[]> {
  const keys: string[] = [];
  for (const file of readdirSync(dir).sort()) {
    const key = `${prefix}${file}`;
    const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : file.endsWith('.txt') ? 'text/plain; charset=utf-8' : 'application/json';
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(join(dir, file)), ContentType: type }));
    keys.push(key);
  }
  return keys;
}

/** The ledger as one S3 object (JSON lines), rewritten after each delivery so a retried Lambda never sends twice. */
export async function s3Ledger(s3: S3Client, bucket: string, key: string): Promise<Ledger> {
  let text = (await readText(s3, bucket, key)) ?? '';
  const sent = sentKeys(text);
  return {
    wasSent: (night, digest, channel, recipient) => sent.has(ledgerKey(night, digest, channel, recipient)),
    async record(entry: LedgerEntry) {
      text += `${JSON.stringify(entry)}\n`;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: text, ContentType: 'application/x-ndjson' }));
      if (entry.status === 'sent') sent.add(ledgerKey(entry.night, entry.digest, entry.channel, entry.recipient));
    },
  };
}

/**
 * Reps' addresses from the CRM user export, by the same query as `handoff run` (crmEmails), over the staging tables
 * the models step wrote on Athena (found through the Glue catalog, read into DuckDB). Only the opted-in reps are asked for.
 */
export async function crmEmailsFromLake(deps: { glue: GlueClient; s3: S3Client }, database: string, repIds: readonly string[], scratchDir: string): Promise<Map<string, string>> {
  if (repIds.length === 0) return new Map();
  const engine = await DuckDbEngine.open({ tempDirectory: join(scratchDir, 'spill'), threads: 1, memoryLimit: '256MB' });
  try {
    // DuckDB's home (extensions, secrets) must be writable: in Lambda only /tmp is.
    await engine.execute(`set home_directory = ${sqlString(scratchDir)}`);
    await loadTablesFromLake(deps, engine, { database, tables: [...CRM_USER_TABLES], scratchDir: join(scratchDir, 'users') });
    return await crmEmails(engine, repIds);
  } finally {
    await engine.close();
  }
}

/** The delivery step's settings, read from its environment once per container. */
export interface DigestStepConfig {
  lakeBucket: string;
  /** The Glue database the models step writes its tables to (the CRM user tables: reps' addresses). */
  modelsDatabase: string;
  /** Where the site data step wrote the night's JSON files ('' or ending in "/"). */
  siteDataPrefix: string;
  /** Where the digests and the ledger go ('' or ending in "/"). */
  digestsPrefix: string;
  /** The SES sender: a verified identity's address, e.g. "Handoff <handoff@example.com>". */
  sender: string | null;
  /** The secret holding the Slack webhook URLs, when any Slack recipient is configured. */
  slackSecretId: string | null;
  config: HandoffConfig;
  scratchDir: string;
}

function prefixOf(env: NodeJS.ProcessEnv, name: string): string {
  const prefix = (env[name] ?? '').trim().replace(/^\/+/, '');
  if (prefix && !prefix.endsWith('/')) throw new ConfigError(`${name} "${prefix}" must end with "/" (for example "_digests/")`);
  return prefix;
}

/** Reads `LAKE_BUCKET`, `GLUE_DATABASE`, `SITE_DATA_PREFIX`, `DIGESTS_PREFIX`, `DIGEST_SENDER` (or the config's delivery.from), `SLACK_WEBHOOKS_SECRET` and `CONFIG_JSON`. */
export function readDigestStepConfig(env: NodeJS.ProcessEnv): DigestStepConfig {
  const config = handoffConfig(env);
  return {
    lakeBucket: required(env, 'LAKE_BUCKET', 'the lake bucket holding the site data'),
    modelsDatabase: required(env, 'GLUE_DATABASE', 'the Glue database of the models, holding the CRM user tables'),
    siteDataPrefix: prefixOf(env, 'SITE_DATA_PREFIX'),
    digestsPrefix: prefixOf(env, 'DIGESTS_PREFIX'),
    sender: env['DIGEST_SENDER']?.trim() || config.delivery.from || null,
    slackSecretId: env['SLACK_WEBHOOKS_SECRET']?.trim() || null,
    config,
    scratchDir: join(env['TMPDIR'] || '/tmp', 'handoff-digests'),
  };
}

/** AWS clients the delivery step uses. */
export interface DigestClients {
  s3: S3Client;
  glue: GlueClient;
  ses: SESv2Client;
  secrets: SecretsManagerClient;
}

/** The night's delivery in AWS: compose from the lake's site data, keep the digests in the lake, send what is due. */
export async function deliverNightInAws(clients: DigestClients, settings: DigestStepConfig, now: Date): Promise<{ digests: number; outcomes: Outcome[] }> {
  const { s3 } = clients;
  const siteDataDir = join(settings.scratchDir, 'site-data');
  const digestsDir = join(settings.scratchDir, 'digests');
  rmSync(settings.scratchDir, { recursive: true, force: true });
  await downloadSiteData(s3, settings.lakeBucket, settings.siteDataPrefix, siteDataDir);
  const delivery = settings.config.delivery;
  const repIds = Object.keys(delivery.reps);
  const repEmails = await crmEmailsFromLake(clients, settings.modelsDatabase, repIds, join(settings.scratchDir, 'crm-users'));
  const index = writeDigests(siteDataDir, digestsDir, { siteUrl: delivery.site_url ?? null, repIds, repEmails });
  await uploadDigests(s3, settings.lakeBucket, `${settings.digestsPrefix}${index.as_of.slice(0, 10)}/`, digestsDir);
  const outcomes = await deliverDigests({
    index,
    read: readFromFolder(digestsDir),
    delivery,
    timeZone: settings.config.calendar.timezone,
    now,
    email: settings.sender ? sesSender(clients.ses, settings.sender) : { unavailable: 'no sender: set the DigestSender parameter (an SES verified identity) or delivery.from' },
    slack: webhookSender(),
    webhooks: settings.slackSecretId ? await slackWebhooksFromSecret(clients.secrets, settings.slackSecretId) : {},
    ledger: await s3Ledger(s3, settings.lakeBucket, `${settings.digestsPrefix}ledger.jsonl`),
  });
  return { digests: index.digests.length, outcomes };
}

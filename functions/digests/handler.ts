/**
 * The delivery step, after the site is published: composes the night's digests from the site data in the lake,
 * keeps them under DIGESTS_PREFIX, and sends what is due through Amazon SES and Slack webhooks (URLs from Secrets
 * Manager). A message that fails after its retries is reported and counted (metric DigestsFailed, alarmed on); it
 * never fails the step, so the night's data and site stand. Settings: see readDigestStepConfig in ./aws.ts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Context } from 'aws-lambda';
import { deliverNightInAws, readDigestStepConfig } from './aws.ts';
import { outcomeLine } from './deliver.ts';

// Created once per container and reused by every invocation it serves.
const settings = readDigestStepConfig(process.env);
const logger = new Logger({ serviceName: 'handoff-digests' });
const metrics = new Metrics({ namespace: 'Handoff', serviceName: 'handoff-digests' });
const clients = { s3: new S3Client({}), glue: new GlueClient({}), ses: new SESv2Client({}), secrets: new SecretsManagerClient({}) };

/** Step Functions task: the night's digests, delivered; returns how many were sent, failed and skipped. */
export const handler = async (_event: unknown, context: Context): Promise<{ digests: number; sent: number; failed: number; skipped: number }> => {
  logger.addContext(context);
  try {
    const { digests, outcomes } = await deliverNightInAws(clients, settings, new Date());
    for (const outcome of outcomes) (outcome.status === 'failed' ? logger.warn : logger.info).call(logger, outcomeLine(outcome), { outcome });
    const count = (...statuses: string[]) => outcomes.filter((o) => statuses.includes(o.status)).length;
    const result = { digests, sent: count('sent'), failed: count('failed'), skipped: count('skipped', 'not due', 'already sent') };
    metrics.addMetric('DigestsSent', MetricUnit.Count, result.sent);
    metrics.addMetric('DigestsFailed', MetricUnit.Count, result.failed);
    return result;
  } finally {
    metrics.publishStoredMetrics();
  }
};

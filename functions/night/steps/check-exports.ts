/**
 * The check-exports step: the night's first step after the overlap guard. Lists the raw bucket
 * for each expected source's exports of the night and fails with `ExportsMissingError` (naming
 * the sources) when any is missing, so the state machine stops with that reason instead of
 * publishing a stale night as fresh. Then waits for ingest: every export of the night must have
 * an ingest receipt for its current version and the ingest queue must be empty, or the step
 * fails with `IngestPendingError`, which the state machine retries (bounded) before giving up.
 *
 * Event: `{ "night"?: "2026-11-20" }` or a scheduled event (its `time` gives the night); by default
 * today (UTC). Returns `{ ok: true, night, missing: [], found, objects }`.
 *
 * Environment (read once, in ./config.ts):
 * - `RAW_BUCKET`: bucket the nightly exports arrive in (`<source>/<YYYY-MM-DD>/…`)
 * - `EXPECTED_SOURCES`: comma-separated sources that must send exports every night, e.g. `salesforce`
 * - `LAKE_BUCKET`: lake bucket, whose `_receipts/` the ingest function writes
 * - `INGEST_QUEUE_URL`: the ingest queue
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { readCheckExportsConfig } from './config.ts';
import { parseCheckExportsEvent } from './events.ts';
import { checkExports, ExportsMissingError, nightOf } from './exports.ts';
import { IngestPendingError, ingestProgress } from './ingest-wait.ts';

// Created once per container and reused by every invocation it serves.
const settings = readCheckExportsConfig(process.env);
const logger = new Logger({ serviceName: 'handoff-check-exports' });
const metrics = new Metrics({ namespace: 'Handoff', serviceName: 'handoff-check-exports' });
const s3 = new S3Client({});
const sqs = new SQSClient({});

/** Step Functions task: did every expected source send the night's exports, and are they all in the lake? */
export const handler = async (event: unknown, context: Context): Promise<{ ok: true; night: string; missing: string[]; found: Record<string, number>; objects: number }> => {
  logger.addContext(context);
  try {
    const night = nightOf(parseCheckExportsEvent(event), new Date());
    const check = await checkExports(s3, settings.rawBucket, settings.expectedSources, night);
    metrics.addMetric('ExportSourcesMissing', MetricUnit.Count, check.missing.length);
    if (check.missing.length) {
      const error = new ExportsMissingError(night, check.missing, settings.rawBucket);
      logger.error('exports missing; the night stops here', { night, missing: check.missing, found: check.found });
      throw error;
    }
    const progress = await ingestProgress({ s3, sqs }, { lakeBucket: settings.lakeBucket, queueUrl: settings.ingestQueueUrl }, check.objects);
    metrics.addMetric('ExportsNotIngested', MetricUnit.Count, progress.pending.length);
    if (progress.pending.length || progress.queued) {
      logger.warn('ingest not finished; the night waits', { night, pending: progress.pending, queued: progress.queued });
      throw new IngestPendingError(night, progress.pending, progress.queued);
    }
    logger.info('exports arrived and ingested', { night, found: check.found });
    return { ok: true, night, missing: [], found: check.found, objects: check.objects.length };
  } catch (error) {
    if (!(error instanceof ExportsMissingError) && !(error instanceof IngestPendingError)) logger.error('exports could not be checked', { error: error as Error });
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
};

/**
 * The models function: runs every SQL model of the night on Athena (seeds, models in dependency
 * order, data tests, data_health), the same SQL files and domain code as `handoff run`.
 *
 * Event (from Step Functions): `{ "asOf"?: "2026-11-20T06:00:00Z" }`. Returns the as-of time, the
 * run id and rows per mart.
 *
 * Environment (read once, in ./config.ts):
 * - `ATHENA_WORKGROUP`: workgroup whose settings enforce the result location and its encryption
 * - `GLUE_DATABASE`: Glue database the models, seeds and data test results are written to
 * - `LAKE_DATABASE`: Glue database of the lake's source tables (`<source>_<object>`, `handoff_ingest_log`)
 * - `LAKE_BUCKET`: lake bucket; models are written under `_models/<name>/<run-id>/` (earlier runs'
 *   folders are removed after a successful run), seeds under `_seeds/`
 * - `CONFIG_JSON`: the Handoff config as JSON (optional; defaults otherwise)
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { AthenaClient } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { readModelsFunctionConfig } from './config.ts';
import { parseModelsEvent, runIdFor } from './event.ts';
import { pruneEarlierRuns } from './prune-runs.ts';
import { runModelsOnAthena, type ModelsSummary } from './run-on-athena.ts';

// Created once per container and reused by every invocation it serves.
const settings = readModelsFunctionConfig(process.env);
const logger = new Logger({ serviceName: 'handoff-models' });
const metrics = new Metrics({ namespace: 'Handoff', serviceName: 'handoff-models' });
// Athena throttles bursts of StartQueryExecution (TooManyRequestsException); the SDK retries them.
const athena = new AthenaClient({ maxAttempts: 8 });
const s3 = new S3Client({});

/** Step Functions task: builds every model on Athena and returns rows per mart. */
export const handler = async (event: unknown, context: Context): Promise<ModelsSummary> => {
  logger.addContext(context);
  metrics.captureColdStartMetric();
  try {
    const { asOf } = parseModelsEvent(event);
    const runId = runIdFor(new Date(), context.awsRequestId);
    logger.info('models starting', { runId, asOf: asOf ?? 'newest record change in the lake' });
    const summary = await runModelsOnAthena({ athena, s3 }, settings, {
      runId,
      ...(asOf ? { asOf } : {}),
      onModel: (run) => logger.info('model built', { ...run }),
    });
    metrics.addMetric('ModelsBuilt', MetricUnit.Count, summary.models);
    logger.info('models done', { ...summary });
    // Only after every table points at this run's files may the earlier runs' files go.
    const pruned = await pruneEarlierRuns(s3, settings.lakeBucket, runId);
    logger.info('earlier model runs removed', pruned);
    return summary;
  } catch (error) {
    metrics.addMetric('ModelsFailed', MetricUnit.Count, 1);
    logger.error('models failed; the night stops here', { error: error as Error });
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
};

/**
 * The models function: the two ends of the night's models on Athena, the same SQL files and
 * domain code as `handoff run`. The tables themselves are built by the state machine (one
 * Distributed Map per dependency level, each table one `startQueryExecution.sync`).
 *
 * Events (from Step Functions):
 * - `{ "step": "plan", "execution": "<name>", "startedAt": "<ISO>", "asOf"?: "<ISO UTC>" }`: mapped
 *   views, seeds, and the night's CTAS per level written to `_plans/<run-id>/`; returns the plan.
 * - `{ "step": "finish", "plan": <the plan> }`: checks, rows per mart, every table swapped in,
 *   tonight's history snapshot written to `_history/` and the history pruned, earlier runs' files
 *   removed; returns the as-of time, the run id and rows per mart.
 *
 * Environment (read once, in ./config.ts):
 * - `ATHENA_WORKGROUP`: workgroup whose settings enforce the result location and its encryption
 * - `GLUE_DATABASE`: Glue database the models, seeds and data test results are written to
 * - `LAKE_DATABASE`: Glue database of the lake's source tables (`<source>_<object>`, `handoff_ingest_log`)
 * - `LAKE_BUCKET`: lake bucket; models under `_models/<name>/<run-id>/`, seeds under `_seeds/`, plans under `_plans/`
 * - `CONFIG_JSON`: the Handoff config as JSON (optional; defaults otherwise)
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { AthenaEngine } from '../core/athena-engine.ts';
import { readModelsFunctionConfig } from './config.ts';
import { parseModelsEvent, runIdFor } from './event.ts';
import { finishNight, type ModelsSummary } from './finish.ts';
import { planNight, type NightPlan } from './plan.ts';

// Created once per container and reused by every invocation it serves.
const settings = readModelsFunctionConfig(process.env);
const logger = new Logger({ serviceName: 'handoff-models' });
const metrics = new Metrics({ namespace: 'Handoff', serviceName: 'handoff-models' });
// Athena throttles bursts of StartQueryExecution (TooManyRequestsException); the SDK retries them.
const athena = new AthenaClient({ maxAttempts: 8 });
const glue = new GlueClient({});
const s3 = new S3Client({});

/** Step Functions task: plans the night's tables, or checks and swaps them in once built. */
export const handler = async (event: unknown, context: Context): Promise<NightPlan | ModelsSummary> => {
  logger.addContext(context);
  metrics.captureColdStartMetric();
  try {
    const request = parseModelsEvent(event);
    const runId = request.step === 'plan' ? runIdFor(new Date(request.startedAt), request.execution) : request.plan.runId;
    const engine = new AthenaEngine({ client: athena, workGroup: settings.workGroup, database: settings.modelDatabase, lakeBucket: settings.lakeBucket, runId });
    if (request.step === 'plan') {
      logger.info('planning the night', { runId, asOf: request.asOf ?? 'newest record change in the lake' });
      const plan = await planNight({ engine, s3 }, { databases: { models: settings.modelDatabase, lake: settings.lakeDatabase }, lakeBucket: settings.lakeBucket, config: settings.config }, {
        runId, ...(request.asOf ? { asOf: request.asOf } : {}),
      });
      logger.info('night planned', { runId, levels: plan.levelCount, tables: plan.tables.length, asOf: plan.asOf });
      return plan;
    }
    const { pruned, ...summary } = await finishNight({ engine, glue, s3 }, {
      modelDatabase: settings.modelDatabase, lakeBucket: settings.lakeBucket, lakeDatabase: settings.lakeDatabase, history: settings.config.history,
    }, request.plan);
    metrics.addMetric('ModelsBuilt', MetricUnit.Count, summary.models);
    logger.info('models swapped in; earlier runs removed', { ...summary, pruned });
    return summary;
  } catch (error) {
    metrics.addMetric('ModelsFailed', MetricUnit.Count, 1);
    logger.error('models failed; the night stops here', { error: error as Error });
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
};

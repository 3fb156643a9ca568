import { mkdirSync } from 'node:fs';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { ECSClient } from '@aws-sdk/client-ecs';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DuckDbEngine } from '../../core/duckdb-engine.ts';
import { sqlString } from '../../core/sql.ts';
import { readIngestFunctionConfig } from './config.ts';
import { IngestInfrastructureError, processObject, type ObjectOutcome, type ProcessObjectDeps } from './process-object.ts';
import { retrySoon } from './retry.ts';
import { parseS3Notification } from './s3-event.ts';

// Created once per container and reused by every invocation it serves.
const config = readIngestFunctionConfig(process.env);
const logger = new Logger({ serviceName: 'handoff-ingest' });
const metrics = new Metrics({ namespace: 'Handoff', serviceName: 'handoff-ingest' });
const processor = new BatchProcessor(EventType.SQS);
const sqs = new SQSClient({});
const deps: ProcessObjectDeps = {
  s3: new S3Client({}),
  engine: await openEngine(),
  lakeBucket: config.lakeBucket,
  lakePrefix: config.lakePrefix,
  scratchDir: config.scratchDir,
  ingestOptions: config.ingestOptions,
  connectors: config.connectors,
  ...(config.largeExportTask ? { largeExports: { task: config.largeExportTask, ecs: new ECSClient({}) } } : {}),
};
// One DuckDB connection and one batch processor per container: invocations take turns.
let previous: Promise<unknown> = Promise.resolve();

async function openEngine(): Promise<DuckDbEngine> {
  mkdirSync(config.duckDbHome, { recursive: true });
  const engine = await DuckDbEngine.open(config.duckDb);
  await engine.execute(`set home_directory = ${sqlString(config.duckDbHome)}`);
  return engine;
}

async function replaceEngine(): Promise<void> {
  await deps.engine.close().catch(() => undefined);
  deps.engine = await openEngine();
}

async function recordHandler(record: SQSRecord): Promise<void> {
  const notification = parseS3Notification(record.body);
  if (notification.kind === 'test') {
    logger.info('S3 test event acknowledged', { messageId: record.messageId, bucket: notification.bucket });
    return;
  }
  for (const ignored of notification.ignored) logger.info('S3 event ignored: not an object creation', { messageId: record.messageId, ...ignored });
  for (const object of notification.objects) {
    let outcome: ObjectOutcome;
    try {
      outcome = await processObject(deps, object);
    } catch (error) {
      metrics.addMetric('FilesFailed', MetricUnit.Count, 1);
      const retryInSeconds = await retrySoon(sqs, record);
      logger.error('export not loaded; the message will be retried', { messageId: record.messageId, ...object, retryInSeconds, error: error as Error });
      // An engine that ran out of memory or disk may be unusable: the next message gets a fresh one.
      if (error instanceof IngestInfrastructureError) await replaceEngine();
      throw error;
    }
    recordOutcome(record.messageId, outcome);
  }
}

function recordOutcome(messageId: string, outcome: ObjectOutcome): void {
  if (outcome.status === 'handed-off') {
    metrics.addMetric('FilesHandedOff', MetricUnit.Count, 1);
    logger.info('export handed to the large-export task, which loads it and writes its receipt', { messageId, ...outcome.object, bytes: outcome.bytes, taskArn: outcome.taskArn });
    return;
  }
  if (outcome.status === 'skipped') {
    metrics.addMetric('ObjectsSkipped', MetricUnit.Count, 1);
    logger.info('object skipped', { messageId, ...outcome.object, reason: outcome.reason });
    return;
  }
  const { load } = outcome;
  metrics.addMetric('RowsLoaded', MetricUnit.Count, load.rowsLoaded);
  metrics.addMetric('RowsQuarantined', MetricUnit.Count, load.rowsQuarantined);
  metrics.addMetric(load.error ? 'FilesRejected' : 'FilesLoaded', MetricUnit.Count, 1);
  const fields = { messageId, ...outcome.object, load, lakeKeys: outcome.lakeKeys, removedKeys: outcome.removedKeys };
  if (load.error) logger.warn('export rejected: the file could not be read; see the ingest log', fields);
  else logger.info('export loaded', fields);
}

/** SQS batch of S3 ObjectCreated notifications → lake; failed records are returned for redelivery. */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  const run = previous.then(async () => {
    logger.addContext(context);
    metrics.captureColdStartMetric();
    try {
      return await processPartialResponse(event, recordHandler, processor, { context, processInParallel: false, throwOnFullBatchFailure: false });
    } finally {
      metrics.publishStoredMetrics();
    }
  });
  previous = run.catch(() => undefined);
  return run;
};

/**
 * The large-export task: the same ingest code as the function, run once in a Fargate container
 * for one export too large for Lambda (more disk, memory and time than 15 minutes). The ingest
 * function starts it with the export in its environment; it loads the export, writes the lake
 * files and the receipt, and exits 0. Any failure exits 1: ECS reports the stopped task, which
 * an EventBridge rule puts back into the ingest dead-letter queue as the export's notification.
 *
 * Environment: the ingest function's (`LAKE_BUCKET`, `SOURCE_TIME_ZONE`, `CONFIG_JSON`,
 * `TASK_MEMORY_MB`) plus `EXPORT_BUCKET`, `EXPORT_KEY` (URL-encoded as in S3 notifications),
 * `EXPORT_ETAG` and `EXPORT_VERSION_ID` (either may be empty).
 */
import { mkdirSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { DuckDbEngine } from '../../core/duckdb-engine.ts';
import { ConfigError } from '../../core/errors.ts';
import { sqlString } from '../../core/sql.ts';
import { readIngestFunctionConfig } from '../handler/config.ts';
import { processObject, type ObjectOutcome, type ProcessObjectDeps } from '../handler/process-object.ts';
import { decodeS3Key, type S3ObjectRef } from '../handler/s3-event.ts';

/** The export the task was started for, from the environment the ingest function set. */
export function exportFromEnvironment(env: NodeJS.ProcessEnv): S3ObjectRef {
  const bucket = env['EXPORT_BUCKET']?.trim();
  const key = env['EXPORT_KEY']?.trim();
  if (!bucket || !key) throw new ConfigError('EXPORT_BUCKET and EXPORT_KEY name the export to load; the ingest function sets them when it starts the task');
  const etag = env['EXPORT_ETAG']?.trim();
  const versionId = env['EXPORT_VERSION_ID']?.trim();
  return { bucket, key: decodeS3Key(key), ...(etag ? { etag } : {}), ...(versionId ? { versionId } : {}) };
}

/** Loads the one export named in `env` with the function's own code; the task never hands off again. */
export async function loadLargeExport(deps: Omit<ProcessObjectDeps, 'largeExports'>, env: NodeJS.ProcessEnv): Promise<ObjectOutcome> {
  return processObject(deps, exportFromEnvironment(env));
}

async function main(): Promise<void> {
  const logger = new Logger({ serviceName: 'handoff-ingest-task' });
  const config = readIngestFunctionConfig(process.env);
  mkdirSync(config.duckDbHome, { recursive: true });
  const engine = await DuckDbEngine.open(config.duckDb);
  try {
    await engine.execute(`set home_directory = ${sqlString(config.duckDbHome)}`);
    const outcome = await loadLargeExport({
      s3: new S3Client({}), engine, lakeBucket: config.lakeBucket, lakePrefix: config.lakePrefix, scratchDir: config.scratchDir,
      ingestOptions: config.ingestOptions, connectors: config.connectors,
    }, process.env);
    if (outcome.status === 'loaded') logger.info(outcome.load.error ? 'export rejected: the file could not be read; see the ingest log' : 'export loaded', { ...outcome.object, load: outcome.load, lakeKeys: outcome.lakeKeys });
    else logger.info('object skipped', { ...outcome.object, ...(outcome.status === 'skipped' ? { reason: outcome.reason } : {}) });
  } catch (error) {
    logger.error('large export not loaded; the task stops with exit code 1 and the export goes to the dead-letter queue', { error: error as Error });
    process.exitCode = 1;
  } finally {
    await engine.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

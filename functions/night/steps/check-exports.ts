/**
 * The check-exports step: the night's first state. Lists the raw bucket for each expected source's
 * exports of the night and fails with `ExportsMissingError` (naming the sources) when any is missing,
 * so the state machine stops with that reason instead of publishing a stale night as fresh.
 *
 * Event: `{ "night"?: "2026-11-20" }` or a scheduled event (its `time` gives the night); by default
 * today (UTC). Returns `{ ok: true, night, missing: [], found }`.
 *
 * Environment (read once, in ./config.ts):
 * - `RAW_BUCKET`: bucket the nightly exports arrive in (`<source>/<YYYY-MM-DD>/…`)
 * - `EXPECTED_SOURCES`: comma-separated sources that must send exports every night, e.g. `salesforce`
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { readCheckExportsConfig } from './config.ts';
import { parseCheckExportsEvent } from './events.ts';
import { checkExports, ExportsMissingError, nightOf } from './exports.ts';

// Created once per container and reused by every invocation it serves.
const settings = readCheckExportsConfig(process.env);
const logger = new Logger({ serviceName: 'handoff-check-exports' });
const metrics = new Metrics({ namespace: 'Handoff', serviceName: 'handoff-check-exports' });
const s3 = new S3Client({});

/** Step Functions task: did every expected source send the night's exports? */
export const handler = async (event: unknown, context: Context): Promise<{ ok: true; night: string; missing: string[]; found: Record<string, number> }> => {
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
    logger.info('exports arrived', { night, found: check.found });
    return { ok: true, night, missing: [], found: check.found };
  } catch (error) {
    if (!(error instanceof ExportsMissingError)) logger.error('exports could not be checked', { error: error as Error });
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
};

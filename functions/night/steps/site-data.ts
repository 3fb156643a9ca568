/**
 * The site-data step: the night's marts (written on Athena by the models step) → the site's JSON
 * files in the site data bucket, by the same `writeSiteData` and queries as `handoff run`.
 *
 * The site's queries are DuckDB SQL, so this step reads the marts' Parquet files (located through
 * the Glue catalog) into DuckDB and runs them unchanged; see ./site-data-from-lake.ts.
 *
 * Event: the models step's output (`{ asOf, marts: { leads: 120, … }, … }`), or `{}`: without
 * `asOf` the as-of time is read from the models' run_context, without `marts` the marts are those
 * under sql/marts (shipped with the function). Returns the files written with their rows.
 *
 * Environment (read once, in ./config.ts):
 * - `GLUE_DATABASE`: Glue database holding the marts (and run_context)
 * - `SITE_DATA_BUCKET`: bucket the site's JSON files are written to
 * - `SITE_DATA_PREFIX`: key prefix of those files ('' or ending in "/", e.g. `site-data/`)
 * - `CONFIG_JSON`: the Handoff config as JSON (company, calendar and SLA facts in meta.json)
 * - set by Lambda: `TMPDIR` (scratch), `AWS_LAMBDA_FUNCTION_MEMORY_SIZE` (DuckDB's threads and memory)
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { readSiteDataStepConfig } from './config.ts';
import { parseSiteDataEvent } from './events.ts';
import { siteDataFromLake, type SiteDataResult } from './site-data-from-lake.ts';

// Created once per container and reused by every invocation it serves.
const settings = readSiteDataStepConfig(process.env);
const logger = new Logger({ serviceName: 'handoff-site-data' });
const metrics = new Metrics({ namespace: 'Handoff', serviceName: 'handoff-site-data' });
const glue = new GlueClient({});
const s3 = new S3Client({});

/** Step Functions task: the night's marts → the site's JSON files in S3. */
export const handler = async (event: unknown, context: Context): Promise<SiteDataResult> => {
  logger.addContext(context);
  try {
    const { asOf, marts } = parseSiteDataEvent(event);
    const { tables, ...result } = await siteDataFromLake({ glue, s3 }, {
      database: settings.modelDatabase,
      target: { bucket: settings.siteDataBucket, prefix: settings.siteDataPrefix, config: settings.config },
      generatedAt: new Date().toISOString(),
      scratchDir: settings.scratchDir,
      duckDb: settings.duckDb,
      ...(asOf ? { asOf } : {}),
      ...(marts ? { marts } : {}),
    });
    metrics.addMetric('SiteDataFiles', MetricUnit.Count, result.keys.length);
    logger.info('site data written', { ...result, tables, bucket: settings.siteDataBucket });
    return result;
  } catch (error) {
    metrics.addMetric('SiteDataFailed', MetricUnit.Count, 1);
    logger.error('site data not written; the night stops here', { error: error as Error });
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
};

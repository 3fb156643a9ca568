import { join } from 'node:path';
import type { HandoffConfig } from '../../core/config.ts';
import type { DuckDbOptions } from '../../core/duckdb-engine.ts';
import { ConfigError } from '../../core/errors.ts';
import { duckDbLimits } from '../../ingest/handler/config.ts';
import { glueDatabase, handoffConfig, required } from '../../models/config.ts';

/** The check-exports step's settings, read from its environment once per container. */
export interface CheckExportsConfig {
  rawBucket: string;
  /** Sources whose exports must arrive every night (folders of the raw bucket). */
  expectedSources: string[];
  /** Lake bucket holding the ingest receipts (`_receipts/`). */
  lakeBucket: string;
  /** The ingest queue, which must be empty before the night reads the lake. */
  ingestQueueUrl: string;
}

/** Reads `RAW_BUCKET`, `EXPECTED_SOURCES` (comma-separated, e.g. `salesforce,marketo`), `LAKE_BUCKET` and `INGEST_QUEUE_URL`. */
export function readCheckExportsConfig(env: NodeJS.ProcessEnv): CheckExportsConfig {
  const rawBucket = required(env, 'RAW_BUCKET', 'the name of the bucket the nightly exports arrive in');
  const expectedSources = required(env, 'EXPECTED_SOURCES', 'the sources whose exports must arrive every night, comma-separated (e.g. "salesforce")')
    .split(',').map((s) => s.trim()).filter(Boolean);
  for (const source of expectedSources) {
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(source)) throw new ConfigError(`EXPECTED_SOURCES names "${source}", which is not a source folder name; use lower-case folder names such as "salesforce"`);
  }
  if (!expectedSources.length) throw new ConfigError('EXPECTED_SOURCES names no source; set it to e.g. "salesforce"');
  return {
    rawBucket,
    expectedSources: [...new Set(expectedSources)],
    lakeBucket: required(env, 'LAKE_BUCKET', 'the name of the lake bucket the ingest function writes its receipts to'),
    ingestQueueUrl: required(env, 'INGEST_QUEUE_URL', 'the URL of the ingest queue (the night waits until it is empty)'),
  };
}

/** The site-data step's settings, read from its environment once per container. */
export interface SiteDataStepConfig {
  /** Glue database holding the marts. */
  modelDatabase: string;
  siteDataBucket: string;
  /** Key prefix of the site's JSON files ('' or ending in "/"). */
  siteDataPrefix: string;
  config: HandoffConfig;
  /** Marts downloaded and DuckDB's spill folder, on the only writable disk. */
  scratchDir: string;
  duckDb: Pick<DuckDbOptions, 'threads' | 'memoryLimit'>;
}

/**
 * Reads `GLUE_DATABASE`, `SITE_DATA_BUCKET`, `SITE_DATA_PREFIX` (optional) and `CONFIG_JSON`
 * (optional), and what Lambda sets (`TMPDIR`, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`).
 */
export function readSiteDataStepConfig(env: NodeJS.ProcessEnv): SiteDataStepConfig {
  const siteDataPrefix = (env['SITE_DATA_PREFIX'] ?? '').trim().replace(/^\/+/, '');
  if (siteDataPrefix && !siteDataPrefix.endsWith('/')) throw new ConfigError(`SITE_DATA_PREFIX "${siteDataPrefix}" must end with "/" (for example "site-data/")`);
  return {
    modelDatabase: glueDatabase(env, 'GLUE_DATABASE', 'the Glue database the marts are in'),
    siteDataBucket: required(env, 'SITE_DATA_BUCKET', "the bucket the site's data files are written to"),
    siteDataPrefix,
    config: handoffConfig(env),
    scratchDir: join(env['TMPDIR'] || '/tmp', 'handoff-site-data'),
    duckDb: duckDbLimits(env['AWS_LAMBDA_FUNCTION_MEMORY_SIZE']),
  };
}

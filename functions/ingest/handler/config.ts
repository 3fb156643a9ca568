import { join } from 'node:path';
import { ConfigError } from '../../core/errors.ts';
import type { DuckDbOptions } from '../../core/duckdb-engine.ts';
import { parseConfig } from '../../core/config.ts';
import { connectorsFor, type Connectors } from '../connectors/index.ts';
import { DEFAULT_INGEST_OPTIONS, type IngestOptions } from '../../core/catalogue.ts';
import type { LargeExportTask } from './large-exports.ts';

/** The ingest function's settings, read from its environment once per container. */
export interface IngestFunctionConfig {
  lakeBucket: string;
  /** Key prefix of the lake in its bucket ('' by default). */
  lakePrefix: string;
  /** Downloads and per-object lakes; emptied after each object. */
  scratchDir: string;
  /** DuckDB's home (extensions, secrets) and spill folder live on the only writable disk. */
  duckDbHome: string;
  duckDb: DuckDbOptions;
  /** What file values mean beyond their text (the time zone of exports written in local time, e.g. HubSpot). */
  ingestOptions: IngestOptions;
  /** Built-in connectors plus the mapped CSV sources of the Handoff config (`CONFIG_JSON`). */
  connectors: Connectors;
  /** The Fargate task exports over a size go to; unset where there is none (on this machine, and in the task itself). */
  largeExportTask?: LargeExportTask;
}

/** A Lambda gets one vCPU per 1,769 MB of memory, up to 6. */
const MB_PER_VCPU = 1769;
const MAX_VCPUS = 6;
/** DuckDB gets three quarters of the function's memory; Node, the SDK and stream buffers keep the rest. */
const DUCKDB_MEMORY_SHARE = 0.75;

/**
 * Reads the Lambda (or large-export task) environment: `LAKE_BUCKET`; optional `LAKE_PREFIX`,
 * `SOURCE_TIME_ZONE` (IANA name, default UTC), the large-export task (`INGEST_TASK_*`,
 * `LARGE_EXPORT_BYTES`); and what the runtime sets (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, or the
 * task's `TASK_MEMORY_MB`; `TMPDIR`).
 */
export function readIngestFunctionConfig(env: NodeJS.ProcessEnv): IngestFunctionConfig {
  const lakeBucket = env['LAKE_BUCKET']?.trim();
  if (!lakeBucket) throw new ConfigError('LAKE_BUCKET is not set; set it to the name of the lake bucket the ingest function writes to');
  const lakePrefix = (env['LAKE_PREFIX'] ?? '').replace(/^\/+/, '');
  if (lakePrefix && !lakePrefix.endsWith('/')) throw new ConfigError(`LAKE_PREFIX "${lakePrefix}" must end with "/" (for example "lake/")`);
  const tmp = env['TMPDIR'] || '/tmp';
  const duckDbHome = join(tmp, 'duckdb');
  return {
    lakeBucket,
    lakePrefix,
    scratchDir: join(tmp, 'handoff-ingest'),
    duckDbHome,
    duckDb: { tempDirectory: join(duckDbHome, 'spill'), ...duckDbLimits(env['AWS_LAMBDA_FUNCTION_MEMORY_SIZE'] ?? env['TASK_MEMORY_MB']) },
    ingestOptions: { ...DEFAULT_INGEST_OPTIONS, sourceTimeZone: timeZone(env['SOURCE_TIME_ZONE']) },
    connectors: connectorsFor(env['CONFIG_JSON'] ? parseConfig(parseJson(env['CONFIG_JSON']), 'CONFIG_JSON') : undefined),
    ...(env['INGEST_TASK_CLUSTER'] ? { largeExportTask: largeExportTask(env) } : {}),
  };
}

/** The large-export task's settings, all set by the deployment together with `INGEST_TASK_CLUSTER`. */
export function largeExportTask(env: NodeJS.ProcessEnv): LargeExportTask {
  const value = (name: string) => {
    const text = env[name]?.trim();
    if (!text) throw new ConfigError(`${name} is not set but INGEST_TASK_CLUSTER is; the deployment sets every INGEST_TASK_* variable and LARGE_EXPORT_BYTES together`);
    return text;
  };
  const threshold = Number(value('LARGE_EXPORT_BYTES'));
  if (!Number.isInteger(threshold) || threshold < 1) throw new ConfigError(`LARGE_EXPORT_BYTES "${env['LARGE_EXPORT_BYTES']}" is not a whole number of bytes`);
  const list = (name: string) => value(name).split(',').map((s) => s.trim()).filter(Boolean);
  return {
    thresholdBytes: threshold,
    cluster: value('INGEST_TASK_CLUSTER'),
    taskDefinition: value('INGEST_TASK_DEFINITION'),
    container: value('INGEST_TASK_CONTAINER'),
    subnets: list('INGEST_TASK_SUBNETS'),
    securityGroups: list('INGEST_TASK_SECURITY_GROUPS'),
  };
}

/** Threads and memory limit from the function's memory size; outside Lambda, DuckDB's own defaults. */
export function duckDbLimits(memorySizeMb: string | undefined): Pick<DuckDbOptions, 'threads' | 'memoryLimit'> {
  if (memorySizeMb === undefined || memorySizeMb === '') return {};
  const mb = Number(memorySizeMb);
  if (!Number.isInteger(mb) || mb < 128) throw new ConfigError(`AWS_LAMBDA_FUNCTION_MEMORY_SIZE "${memorySizeMb}" is not a memory size in MB`);
  return {
    threads: Math.min(MAX_VCPUS, Math.max(1, Math.ceil(mb / MB_PER_VCPU))),
    memoryLimit: `${Math.floor(mb * DUCKDB_MEMORY_SHARE)}MB`,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`CONFIG_JSON is not valid JSON: ${(error as Error).message}`);
  }
}

function timeZone(name: string | undefined): string {
  if (!name) return DEFAULT_INGEST_OPTIONS.sourceTimeZone;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
  } catch {
    throw new ConfigError(`SOURCE_TIME_ZONE "${name}" is not an IANA time zone; use a name like "America/New_York"`);
  }
  return name;
}

import { join } from 'node:path';
import { ConfigError } from '../../core/errors.ts';
import type { DuckDbOptions } from '../../core/duckdb-engine.ts';
import { parseConfig } from '../../core/config.ts';
import { connectorsFor, type Connectors } from '../connectors/index.ts';
import { DEFAULT_INGEST_OPTIONS, type IngestOptions } from '../../core/catalogue.ts';

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
}

/** A Lambda gets one vCPU per 1,769 MB of memory, up to 6. */
const MB_PER_VCPU = 1769;
const MAX_VCPUS = 6;
/** DuckDB gets three quarters of the function's memory; Node, the SDK and stream buffers keep the rest. */
const DUCKDB_MEMORY_SHARE = 0.75;

/**
 * Reads the Lambda environment: `LAKE_BUCKET`; optional `LAKE_PREFIX`, `SOURCE_TIME_ZONE` (IANA name,
 * default UTC); and what the runtime sets (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, `TMPDIR`).
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
    duckDb: { tempDirectory: join(duckDbHome, 'spill'), ...duckDbLimits(env['AWS_LAMBDA_FUNCTION_MEMORY_SIZE']) },
    ingestOptions: { ...DEFAULT_INGEST_OPTIONS, sourceTimeZone: timeZone(env['SOURCE_TIME_ZONE']) },
    connectors: connectorsFor(env['CONFIG_JSON'] ? parseConfig(parseJson(env['CONFIG_JSON']), 'CONFIG_JSON') : undefined),
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

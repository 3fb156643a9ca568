import { parseConfig, type HandoffConfig } from '../core/config.ts';
import { ConfigError } from '../core/errors.ts';

/** The models function's settings, read from its environment once per container. */
export interface ModelsFunctionConfig {
  workGroup: string;
  /** Glue database the models, seeds and data test results are written to. */
  modelDatabase: string;
  /** Glue database of the lake's source tables and ingest log. */
  lakeDatabase: string;
  /** Lake bucket: models' Parquet under `_models/`, seeds' JSON under `_seeds/`. */
  lakeBucket: string;
  config: HandoffConfig;
}

/**
 * Reads `ATHENA_WORKGROUP`, `GLUE_DATABASE`, `LAKE_DATABASE`, `LAKE_BUCKET` and `CONFIG_JSON`
 * (the Handoff config as JSON; `{}` for the defaults). The only place the function reads its environment.
 */
export function readModelsFunctionConfig(env: NodeJS.ProcessEnv): ModelsFunctionConfig {
  return {
    workGroup: required(env, 'ATHENA_WORKGROUP', 'the Athena workgroup that enforces the query result location'),
    modelDatabase: glueDatabase(env, 'GLUE_DATABASE', 'the Glue database the models are written to'),
    lakeDatabase: glueDatabase(env, 'LAKE_DATABASE', "the Glue database of the lake's source tables"),
    lakeBucket: required(env, 'LAKE_BUCKET', 'the name of the lake bucket'),
    config: handoffConfig(env),
  };
}

/** Reads one required variable; says what it should hold when it is missing. */
export function required(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name} is not set; set it to ${what}`);
  return value;
}

/** A Glue database name, which the SQL writes unquoted in DDL: lower-case letters, digits and "_". */
export function glueDatabase(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = required(env, name, what);
  if (!/^[a-z_][a-z0-9_]*$/.test(value)) throw new ConfigError(`${name} "${value}" is not a Glue database name Athena can use; use lower-case letters, digits and "_" (for example "handoff_models")`);
  return value;
}

/** The Handoff config from `CONFIG_JSON`, validated like a config file (absent means the defaults). */
export function handoffConfig(env: NodeJS.ProcessEnv): HandoffConfig {
  const text = env['CONFIG_JSON']?.trim();
  if (!text) return parseConfig({}, 'CONFIG_JSON');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`CONFIG_JSON is not valid JSON: ${(error as Error).message}`);
  }
  return parseConfig(raw, 'CONFIG_JSON');
}

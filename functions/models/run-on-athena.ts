import type { AthenaClient } from '@aws-sdk/client-athena';
import type { S3Client } from '@aws-sdk/client-s3';
import { AthenaEngine, type PollPolicy } from '../core/athena-engine.ts';
import { mappedViewStatements } from '../core/athena-lake.ts';
import { athenaRuntime } from '../core/athena-seeds.ts';
import { prepareSeeds, runModels, type ModelRun } from '../core/models.ts';
import type { ModelsFunctionConfig } from './config.ts';

export interface AthenaModelsDeps {
  athena: AthenaClient;
  s3: S3Client;
  /** Injected in tests so polling takes no real time. */
  sleep?: (ms: number) => Promise<void>;
  poll?: Partial<PollPolicy>;
}

export interface AthenaModelsOptions {
  /** Fixes the as-of time (ISO UTC); by default the newest record change in the lake. */
  asOf?: string;
  /** Names this run's S3 folders under `_models/`; unique per run, so a re-run never meets old files. */
  runId: string;
  onModel?: (run: ModelRun) => void;
}

/** What a night's models produced: the as-of time, the run, and rows per mart (the state machine's output). */
export interface ModelsSummary {
  asOf: string;
  runId: string;
  seedRows: number;
  models: number;
  marts: Record<string, number>;
}

/**
 * The night's models on Athena: the same seeds, ordered SQL models, data tests and data_health as
 * `handoff run` on DuckDB, written as Parquet tables in the models' Glue database.
 */
export async function runModelsOnAthena(deps: AthenaModelsDeps, settings: ModelsFunctionConfig, options: AthenaModelsOptions): Promise<ModelsSummary> {
  const engine = new AthenaEngine({
    client: deps.athena,
    workGroup: settings.workGroup,
    database: settings.modelDatabase,
    lakeBucket: settings.lakeBucket,
    runId: options.runId,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.poll ? { poll: deps.poll } : {}),
  });
  try {
    const databases = { models: settings.modelDatabase, lake: settings.lakeDatabase };
    const runtime = athenaRuntime({ engine, s3: deps.s3 }, databases);
    for (const sql of mappedViewStatements(settings.config, databases)) await engine.execute(sql, 'the mapped sources\' views');
    const { asOf, seeds } = await prepareSeeds(engine, settings.config, options.asOf, runtime.context.source);
    await runtime.loadSeeds(seeds);
    const runs = await runModels(engine, options.onModel, runtime);
    return {
      asOf,
      runId: options.runId,
      seedRows: seeds.reduce((n, s) => n + s.rows.length, 0),
      models: runs.length,
      marts: Object.fromEntries(runs.filter((r) => r.layer === 'marts').map((r) => [r.model, r.rows])),
    };
  } finally {
    await engine.close();
  }
}

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { GlueClient } from '@aws-sdk/client-glue';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { HandoffConfig } from '../../core/config.ts';
import { DuckDbEngine, type DuckDbOptions } from '../../core/duckdb-engine.ts';
import type { Engine } from '../../core/engine.ts';
import { loadModels } from '../../core/sql.ts';
import { sqlString } from '../../core/sql.ts';
import { writeSiteData } from '../site-data.ts';
import { deleteKeys, listKeys } from '../../models/prune-runs.ts';
import { loadTablesFromLake } from './marts-from-lake.ts';

export interface SiteDataTarget {
  bucket: string;
  /** Key prefix ('' or ending in "/"). */
  prefix: string;
  config: HandoffConfig;
}

export interface SiteDataResult {
  asOf: string;
  /** Rows per file, as `writeSiteData` reports them. */
  files: Record<string, number>;
  keys: string[];
}

/**
 * Writes the site's JSON files with `writeSiteData` (the CLI's code and queries) into a scratch
 * folder, then puts each into the site data bucket and removes the files earlier nights left there.
 * The as-of time is the models step's, or read back from the run_context seed the models ran with.
 */
export async function publishSiteData(engine: Engine, s3: S3Client, target: SiteDataTarget, options: { asOf?: string; generatedAt: string; scratchDir: string }): Promise<SiteDataResult> {
  const asOf = options.asOf ?? (await runAsOf(engine));
  mkdirSync(options.scratchDir, { recursive: true });
  const dir = mkdtempSync(join(options.scratchDir, 'site-data-'));
  try {
    const files = await writeSiteData(engine, dir, { config: target.config, asOf, generatedAt: options.generatedAt });
    const keys: string[] = [];
    // The JSON files and the list files under lists/ (folders themselves are not objects).
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
      if (!statSync(join(dir, file)).isFile()) continue;
      const key = `${target.prefix}${file.split(sep).join('/')}`;
      const type = file.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
      await s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: readFileSync(join(dir, file)), ContentType: type }));
      keys.push(key);
    }
    // Files an earlier night wrote and tonight did not (a list of a month now out of range, a file of an older version)
    // go, once tonight's are all in place: the site build publishes every file under the prefix.
    const written = new Set(keys);
    const stale = (await listKeys(s3, target.bucket, target.prefix)).filter((key) => !written.has(key));
    await deleteKeys(s3, target.bucket, stale, "earlier nights' site data files");
    return { asOf, files, keys };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runAsOf(engine: Engine): Promise<string> {
  const [row] = await engine.query<{ as_of_at: string | null }>('select as_of_at from run_context');
  if (!row?.as_of_at) throw new Error('run_context holds no as-of time; run the models step before the site-data step');
  return row.as_of_at;
}

export interface SiteDataFromLakeDeps {
  glue: GlueClient;
  s3: S3Client;
}

export interface SiteDataFromLakeOptions {
  /** Glue database the models step wrote the marts to. */
  database: string;
  target: SiteDataTarget;
  asOf?: string;
  /** The marts to read (the models step's output); by default every model under sql/marts. */
  marts?: string[];
  generatedAt: string;
  /** Local scratch folder (in Lambda, under /tmp); emptied when done. */
  scratchDir: string;
  duckDb?: DuckDbOptions;
}

/**
 * The site data of a night whose models ran on Athena. The site's queries are DuckDB SQL (lists,
 * structs, `quantile_cont`), so rather than fork them for Trino they run unchanged, on DuckDB, over
 * the marts' Parquet files that Athena wrote (found through the Glue catalog). The marts are the
 * small, public end of the pipeline; the lake itself is never read here.
 */
export async function siteDataFromLake(deps: SiteDataFromLakeDeps, options: SiteDataFromLakeOptions): Promise<SiteDataResult & { tables: Record<string, { location: string; files: number }> }> {
  rmSync(options.scratchDir, { recursive: true, force: true });
  mkdirSync(options.scratchDir, { recursive: true });
  const engine = await DuckDbEngine.open({ tempDirectory: join(options.scratchDir, 'spill'), ...options.duckDb });
  try {
    // DuckDB's home (extensions, secrets) must be writable: in Lambda only /tmp is.
    await engine.execute(`set home_directory = ${sqlString(options.scratchDir)}`);
    const marts = options.marts ?? loadModels().filter((m) => m.layer === 'marts').map((m) => m.name);
    if (!marts.length) throw new Error('no marts to read: pass the models step\'s output (its "marts") to this step, or ship sql/ with the function');
    const tables = await loadTablesFromLake(deps, engine, {
      database: options.database,
      tables: [...marts, ...(options.asOf ? [] : ['run_context'])],
      scratchDir: join(options.scratchDir, 'marts'),
    });
    const result = await publishSiteData(engine, deps.s3, options.target, {
      generatedAt: options.generatedAt,
      scratchDir: options.scratchDir,
      ...(options.asOf ? { asOf: options.asOf } : {}),
    });
    return { ...result, tables };
  } finally {
    await engine.close();
    rmSync(options.scratchDir, { recursive: true, force: true });
  }
}

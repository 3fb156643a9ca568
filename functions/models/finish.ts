import {
  CreateTableCommand, DeleteTableCommand, EntityNotFoundException, GetTableCommand, UpdateTableCommand,
  type GlueClient, type Table, type TableInput,
} from '@aws-sdk/client-glue';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { AthenaEngine } from '../core/athena-engine.ts';
import { assertConvertibleCurrencies, CURRENCY_CHECKS } from '../core/models.ts';
import type { HandoffConfig } from '../core/config.ts';
import { SNAPSHOT_TABLES, writeHistoryOnAthena } from './history.ts';
import { buildName, type NightPlan } from './plan.ts';
import { pruneRuns, type PruneResult } from './prune-runs.ts';

/** What a night's models produced: the as-of time, the run, and rows per mart (the state machine's output). */
export interface ModelsSummary {
  asOf: string;
  runId: string;
  seedRows: number;
  /** Tables swapped in (seeds, models and the data test results). */
  models: number;
  marts: Record<string, number>;
}

/** An export was written into the lake while the night's models ran: its tables may mix two exports. */
export class LateDeliveryError extends Error {
  override name = 'LateDeliveryError';
  readonly keys: string[];
  constructor(keys: string[], startedAt: string) {
    super(`${keys.length} lake file${keys.length > 1 ? 's were' : ' was'} written after the night's models started at ${startedAt} (first: ${keys[0]}); `
      + "tonight's tables were not swapped in, so the site keeps last night's numbers. Run the night again once the late export has loaded");
    this.keys = keys;
  }
}

export interface FinishDeps {
  engine: AthenaEngine;
  glue: GlueClient;
  s3: S3Client;
}

export interface FinishSettings {
  modelDatabase: string;
  lakeBucket: string;
  /** The lake's database and the config's history settings: with both, the night writes its history snapshot. */
  lakeDatabase?: string;
  history?: HandoffConfig['history'];
}

/**
 * Ends a night whose tables are all built under tonight's names: refuses when an export landed
 * in the lake meanwhile, stops on amounts in a currency without a rate, counts each mart, then
 * swaps every table in (the public table's catalog entry is pointed at tonight's files; it is
 * never dropped) and only then removes what earlier runs left.
 */
export async function finishNight(deps: FinishDeps, settings: FinishSettings, plan: NightPlan): Promise<ModelsSummary & { pruned: PruneResult }> {
  const late = await lakeWritesSince(deps.s3, settings.lakeBucket, plan.startedAt);
  if (late.length) throw new LateDeliveryError(late, plan.startedAt);

  const ref = (name: string) => `"${settings.modelDatabase}"."${buildName(name, plan.tag)}"`;
  for (const [model, check] of Object.entries(CURRENCY_CHECKS)) {
    if (plan.tables.includes(model)) await assertConvertibleCurrencies(deps.engine, ref(model), { what: check.what, missing: check.missing(ref) });
  }
  const marts: Record<string, number> = {};
  if (plan.marts.length) {
    const rows = await deps.engine.query<{ mart: string; n: number }>(plan.marts.map((m) => `select '${m}' as mart, count(*) as n from ${ref(m)}`).join('\nunion all\n'), 'counting the marts');
    for (const mart of plan.marts) marts[mart] = rows.find((r) => r.mart === mart)?.n ?? 0;
  }

  const views = await publicViews(deps.s3, settings.lakeBucket, plan);
  const viewNames = new Set(views.map((v) => v.table));
  for (const table of plan.tables.filter((t) => !viewNames.has(t))) await swapIn(deps.glue, settings.modelDatabase, table, buildName(table, plan.tag));
  // Views last, in build order: each reads the public tables (and views) just swapped in.
  for (const view of views) await replaceView(deps, settings.modelDatabase, view, buildName(view.table, plan.tag));
  for (const helper of plan.helperTables) await deleteTableIfExists(deps.glue, settings.modelDatabase, helper);
  // Tonight's snapshot is taken from the swapped-in marts: a night stopped above adds none.
  if (settings.lakeDatabase && settings.history && SNAPSHOT_TABLES.every((t) => plan.tables.includes(t))) {
    await writeHistoryOnAthena(deps, { modelDatabase: settings.modelDatabase, lakeDatabase: settings.lakeDatabase, lakeBucket: settings.lakeBucket },
      { asOf: plan.asOf, keepNights: settings.history.keep_nights, keepMonths: settings.history.keep_months, restatementDays: settings.history.restatement_days });
  }

  const pruned = await pruneRuns({ s3: deps.s3, glue: deps.glue }, { bucket: settings.lakeBucket, database: settings.modelDatabase }, { runId: plan.runId, tag: plan.tag });
  return { asOf: plan.asOf, runId: plan.runId, seedRows: plan.seedRows, models: plan.tables.length, marts, pruned };
}

/**
 * Points the public table at the table built tonight: the same columns, format and location,
 * by one catalog update (a reader sees last night's table or tonight's, never none), then
 * removes tonight's name. The first night creates the public table instead.
 */
export async function swapIn(glue: GlueClient, database: string, table: string, built: string): Promise<void> {
  const { Table: source } = await glue.send(new GetTableCommand({ DatabaseName: database, Name: built }));
  if (!source) throw new Error(`${database}.${built} is not in the Glue catalog; the Athena query that builds it did not finish`);
  const input = tableInput(table, source);
  try {
    await glue.send(new UpdateTableCommand({ DatabaseName: database, TableInput: input, SkipArchive: true }));
  } catch (error) {
    if (!(error instanceof EntityNotFoundException)) throw error;
    await glue.send(new CreateTableCommand({ DatabaseName: database, TableInput: input }));
  }
  await glue.send(new DeleteTableCommand({ DatabaseName: database, Name: built }));
}

/** The view models' public CREATE VIEWs the plan wrote, in build order (none for a plan without views). */
async function publicViews(s3: S3Client, bucket: string, plan: NightPlan): Promise<Array<{ table: string; sql: string }>> {
  if (!plan.viewsKey) return [];
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: plan.viewsKey }));
  return JSON.parse(await got.Body!.transformToString()) as Array<{ table: string; sql: string }>;
}

/**
 * A view model is an Athena (Presto) view: its text names the tables it reads, so tonight's view
 * (over tonight's build names) cannot be swapped in like a table. The public view is replaced by
 * one over the public tables, now tonight's files (one catalog update: readers see the old view
 * or the new one); a public table of the same name (the model was a table before) is removed first.
 */
export async function replaceView(deps: Pick<FinishDeps, 'engine' | 'glue'>, database: string, view: { table: string; sql: string }, built: string): Promise<void> {
  try {
    const { Table: existing } = await deps.glue.send(new GetTableCommand({ DatabaseName: database, Name: view.table }));
    if (existing && existing.TableType !== 'VIRTUAL_VIEW') await deleteTableIfExists(deps.glue, database, view.table);
  } catch (error) {
    if (!(error instanceof EntityNotFoundException)) throw error;
  }
  await deps.engine.execute(view.sql, `the view ${view.table}`);
  await deleteTableIfExists(deps.glue, database, built);
}

/** The writable part of a catalog entry, under another name. */
function tableInput(name: string, table: Table): TableInput {
  return {
    Name: name,
    ...(table.Description ? { Description: table.Description } : {}),
    ...(table.TableType ? { TableType: table.TableType } : {}),
    ...(table.Parameters ? { Parameters: table.Parameters } : {}),
    ...(table.StorageDescriptor ? { StorageDescriptor: table.StorageDescriptor } : {}),
    PartitionKeys: table.PartitionKeys ?? [],
  };
}

async function deleteTableIfExists(glue: GlueClient, database: string, name: string): Promise<void> {
  try {
    await glue.send(new DeleteTableCommand({ DatabaseName: database, Name: name }));
  } catch (error) {
    if (!(error instanceof EntityNotFoundException)) throw error;
  }
}

/** Lake keys of ingest records written after `since`: an export that loaded while the models ran. */
export async function lakeWritesSince(s3: S3Client, bucket: string, since: string): Promise<string[]> {
  const after = Date.parse(since);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: '_ingest/', ...(token ? { ContinuationToken: token } : {}) }));
    for (const object of page.Contents ?? []) if (object.Key && object.LastModified && object.LastModified.getTime() > after) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

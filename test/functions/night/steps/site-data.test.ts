import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DuckDbEngine } from '../../../../functions/core/duckdb-engine.ts';
import { duckDbType, loadTablesFromLake, MartUnreadableError } from '../../../../functions/night/steps/marts-from-lake.ts';
import type { SiteDataResult } from '../../../../functions/night/steps/site-data-from-lake.ts';
import { runFixtureNight } from '../../../helpers/night.ts';

const context = { functionName: 'handoff-site-data', awsRequestId: 'req-1' } as unknown as Context;
const glue = mockClient(GlueClient);
const s3 = mockClient(S3Client);

/** DuckDB's type names as the Glue catalog writes the same columns for a table Athena made. */
function hiveType(duckDbType: string): string {
  const simple: Record<string, string> = { VARCHAR: 'string', BIGINT: 'bigint', INTEGER: 'int', DOUBLE: 'double', FLOAT: 'float', BOOLEAN: 'boolean', DATE: 'date', TIMESTAMP: 'timestamp' };
  if (simple[duckDbType]) return simple[duckDbType];
  if (duckDbType.startsWith('DECIMAL')) return duckDbType.toLowerCase();
  if (duckDbType.endsWith('[]')) return `array<${hiveType(duckDbType.slice(0, -2))}>`;
  throw new Error(`no Hive type for ${duckDbType} in this test`);
}

describe('site-data step: the marts Athena wrote → the same JSON files the CLI writes', () => {
  let handler: (event: unknown, context: Context) => Promise<SiteDataResult>;
  let night: Awaited<ReturnType<typeof runFixtureNight>>;
  let columns: Record<string, Array<{ Name: string; Type: string }>>;

  beforeAll(async () => {
    night = await runFixtureNight('attribution');
    // What the Glue catalog says about each mart Athena wrote: its columns, as DuckDB reads the same Parquet.
    const engine = await DuckDbEngine.open();
    columns = {};
    for (const file of readdirSync(join(night.outDir, 'marts'))) {
      const described = await engine.query<{ column_name: string; column_type: string }>(`describe select * from read_parquet('${join(night.outDir, 'marts', file)}')`);
      columns[file.replace('.parquet', '')] = described.map((c) => ({ Name: c.column_name, Type: hiveType(c.column_type) }));
    }
    await engine.close();
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('GLUE_DATABASE', 'handoff_models');
    vi.stubEnv('SITE_DATA_BUCKET', 'handoff-site-data');
    vi.stubEnv('SITE_DATA_PREFIX', 'site-data/');
    vi.stubEnv('CONFIG_JSON', '{}');
    vi.stubEnv('TMPDIR', night.outDir);
    ({ handler } = await import('../../../../functions/night/steps/site-data.ts'));
  });

  afterAll(() => {
    vi.unstubAllEnvs();
  });

  beforeEach(() => {
    glue.reset();
    s3.reset();
    for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, 'write').mockImplementation(() => true);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** The lake as the models step leaves it: each table one Parquet file (Athena names them without an extension) in this run's folder. */
  function lakeHolds(tables: Record<string, { path: string; columns: Array<{ Name: string; Type: string }> }>): void {
    for (const [table, { path, columns: cols }] of Object.entries(tables)) {
      const prefix = `_models/${table}/20261120T020000Z-abcd1234/`;
      glue.on(GetTableCommand, { DatabaseName: 'handoff_models', Name: table }).resolves({ Table: { Name: table, DatabaseName: 'handoff_models', StorageDescriptor: { Location: `s3://handoff-lake/${prefix}`, Columns: cols } } });
      s3.on(ListObjectsV2Command, { Bucket: 'handoff-lake', Prefix: prefix }).resolves({ Contents: [{ Key: prefix, Size: 0 }, { Key: `${prefix}20261120_020012_00042_x7kqp_1`, Size: statSync(path).size }] });
      s3.on(GetObjectCommand, { Bucket: 'handoff-lake', Key: `${prefix}20261120_020012_00042_x7kqp_1` }).callsFake(() => ({ Body: createReadStream(path) }) as unknown as GetObjectCommandOutput);
    }
    s3.on(PutObjectCommand).resolves({});
    // The site data bucket as a first night finds it: empty.
    s3.on(ListObjectsV2Command, { Bucket: 'handoff-site-data' }).resolves({ Contents: [] });
  }

  function marts() {
    return Object.fromEntries(Object.entries(columns).map(([mart, cols]) => [mart, { path: join(night.outDir, 'marts', `${mart}.parquet`), columns: cols }]));
  }

  it('reads each mart from the location the catalog gives and writes every site data file, byte for byte as `handoff run` does', async () => {
    // Prepare
    lakeHolds(marts());

    // Act: the models step's output is this step's input.
    const result = await handler({ asOf: night.asOf, runId: '20261120T020000Z-abcd1234', models: 54, marts: Object.fromEntries(Object.keys(columns).map((m) => [m, 1])) }, context);

    // Assess: every file the CLI wrote (the list files in lists/ too), under the prefix; each the same bytes (meta.json
    // differs only in generated_at).
    const dataDir = join(night.outDir, 'site-data');
    const expectedFiles = readdirSync(dataDir, { recursive: true, encoding: 'utf8' })
      .filter((f) => statSync(join(dataDir, f)).isFile())
      .map((f) => f.split(sep).join('/'))
      .sort();
    expect(result.keys).toEqual(expectedFiles.map((f) => `site-data/${f}`));
    expect(result.asOf).toBe(night.asOf);
    const lists = expectedFiles.filter((f) => f.startsWith('lists/'));
    expect(lists.length).toBeGreaterThan(10);
    expect(Object.keys(result.files).sort()).toEqual([...expectedFiles.filter((f) => !f.startsWith('lists/')), 'lists/*.csv'].sort());
    expect(result.files['lists/*.csv']).toBe(lists.length);
    const puts = new Map(s3.commandCalls(PutObjectCommand).map((c) => [c.args[0].input.Key!, c.args[0].input]));
    for (const file of expectedFiles) {
      const put = puts.get(`site-data/${file}`)!;
      expect(put.Bucket).toBe('handoff-site-data');
      expect(put.ContentType).toBe(file.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
      const cli = readFileSync(join(night.outDir, 'site-data', file), 'utf8');
      const lambda = Buffer.from(put.Body as Uint8Array).toString('utf8');
      if (file === 'meta.json') expect({ ...JSON.parse(lambda), generated_at: null }).toEqual({ ...JSON.parse(cli), generated_at: null });
      else expect(lambda, file).toBe(cli);
    }
    // The fixture's funnel is not empty, so the comparison compared numbers, not two empty lists.
    expect(result.files['funnel_monthly.json']).toBeGreaterThan(0);
    expect(result.files['campaign_roi.json']).toBeGreaterThan(0);
  });

  it("removes the files an earlier night left under the prefix and tonight's did not write, and only those", async () => {
    // Prepare: the bucket holds tonight's files, a list of a month now out of range and a file an older version wrote.
    lakeHolds(marts());
    const dataDir = join(night.outDir, 'site-data');
    const tonight = readdirSync(dataDir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dataDir, f)).isFile()).map((f) => `site-data/${f.split(sep).join('/')}`);
    const left = ['site-data/lists/mqls.2024-01.csv', 'site-data/lead_lists.json'];
    s3.on(ListObjectsV2Command, { Bucket: 'handoff-site-data', Prefix: 'site-data/' }).resolves({ Contents: [...tonight, ...left].map((Key) => ({ Key, Size: 1 })) });
    s3.on(DeleteObjectsCommand).resolves({});

    // Act
    await handler({ asOf: night.asOf, runId: '20261120T020000Z-abcd1234', models: 54, marts: Object.fromEntries(Object.keys(columns).map((m) => [m, 1])) }, context);

    // Assess: one request naming the two left over, in the site data bucket.
    const deletes = s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input);
    expect(deletes.map((d) => [d.Bucket, d.Delete!.Objects!.map((o) => o.Key)])).toEqual([['handoff-site-data', left]]);
  });

  it('without an as-of time, reads it from the run_context the models ran with', async () => {
    // Prepare: run_context as the seed CTAS writes it (as_of_at a timestamp).
    const path = join(night.outDir, 'run_context.parquet');
    const engine = await DuckDbEngine.open();
    await engine.execute(`copy (select cast('${night.asOf.replace('T', ' ').replace('Z', '')}' as timestamp) as as_of_at, 30.0 as stalled_after_days) to '${path}' (format parquet)`);
    await engine.close();
    lakeHolds({ ...marts(), run_context: { path, columns: [{ Name: 'as_of_at', Type: 'timestamp' }, { Name: 'stalled_after_days', Type: 'double' }] } });

    // Act
    const result = await handler({}, context);

    // Assess: the same as-of time, so the same files.
    expect(result.asOf).toBe(night.asOf);
    const put = s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key === 'site-data/funnel_monthly.json')!;
    expect(Buffer.from(put.args[0].input.Body as Uint8Array).toString('utf8')).toBe(readFileSync(join(night.outDir, 'site-data', 'funnel_monthly.json'), 'utf8'));
    expect(glue.commandCalls(GetTableCommand).map((c) => c.args[0].input.Name)).toContain('run_context');
  });

  it('refuses a marts list that names no table', async () => {
    await expect(handler({ marts: {} }, context)).rejects.toThrow(/marts must name the marts built/);
    expect(glue.commandCalls(GetTableCommand)).toHaveLength(0);
  });

  it('stops, naming the table, when the catalog has no such mart', async () => {
    // Prepare
    glue.on(GetTableCommand).rejects(Object.assign(new Error('Table attribution not found.'), { name: 'EntityNotFoundException' }));

    // Act
    const error = await handler({ asOf: night.asOf }, context).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(MartUnreadableError);
    expect((error as Error).message).toBe('handoff_models.attribution cannot be read from the lake: the Glue catalog has no such table (Table attribution not found.); run the models step first, then re-run this step');
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});

describe('tables read back from the lake', () => {
  beforeEach(() => {
    glue.reset();
    s3.reset();
  });

  it('makes a table without files (a mart with no rows) an empty table with the catalog\'s types', async () => {
    // Prepare
    glue.on(GetTableCommand).resolves({ Table: { Name: 'rejection_reasons', DatabaseName: 'm', StorageDescriptor: {
      Location: 's3://lake/_models/rejection_reasons/r1',
      Columns: [{ Name: 'month', Type: 'date' }, { Name: 'reason', Type: 'string' }, { Name: 'rejected', Type: 'bigint' }, { Name: 'share', Type: 'decimal(20,4)' }, { Name: 'ids', Type: 'array<string>' }],
    } } });
    s3.on(ListObjectsV2Command).resolves({ Contents: [] });
    const engine = await DuckDbEngine.open();

    // Act
    const loaded = await loadTablesFromLake({ glue: new GlueClient({ region: 'us-east-1' }), s3: new S3Client({ region: 'us-east-1' }) }, engine, { database: 'm', tables: ['rejection_reasons'], scratchDir: '/tmp/handoff-empty-mart' });

    // Assess: the prefix gets its slash, so "r1" never matches "r10".
    expect(loaded).toEqual({ rejection_reasons: { location: 's3://lake/_models/rejection_reasons/r1', files: 0 } });
    expect(s3.commandCalls(ListObjectsV2Command)[0]!.args[0].input).toEqual({ Bucket: 'lake', Prefix: '_models/rejection_reasons/r1/' });
    expect(await engine.query('select count(*) as n from rejection_reasons')).toEqual([{ n: 0 }]);
    const described = await engine.query<{ column_name: string; column_type: string }>('describe rejection_reasons');
    expect(described.map((c) => [c.column_name, c.column_type])).toEqual([['month', 'DATE'], ['reason', 'VARCHAR'], ['rejected', 'BIGINT'], ['share', 'DECIMAL(20,4)'], ['ids', 'VARCHAR[]']]);
    await engine.close();
  });

  it('names a column type it cannot carry over', () => {
    expect(duckDbType('timestamp', 'm', 'leads')).toBe('timestamp');
    expect(() => duckDbType('map<string,int>', 'm', 'leads')).toThrow(/m\.leads cannot be read from the lake: its column type "map<string,int>" has no DuckDB counterpart here/);
  });
});

import { AthenaClient } from '@aws-sdk/client-athena';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import parserPackage from 'node-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AthenaEngine } from '../../../functions/core/athena-engine.ts';
import { findExportWindow } from '../../../functions/core/export-window.ts';
import { athenaExportWindowStore, keysMissingSql } from '../../../functions/models/export-windows.ts';
import { startS3rver, type LocalS3 } from '../../helpers/s3rver.ts';
import { fakeAthena, type FakeAnswer } from './fake-athena.ts';

const { Parser } = parserPackage as unknown as { Parser: new () => { astify(sql: string, options: { database: string }): unknown } };

const LAKE = 'handoff-lake';
const TABLE = '"handoff_lake"."salesforce_lead"';

describe('export window on Athena: the same rule as the DuckDB night, over the lake in S3', () => {
  let s3: LocalS3;
  let bucket = 0;
  beforeAll(async () => {
    s3 = await startS3rver();
  });
  afterAll(async () => {
    await s3.stop();
  });

  /** A fresh lake bucket holding one Parquet file per export date of salesforce/lead, `bytes` long. */
  async function lakeWith(exports: Record<string, number>): Promise<string> {
    const name = `${LAKE}-${++bucket}`;
    await s3.client.send(new CreateBucketCommand({ Bucket: name }));
    for (const [date, bytes] of Object.entries(exports)) await put(name, date, bytes);
    return name;
  }
  const put = (name: string, date: string, bytes: number) => s3.client.send(new PutObjectCommand({ Bucket: name, Key: `salesforce/lead/export_date=${date}/lead_csv.parquet`, Body: Buffer.alloc(bytes, 1) }));

  /**
   * Athena answering the key comparison from a table stated by hand: `missing[candidate]` is how
   * many keys of the earlier exports the candidate lacks. Returns the store and the queries run.
   */
  function store(lakeBucket: string, missing: Record<string, number>) {
    const answer = (sql: string): FakeAnswer | undefined => {
      const candidate = /export_date = date '(\d{4}-\d{2}-\d{2})'/.exec(sql)?.[1];
      return candidate ? { columns: [['n', 'bigint']], rows: [[String(missing[candidate])]] } : undefined;
    };
    const { statements } = fakeAthena(answer);
    const engine = new AthenaEngine({ client: new AthenaClient({ region: 'us-east-1' }), workGroup: 'handoff', database: 'handoff_models', lakeBucket, runId: 'run1', sleep: async () => {} });
    return { statements, store: athenaExportWindowStore({ engine, s3: s3.client }, { lakeBucket, lakeDatabase: 'handoff_lake' }) };
  }

  it('a full export after a delta starts the window; the marker is written beside the lake as on this machine', async () => {
    // Prepare: full {A, B, C} on 11-18, a delta {A} on 11-19, a full {A, B, C, D} on 11-20 (it lacks none of the earlier keys).
    const lake = await lakeWith({ '2026-11-18': 30, '2026-11-19': 10, '2026-11-20': 40 });
    const { store: athena, statements } = store(lake, { '2026-11-20': 0 });

    // Act
    const from = await findExportWindow(athena, 'salesforce', 'lead', 'lead_id');

    // Assess: one comparison (newest candidate first), reading only the three partitions compared.
    expect(from).toBe('2026-11-20');
    expect(statements).toEqual([keysMissingSql(TABLE, 'lead_id', ['2026-11-18', '2026-11-19'], '2026-11-20')]);
    expect(statements[0]).toContain("where export_date in (date '2026-11-18', date '2026-11-19') and \"lead_id\" is not null");
    const marker = await s3.client.send(new GetObjectCommand({ Bucket: lake, Key: '_export_window/salesforce/lead.json' }));
    expect(JSON.parse(await marker.Body!.transformToString())).toEqual({
      readFrom: '2026-11-20',
      exports: { '2026-11-18': 'lead_csv.parquet:30', '2026-11-19': 'lead_csv.parquet:10', '2026-11-20': 'lead_csv.parquet:40' },
    });
  });

  it('a partial export never starts the window', async () => {
    // Prepare: {A, B} then {B, C}: the second lacks A (1 key).
    const lake = await lakeWith({ '2026-11-18': 20, '2026-11-19': 20 });
    const { store: athena } = store(lake, { '2026-11-19': 1 });

    // Act / Assess
    expect(await findExportWindow(athena, 'salesforce', 'lead', 'lead_id')).toBe('2026-11-18');
  });

  it('the next night compares only the new export with the window; an older export loaded again starts over', async () => {
    // Prepare: {A, B} then {A, B, C}: the window starts at 11-19.
    const lake = await lakeWith({ '2026-11-18': 20, '2026-11-19': 30 });
    expect(await findExportWindow(store(lake, { '2026-11-19': 0 }).store, 'salesforce', 'lead', 'lead_id')).toBe('2026-11-19');

    // Act 1: the next night's full export holds every key of 11-19.
    await put(lake, '2026-11-20', 40);
    const next = store(lake, { '2026-11-20': 0 });
    expect(await findExportWindow(next.store, 'salesforce', 'lead', 'lead_id')).toBe('2026-11-20');
    // Assess 1: only 11-19 (the window) was compared with 11-20, not 11-18.
    expect(next.statements).toEqual([keysMissingSql(TABLE, 'lead_id', ['2026-11-19'], '2026-11-20')]);

    // Act 2: 11-18 is loaded again with a different file (60 bytes): every export is compared afresh; 11-20 lacks 2 of its keys now.
    await put(lake, '2026-11-18', 60);
    const again = store(lake, { '2026-11-20': 2, '2026-11-19': 2 });
    // Assess 2: neither later export holds all of 11-18, so staging reads from 11-18 again.
    expect(await findExportWindow(again.store, 'salesforce', 'lead', 'lead_id')).toBe('2026-11-18');
    expect(again.statements).toEqual([
      keysMissingSql(TABLE, 'lead_id', ['2026-11-18', '2026-11-19'], '2026-11-20'),
      keysMissingSql(TABLE, 'lead_id', ['2026-11-18'], '2026-11-19'),
    ]);
  });

  it('an object without exports, or without an ID column, is read whole and asks Athena nothing', async () => {
    // Prepare
    const lake = await lakeWith({ '2026-11-18': 20 });
    const { store: athena, statements } = store(lake, {});

    // Act / Assess
    expect(await findExportWindow(athena, 'salesforce', 'contact', 'contact_id')).toBeUndefined();
    expect(await findExportWindow(athena, 'salesforce', 'lead', undefined)).toBeUndefined();
    expect(statements).toEqual([]);
  });

  it('compares keys with SQL that parses with the Trino grammar', () => {
    const sql = keysMissingSql(TABLE, 'lead_id', ['2026-11-18', '2026-11-19'], '2026-11-20');
    expect(() => new Parser().astify(sql, { database: 'trino' })).not.toThrow();
  });
});

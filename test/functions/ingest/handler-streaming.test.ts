import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client, type GetObjectCommandInput } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import { processObject } from '../../../functions/ingest/handler/process-object.ts';
import { downloadExport, ExportDownloadError } from '../../../functions/ingest/s3-lake.ts';
import { zip } from '../../fixtures/corpus/generate.ts';
import { emptyBucket, listKeys, s3ClientFor, startS3rver, type LocalS3 } from '../../helpers/s3rver.ts';

// Salesforce Data Export dialect (see handler.test.ts): rows 1–3 of Lead.csv are good, row 4's
// CreatedDate is nonsense; Lead_2.csv and Lead_3.csv hold one good lead each.
const HEADER = '"Id","IsDeleted","MasterRecordId","FirstName","LastName","Company","Status","OwnerId","IsConverted","ConvertedContactId","LeadSource","CreatedDate","LastModifiedDate"\r\n';
const row = (n: number, last: string, created: string) =>
  `"00Q00000000000${n}AAA","0","000000000000000AAA","F${n}","${last}","Co ${n}","Open - Not Contacted","005000000000001AAA","0","000000000000000AAA","Web","${created}","2026-11-19 15:00:00"\r\n`;
const LEAD = HEADER + row(1, 'Ng', '2026-11-19 14:05:00') + row(2, 'Ito', '2026-11-19 16:30:00') + row(3, 'Diaz', '2026-11-18 09:00:00') + row(4, 'Bad', 'last tuesday');
const LEAD_2 = HEADER + row(5, 'Park', '2026-11-20 08:15:00');
const LEAD_3 = HEADER + row(6, 'Cho', '2026-11-20 09:00:00');
// A Data Export ZIP: three CSV entries and one attachment binary, which is skipped.
const ARCHIVE = zip([
  { name: 'Lead.csv', data: Buffer.from(LEAD) },
  { name: 'ContentVersion/068000000000001AAA', data: Buffer.alloc(5000, 7) },
  { name: 'Lead_2.csv', data: Buffer.from(LEAD_2) },
  { name: 'Lead_3.csv', data: Buffer.from(LEAD_3) },
]);
const KEY = 'salesforce/2026-11-20/export.zip';
const ENTRY_FILES = ['Lead.csv', 'Lead_2.csv', 'Lead_3.csv'];

// Lake file keys: the readable path plus the first 10 hex digits of the SHA-256 of the exact path
// (`printf 'salesforce/2026-11-20/export.zip/Lead.csv' | sha256sum` → 2ac891b3de…).
const DAY = 'export_date=2026-11-20';
const LAKE_KEYS = [
  `_ingest/salesforce/archive/${DAY}/export_zip_10f180c1b3.parquet`,
  `_ingest/salesforce/lead/${DAY}/export_zip_lead_2_csv_c881ce1cfd.parquet`,
  `_ingest/salesforce/lead/${DAY}/export_zip_lead_3_csv_e4ab58ed08.parquet`,
  `_ingest/salesforce/lead/${DAY}/export_zip_lead_csv_2ac891b3de.parquet`,
  `_quarantine/salesforce/lead/${DAY}/export_zip_lead_2_csv_c881ce1cfd.parquet`,
  `_quarantine/salesforce/lead/${DAY}/export_zip_lead_3_csv_e4ab58ed08.parquet`,
  `_quarantine/salesforce/lead/${DAY}/export_zip_lead_csv_2ac891b3de.parquet`,
  `salesforce/lead/${DAY}/export_zip_lead_2_csv_c881ce1cfd.parquet`,
  `salesforce/lead/${DAY}/export_zip_lead_3_csv_e4ab58ed08.parquet`,
  `salesforce/lead/${DAY}/export_zip_lead_csv_2ac891b3de.parquet`,
];

/** Every file under `dir` outside the local lake, relative to `dir`: what the export itself occupies in /tmp. */
function scratchFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((path) => !path.split('/').includes('lake'));
}

describe('a ZIP export is read in place from S3, one entry at a time in /tmp', () => {
  let s3: LocalS3;
  let engine: DuckDbEngine;
  let scratchDir: string;
  let readDir: string;
  /** Every GetObject the function sent, in order. */
  let gets: GetObjectCommandInput[];
  /** The scratch files present each time DuckDB was asked to do anything. */
  let seen: string[][];
  let client: S3Client;

  beforeAll(async () => {
    s3 = await startS3rver(['raw', 'lake']);
    engine = await DuckDbEngine.open();
    readDir = mkdtempSync(join(tmpdir(), 'handoff-zip-read-'));
  });

  afterAll(async () => {
    await engine?.close();
    await s3?.stop();
    rmSync(readDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await emptyBucket(s3.client, 'raw');
    await emptyBucket(s3.client, 'lake');
    scratchDir = mkdtempSync(join(tmpdir(), 'handoff-zip-scratch-'));
    gets = [];
    seen = [];
    client = s3ClientFor(s3.endpoint);
    client.middlewareStack.add((next, context) => async (args) => {
      if (context.commandName === 'GetObjectCommand') gets.push({ ...(args.input as GetObjectCommandInput) });
      return next(args);
    }, { step: 'initialize', name: 'recordGets' });
    await s3.client.send(new PutObjectCommand({ Bucket: 'raw', Key: KEY, Body: ARCHIVE }));
    return () => rmSync(scratchDir, { recursive: true, force: true });
  });

  /** The real engine, looking at the scratch folder before every statement it runs. */
  function watchedEngine(): DuckDbEngine {
    return new Proxy(engine, {
      get(target, name) {
        const value = Reflect.get(target, name, target) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          // The export's files only: a load's work folder (.handoff-ingest-…) holds its parsed rows, not the export.
          seen.push(scratchFiles(scratchDir).filter((path) => !path.split('/').some((part) => part.startsWith('.handoff-ingest-'))));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  async function readLake(key: string, select: string, orderBy: string): Promise<Array<Record<string, unknown>>> {
    const body = await (await s3.client.send(new GetObjectCommand({ Bucket: 'lake', Key: key }))).Body!.transformToByteArray();
    const path = join(readDir, key.replace(/[^a-z0-9.]+/gi, '_'));
    writeFileSync(path, body);
    return engine.query(`select ${select} from read_parquet('${path}') order by ${orderBy}`);
  }

  it('loads every CSV entry, and /tmp never holds the archive or more than one entry', async () => {
    // Act
    const outcome = await processObject({ s3: client, engine: watchedEngine(), lakeBucket: 'lake', scratchDir }, { bucket: 'raw', key: KEY });

    // Assess: 4 + 1 + 1 rows read; 3 + 1 + 1 loaded, Lead.csv's row 4 quarantined
    expect(outcome.status).toBe('loaded');
    if (outcome.status !== 'loaded') return;
    expect(outcome.load).toMatchObject({ object: 'archive', rowsRead: 6, rowsLoaded: 5, rowsQuarantined: 1, skipped: ['ContentVersion/ (1 file, not CSV)'] });
    expect(outcome.load.error).toBeUndefined();
    expect(outcome.load.entries?.map((e) => [e.file, e.rowsLoaded, e.rowsQuarantined])).toEqual([
      [`${KEY}/Lead.csv`, 3, 1], [`${KEY}/Lead_2.csv`, 1, 0], [`${KEY}/Lead_3.csv`, 1, 0],
    ]);
    expect((await listKeys(s3.client, 'lake')).filter((k) => !k.startsWith('_receipts/'))).toEqual(LAKE_KEYS);
    const leads = await readLake(LAKE_KEYS[7]!, 'lead_id, source_file', 'lead_id');
    expect(leads).toEqual([{ lead_id: '00Q000000000005AAA', source_file: `${KEY}/Lead_2.csv` }]);

    // Every byte came from a ranged GET: the archive was never downloaded whole.
    expect(gets.length).toBeGreaterThan(0);
    expect(gets.every((get) => get.Key === KEY && /^bytes=\d+-\d+$/.test(get.Range ?? ''))).toBe(true);
    // DuckDB ran with at most one file of the export in /tmp, and each entry was seen there alone.
    expect(seen.every((files) => files.length <= 1)).toBe(true);
    const entriesSeen = new Set(seen.flat().map((path) => path.split('/').at(-1)));
    expect([...entriesSeen].sort()).toEqual(['entry-0.csv', 'entry-1.csv', 'entry-2.csv']);
    expect(entriesSeen.size).toBe(ENTRY_FILES.length);
    // …and nothing is left behind.
    expect(scratchFiles(scratchDir)).toEqual([]);
  });

  it('reads a directory of 3,000 entries in a handful of requests, not two per entry', async () => {
    // Prepare: 3,000 attachments (35-byte names, 46-byte directory records: about 243 KB of directory) and one CSV
    const attachments = Array.from({ length: 3000 }, (_, i) => ({ name: `ContentVersion/068${String(i).padStart(15, '0')}`, data: Buffer.from('x') }));
    await s3.client.send(new PutObjectCommand({ Bucket: 'raw', Key: KEY, Body: zip([...attachments, { name: 'Lead_2.csv', data: Buffer.from(LEAD_2) }]) }));

    // Act
    const outcome = await processObject({ s3: client, engine, lakeBucket: 'lake', scratchDir }, { bucket: 'raw', key: KEY });

    // Assess: the end record (1 request), the directory in 256 KB blocks (at most 2), Lead_2.csv's
    // header (1) and its data (1): at most 5, where one read per record would take over 6,000.
    expect(outcome).toMatchObject({ status: 'loaded', load: { rowsLoaded: 1, skipped: ['ContentVersion/ (3000 files, not CSV)'] } });
    expect(gets.length).toBeLessThanOrEqual(5);
  });

  it('re-throws a transfer that breaks off mid-archive (retried by SQS), writing neither lake files nor a receipt', async () => {
    // Prepare: the third request (Lead_2.csv's data, after the directory block and Lead.csv's data) fails as a dropped connection would
    let dataReads = 0;
    client.middlewareStack.add((next, context) => async (args) => {
      if (context.commandName === 'GetObjectCommand' && ++dataReads === 3) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
      return next(args);
    }, { step: 'initialize', name: 'dropConnection' });

    // Act
    const loading = processObject({ s3: client, engine, lakeBucket: 'lake', scratchDir }, { bucket: 'raw', key: KEY });

    // Assess
    await expect(loading).rejects.toBeInstanceOf(ExportDownloadError);
    await expect(loading).rejects.toThrow(/s3:\/\/raw\/salesforce\/2026-11-20\/export\.zip: could not download the export \(a ranged read broke off: TimeoutError: socket hang up\)/);
    expect(await listKeys(s3.client, 'lake')).toEqual([]);
    expect(scratchFiles(scratchDir)).toEqual([]);
  });

  it('re-throws a body that breaks off part-way through an entry, though yauzl only sees a corrupt entry', async () => {
    // Prepare: the second request (Lead.csv's data) answers, then its body errors on its first bytes
    let gets = 0;
    client.middlewareStack.add((next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'GetObjectCommand' && ++gets === 2) {
        const output = result.output as { Body: Readable };
        output.Body = output.Body.pipe(new Transform({ transform: (_chunk, _encoding, done) => done(new Error('read ECONNRESET')) }));
      }
      return result;
    }, { step: 'initialize', name: 'resetBody' });

    // Act
    const loading = processObject({ s3: client, engine, lakeBucket: 'lake', scratchDir }, { bucket: 'raw', key: KEY });

    // Assess
    await expect(loading).rejects.toThrow(/could not download the export \(a ranged read broke off: Error: read ECONNRESET\)/);
    expect(await listKeys(s3.client, 'lake')).toEqual([]);
    expect(scratchFiles(scratchDir)).toEqual([]);
  });
});

describe('a CSV or gzip export is streamed to /tmp, never held in memory', () => {
  it('has each part of the object on disk before S3 sends the next', async () => {
    // Prepare: an S3 response whose body sends four 64 KiB parts, each only once the one before is
    // on disk (a bounded wait): a download that kept the body in memory until the end never gets part 2.
    const dir = mkdtempSync(join(tmpdir(), 'handoff-stream-'));
    const key = 'salesforce/2026-11-20/Lead.csv.gz';
    const path = join(dir, key);
    const PART = 64 * 1024;
    const onDisk = () => (existsSync(path) ? statSync(path).size : 0);
    async function* parts(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 4; i++) {
        for (let turn = 0; turn < 2000 && onDisk() < i * PART; turn++) await new Promise((done) => setTimeout(done, 1));
        if (onDisk() < i * PART) throw new Error(`part ${i} was not on disk before part ${i + 1} was asked for`);
        yield Buffer.alloc(PART, 0x41 + i);
      }
    }
    const s3 = { send: async () => ({ Body: Readable.from(parts()), LastModified: new Date('2026-11-20T02:00:00Z') }) } as unknown as S3Client;

    try {
      // Act
      const copy = await downloadExport(s3, 'raw', key, dir);

      // Assess: 4 × 65,536 bytes, "AAAA…BBBB…CCCC…DDDD…"
      expect(copy).toBe(path);
      const bytes = readFileSync(copy);
      expect(bytes.length).toBe(262_144);
      expect([bytes[0], bytes[PART], bytes[2 * PART], bytes[3 * PART]]).toEqual([0x41, 0x42, 0x43, 0x44]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

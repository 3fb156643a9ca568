import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import type { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import { processObject } from '../../../functions/ingest/handler/process-object.ts';
import { parseS3Notification } from '../../../functions/ingest/handler/s3-event.ts';
import { downloadExport } from '../../../functions/ingest/s3-lake.ts';

// s3rver keeps no versions (it answers every VersionId with the current object), so the request
// itself is checked here against the SDK's mock; the loading is tested against s3rver elsewhere.
describe('the version an S3 notification names is the version read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-versions-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes versionId (and size and eTag) from the notification', () => {
    const body = JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'raw' }, object: { key: 'salesforce/2026-11-20/Lead.csv', size: 2048, eTag: 'e1', versionId: '3HL4kqtJlcpXroDTDmjVBH40Nrjfkd' } } }] });
    expect(parseS3Notification(body)).toEqual({ kind: 'objects', ignored: [], objects: [{ bucket: 'raw', key: 'salesforce/2026-11-20/Lead.csv', etag: 'e1', size: 2048, versionId: '3HL4kqtJlcpXroDTDmjVBH40Nrjfkd' }] });
  });

  it('asks S3 for that version, and for the current object when there is none', async () => {
    // Prepare
    const s3 = mockClient(S3Client);
    s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([Buffer.from('Id\n1\n')]) }));

    // Act
    const client = new S3Client({ region: 'eu-west-1' });
    const path = await downloadExport(client, 'raw', 'salesforce/2026-11-20/Lead.csv', dir, 'v2');
    await downloadExport(client, 'raw', 'salesforce/2026-11-20/Lead.csv', dir);

    // Assess
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'raw', Key: 'salesforce/2026-11-20/Lead.csv', VersionId: 'v2' },
      { Bucket: 'raw', Key: 'salesforce/2026-11-20/Lead.csv' },
    ]);
    expect(readFileSync(path, 'utf8')).toBe('Id\n1\n');
    s3.restore();
  });

  it('skips a notification whose version was replaced since: the newer version\'s own notification loads the newer file', async () => {
    // Prepare: the key was uploaded twice; its current version is v3, the notification is about v2.
    const s3 = mockClient(S3Client);
    s3.on(HeadObjectCommand).resolves({ VersionId: 'v3', ETag: '"e3"', ContentLength: 10 });

    // Act
    const outcome = await processObject({ s3: new S3Client({ region: 'eu-west-1' }), engine: {} as DuckDbEngine, lakeBucket: 'lake', scratchDir: join(dir, 'scratch') },
      { bucket: 'raw', key: 'salesforce/2026-11-20/Lead.csv', etag: 'e2', versionId: 'v2' });

    // Assess: nothing read, nothing written.
    expect(outcome).toEqual({ status: 'skipped', object: { bucket: 'raw', key: 'salesforce/2026-11-20/Lead.csv', etag: 'e2', versionId: 'v2' }, reason: 'version v2 was replaced by version v3, which its own notification loads' });
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(s3.calls().map((c) => c.args[0].constructor.name)).toEqual(['HeadObjectCommand']);
    s3.restore();
  });
});

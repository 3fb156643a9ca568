import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

// s3rver ships no types; this is the part of its API the tests use.
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverConstructor = new (options: { address: string; port: number; directory: string; silent: boolean; vhostBuckets?: boolean }) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

/** A running s3rver: a real S3 API on 127.0.0.1, storing objects in a temp directory. */
export interface LocalS3 {
  endpoint: string;
  /** A client for this server, configured as the tests' own S3 client. */
  client: S3Client;
  /** Environment under which an SDK client built with `new S3Client({})` talks to this server. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts s3rver on a free port with the given buckets; every wait is bounded. */
export async function startS3rver(buckets: string[] = []): Promise<LocalS3> {
  const directory = mkdtempSync(join(tmpdir(), 'handoff-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, vhostBuckets: false });
  const address = await withTimeout(server.run(), START_TIMEOUT_MS, 's3rver did not start');
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = s3ClientFor(endpoint);
  for (const bucket of buckets) await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint,
    client,
    env: {
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      // s3rver predates the SDK's default CRC checksums (and their aws-chunked uploads).
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    },
    async stop() {
      client.destroy();
      server.httpServer?.closeAllConnections();
      await withTimeout(server.close(), STOP_TIMEOUT_MS, 's3rver did not stop').finally(() => rmSync(directory, { recursive: true, force: true }));
    },
  };
}

/** An S3 client for a local S3 API: path-style addressing, dummy credentials, us-east-1. */
export function s3ClientFor(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Every key in a bucket, sorted. */
export async function listKeys(client: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

/** Deletes every object in a bucket, so each test starts from an empty one. */
export async function emptyBucket(client: S3Client, bucket: string): Promise<void> {
  for (const key of await listKeys(client, bucket)) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

import { createReadStream, createWriteStream, mkdirSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** The registered media type of Parquet files, so the lake's objects say what they are. */
export const PARQUET_CONTENT_TYPE = 'application/vnd.apache.parquet';

const UPLOAD_CONCURRENCY = 8;

/** An export object that could not be fetched from the raw bucket (missing, forbidden, network). */
export class ExportDownloadError extends Error {
  override name = 'ExportDownloadError';
  readonly bucket: string;
  readonly key: string;
  constructor(bucket: string, key: string, reason: string, cause?: unknown) {
    super(`s3://${bucket}/${key}: could not download the export (${reason}); check that the object exists and that the ingest function may read it`, { cause });
    this.bucket = bucket;
    this.key = key;
  }
}

/** A lake file that could not be written to (or removed from) the lake bucket. */
export class LakeUploadError extends Error {
  override name = 'LakeUploadError';
  readonly bucket: string;
  readonly key: string;
  constructor(bucket: string, key: string, reason: string, cause?: unknown) {
    super(`s3://${bucket}/${key}: could not write the lake file (${reason}); check that the ingest function may write to the lake bucket`, { cause });
    this.bucket = bucket;
    this.key = key;
  }
}

/**
 * Streams one export object to `localDir/<key>` and returns that path. The body is piped to disk,
 * never buffered, so a multi-GB export costs disk, not memory. With `versionId` it reads exactly
 * that version, so a notification is never answered with a newer upload of the same key.
 */
export async function downloadExport(s3: S3Client, bucket: string, key: string, localDir: string, versionId?: string): Promise<string> {
  const path = resolve(localDir, key);
  if (!path.startsWith(resolve(localDir) + sep)) throw new ExportDownloadError(bucket, key, 'the key leaves the download folder ("..", or a leading "/")');
  let body: unknown;
  let lastModified: Date | undefined;
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
    body = response.Body;
    lastModified = response.LastModified;
  } catch (error) {
    throw new ExportDownloadError(bucket, key, describe(error), error);
  }
  if (!(body instanceof Readable)) throw new ExportDownloadError(bucket, key, 'the response has no readable body');
  mkdirSync(dirname(path), { recursive: true });
  try {
    await pipeline(body, createWriteStream(path));
  } catch (error) {
    throw new ExportDownloadError(bucket, key, `the transfer broke off: ${describe(error)}`, error);
  }
  // The object's time, not the download's, dates an export with no date in its key or data.
  if (lastModified) utimesSync(path, lastModified, lastModified);
  return path;
}

/**
 * Uploads every file under a local lake folder to the same relative keys (under `prefix`) and
 * returns the keys. Keys are the lake's deterministic paths, so uploading again overwrites.
 * Ingest-log files go last: a log in the bucket means its data file is there too.
 */
export async function uploadLakeDir(s3: S3Client, bucket: string, localLakeDir: string, prefix = ''): Promise<string[]> {
  const files = listFiles(localLakeDir).map((path) => ({ path, key: prefix + relative(localLakeDir, path).split(sep).join('/') }));
  const isLog = (key: string) => key.startsWith(`${prefix}_ingest/`);
  await forEachLimited(files.filter((f) => !isLog(f.key)), UPLOAD_CONCURRENCY, (f) => putFile(s3, bucket, f.key, f.path));
  await forEachLimited(files.filter((f) => isLog(f.key)), UPLOAD_CONCURRENCY, (f) => putFile(s3, bucket, f.key, f.path));
  return files.map((f) => f.key);
}

/** Removes lake keys that a newer load of the same export no longer writes (e.g. data of a file that is now unreadable). */
export async function deleteLakeKeys(s3: S3Client, bucket: string, keys: string[]): Promise<void> {
  await forEachLimited(keys, UPLOAD_CONCURRENCY, async (key) => {
    try {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      throw new LakeUploadError(bucket, key, `delete failed: ${describe(error)}`, error);
    }
  });
}

async function putFile(s3: S3Client, bucket: string, key: string, path: string): Promise<void> {
  try {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(path), ContentLength: statSync(path).size, ContentType: PARQUET_CONTENT_TYPE }));
  } catch (error) {
    throw new LakeUploadError(bucket, key, describe(error), error);
  }
}

async function forEachLimited<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : []));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

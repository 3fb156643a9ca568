// The nightly site build, run by CodeBuild from a copy of the repository's site/, functions/publish/
// and package files: downloads the night's site data, builds the site with the same build as
// `handoff run`, then replaces the site bucket's files (new files first, stale ones last, so
// readers never meet a missing page). Settings: SITE_DATA_BUCKET, SITE_DATA_PREFIX, SITE_BUCKET.
import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { buildSite } from '../../functions/publish/build-site.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};

/** The Content-Type S3 should serve a site file with. */
export function contentTypeOf(key: string): string {
  return CONTENT_TYPES[extname(key).toLowerCase()] ?? 'application/octet-stream';
}

/** Astro's hashed assets never change under one name; pages and data change every night. */
export function cacheControlOf(key: string): string {
  return key.startsWith('_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate';
}

/** Keys the bucket holds that the new build no longer has. */
export function staleKeys(existing: string[], uploaded: string[]): string[] {
  const keep = new Set(uploaded);
  return existing.filter((key) => !keep.has(key));
}

async function listKeys(s3: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    for (const object of page.Contents ?? []) if (object.Key && !object.Key.endsWith('/')) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Downloads the site data, builds the site and publishes it; returns what changed. */
export async function publish(s3: S3Client, settings: { siteDataBucket: string; siteDataPrefix: string; siteBucket: string }, workDir: string): Promise<{ pages: number; uploaded: number; deleted: number }> {
  const dataDir = join(workDir, 'site-data');
  const outDir = join(workDir, 'site');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const dataKeys = await listKeys(s3, settings.siteDataBucket, settings.siteDataPrefix);
  if (!dataKeys.length) throw new Error(`no site data under s3://${settings.siteDataBucket}/${settings.siteDataPrefix}; run the site-data step first`);
  for (const key of dataKeys) {
    const target = join(dataDir, key.slice(settings.siteDataPrefix.length));
    mkdirSync(dirname(target), { recursive: true });
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: settings.siteDataBucket, Key: key }));
    await pipeline(Body as Readable, createWriteStream(target));
  }
  const { pages } = await buildSite({ dataDir, outDir });

  const uploaded: string[] = [];
  for (const file of listFiles(outDir)) {
    const key = relative(outDir, file).split(sep).join('/');
    await s3.send(new PutObjectCommand({ Bucket: settings.siteBucket, Key: key, Body: readFileSync(file), ContentType: contentTypeOf(key), CacheControl: cacheControlOf(key) }));
    uploaded.push(key);
  }
  const stale = staleKeys(await listKeys(s3, settings.siteBucket), uploaded);
  for (let i = 0; i < stale.length; i += 1000) {
    await s3.send(new DeleteObjectsCommand({ Bucket: settings.siteBucket, Delete: { Objects: stale.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
  }
  return { pages, uploaded: uploaded.length, deleted: stale.length };
}

function setting(name: string): string {
  const value = process.env[name]?.trim();
  if (value === undefined) throw new Error(`${name} is not set; the CodeBuild project sets it`);
  return value;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await publish(new S3Client({}), {
    siteDataBucket: setting('SITE_DATA_BUCKET'),
    siteDataPrefix: setting('SITE_DATA_PREFIX'),
    siteBucket: setting('SITE_BUCKET'),
  }, join(tmpdir(), 'handoff-publish'));
  console.log(`site published: ${result.pages} pages, ${result.uploaded} files uploaded, ${result.deleted} stale files removed`);
}

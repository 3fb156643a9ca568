import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Lake prefix of ingest receipts: one empty object per raw export version handled. */
export const RECEIPTS_PREFIX = '_receipts/';

/**
 * The receipt of one version of a raw export: `_receipts/<raw key>/<etag>`. The night lists
 * these to know every export it will read is in the lake, without reading any file.
 */
export function receiptKey(rawKey: string, etag: string): string {
  return `${RECEIPTS_PREFIX}${rawKey}/${etag.replace(/^"|"$/g, '') || 'unknown'}`;
}

/** Records that one version of a raw export was handled (loaded, rejected with a reason, or skipped). */
export async function writeReceipt(s3: S3Client, lakeBucket: string, rawKey: string, etag: string, status: string, lakePrefix = ''): Promise<string> {
  const key = lakePrefix + receiptKey(rawKey, etag);
  await s3.send(new PutObjectCommand({ Bucket: lakeBucket, Key: key, Body: '', ContentType: 'text/plain', Metadata: { status } }));
  return key;
}

import type { S3Event } from 'aws-lambda';

/** One object named by an S3 notification, its key decoded. */
export interface S3ObjectRef {
  bucket: string;
  key: string;
  /** The ETag of the version the notification is about (bare, without quotes), when S3 sent it. */
  etag?: string;
  /** Its size in bytes, when S3 sent it: exports over the large-export threshold go to the Fargate task. */
  size?: number;
  /** The version the notification is about (the raw bucket is versioned): read exactly it, even if the key was overwritten since. */
  versionId?: string;
}

/** What one SQS message from an S3 notification asks for. */
export type S3Notification =
  | { kind: 'test'; bucket: string }
  | { kind: 'objects'; objects: S3ObjectRef[]; ignored: Array<{ eventName: string; key: string }> };

/** An SQS message body that is not an S3 notification; retrying cannot help, so it goes to the dead-letter queue. */
export class MalformedNotificationError extends Error {
  override name = 'MalformedNotificationError';
}

/**
 * Reads an SQS message body written by S3: either `s3:TestEvent` (sent once when the notification
 * is configured) or `Records[]` of object events. Only ObjectCreated events name work to do.
 */
export function parseS3Notification(body: string): S3Notification {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new MalformedNotificationError(`the message body is not JSON (starts with ${JSON.stringify(body.slice(0, 40))}); send S3 event notifications to this queue, nothing else`);
  }
  if (isObject(parsed) && parsed['Event'] === 's3:TestEvent') return { kind: 'test', bucket: String(parsed['Bucket'] ?? '') };
  if (!isObject(parsed) || !Array.isArray(parsed['Records'])) {
    throw new MalformedNotificationError('the message body has no "Records" array; send S3 event notifications to this queue, nothing else');
  }
  const objects: S3ObjectRef[] = [];
  const ignored: Array<{ eventName: string; key: string }> = [];
  for (const [index, record] of (parsed as unknown as S3Event).Records.entries()) {
    const bucket = record?.s3?.bucket?.name;
    const rawKey = record?.s3?.object?.key;
    if (typeof bucket !== 'string' || typeof rawKey !== 'string') {
      throw new MalformedNotificationError(`Records[${index}] has no s3.bucket.name or s3.object.key; is this an S3 event notification?`);
    }
    const key = decodeS3Key(rawKey);
    const { eTag: etag, size, versionId } = record.s3.object;
    if (String(record.eventName ?? '').startsWith('ObjectCreated')) {
      objects.push({
        bucket, key,
        ...(typeof etag === 'string' && etag ? { etag } : {}),
        ...(typeof size === 'number' && Number.isFinite(size) ? { size } : {}),
        ...(typeof versionId === 'string' && versionId ? { versionId } : {}),
      });
    }
    else ignored.push({ eventName: String(record.eventName), key });
  }
  return { kind: 'objects', objects, ignored };
}

/** S3 notifications URL-encode keys with `+` for spaces (`a+b%2B1.csv` is "a b+1.csv"). */
export function decodeS3Key(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    throw new MalformedNotificationError(`the object key "${key}" is not valid URL encoding`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

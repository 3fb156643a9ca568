import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { RECEIPTS_PREFIX, receiptKey } from '../../ingest/handler/receipt.ts';
import type { NightObject } from './exports.ts';

/** The night's exports are not all in the lake yet: the state machine retries the step (bounded), then fails with this. */
export class IngestPendingError extends Error {
  override name = 'IngestPendingError';
  readonly pending: string[];
  readonly queued: number;
  constructor(night: string, pending: string[], queued: number) {
    const parts = [
      pending.length ? `${pending.length} export${pending.length > 1 ? 's' : ''} of ${night} not ingested yet (first: ${pending[0]})` : '',
      queued ? `${queued} notification${queued > 1 ? 's' : ''} still in the ingest queue` : '',
    ].filter(Boolean);
    super(`${parts.join('; ')}; the night waits for ingest. If this persists, see the ingest function's logs and its dead-letter queue for these files`);
    this.pending = pending;
    this.queued = queued;
  }
}

export interface IngestProgress {
  /** Exports of the night whose current version has no ingest receipt yet. */
  pending: string[];
  /** Messages in the ingest queue: waiting, being processed, or delayed. */
  queued: number;
}

/**
 * How far ingest is with the night's exports: every export object's current version (its ETag)
 * must have a receipt, which the ingest function writes only after the object's lake files, and
 * the queue must be empty (no delivery waiting or being processed, e.g. a retry after an error).
 */
export async function ingestProgress(deps: { s3: S3Client; sqs: SQSClient }, where: { lakeBucket: string; queueUrl: string }, objects: NightObject[]): Promise<IngestProgress> {
  const receipts = new Set<string>();
  for (const source of [...new Set(objects.map((o) => o.key.split('/')[0]!))]) {
    let token: string | undefined;
    do {
      const page = await deps.s3.send(new ListObjectsV2Command({ Bucket: where.lakeBucket, Prefix: `${RECEIPTS_PREFIX}${source}/`, ...(token ? { ContinuationToken: token } : {}) }));
      for (const object of page.Contents ?? []) if (object.Key) receipts.add(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  const pending = objects.filter((o) => !receipts.has(receiptKey(o.key, o.etag))).map((o) => o.key).sort();
  const { Attributes: attributes = {} } = await deps.sqs.send(new GetQueueAttributesCommand({
    QueueUrl: where.queueUrl,
    AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
  }));
  const queued = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed']
    .reduce((n, name) => n + Number(attributes[name as keyof typeof attributes] ?? 0), 0);
  return { pending, queued };
}

import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';

/** First retry after this many seconds, doubling per delivery: 1, 2, 4, 8 minutes (then the dead-letter queue). */
const FIRST_RETRY_SECONDS = 60;
const MAX_RETRY_SECONDS = 900;

/** The queue URL of the queue a record came from (`arn:aws:sqs:<region>:<account>:<name>`). */
export function queueUrlOf(record: Pick<SQSRecord, 'eventSourceARN'>): string {
  const [, partition, , region, account, name] = record.eventSourceARN.split(':');
  const domain = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sqs.${region}.${domain}/${account}/${name}`;
}

/** Seconds until a failed record is delivered again: exponential in its delivery count, at most 15 minutes. */
export function retryDelaySeconds(record: Pick<SQSRecord, 'attributes'>): number {
  const deliveries = Math.max(1, Number(record.attributes.ApproximateReceiveCount) || 1);
  return Math.min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** (deliveries - 1));
}

/**
 * Brings a failed record back soon instead of after the queue's visibility timeout (six times the
 * function's 15 minutes): the night waits for ingest, so a retry after 90 minutes would miss it.
 * Best effort: if this call fails, the record still comes back when the timeout ends.
 */
export async function retrySoon(sqs: SQSClient, record: SQSRecord): Promise<number | undefined> {
  const seconds = retryDelaySeconds(record);
  try {
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrlOf(record), ReceiptHandle: record.receiptHandle, VisibilityTimeout: seconds }));
    return seconds;
  } catch {
    return undefined;
  }
}

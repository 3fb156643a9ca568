// The ingest Lambda's handler, invoked once in this process for one S3 object, as SQS would invoke
// it: `node bench/lambda-invoke.ts <bucket> <key> <bytes>`. The environment names the lake bucket
// and the S3 endpoint (bench/lambda.ts starts s3rver on 127.0.0.1); prints one `lambda:` line.
import type { Context, SQSEvent } from 'aws-lambda';

const [bucket = '', key = '', size = '0'] = process.argv.slice(2);
const { handler } = await import('../functions/ingest/handler/index.ts');

/** The S3 notification for one new object, wrapped in the SQS record the function receives. */
function sqsEventFor(objectKey: string, bytes: number): SQSEvent {
  const body = JSON.stringify({
    Records: [{
      eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'us-east-1', eventTime: new Date().toISOString(), eventName: 'ObjectCreated:Put',
      s3: { s3SchemaVersion: '1.0', bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` }, object: { key: encodeURIComponent(objectKey), size: bytes } },
    }],
  });
  return {
    Records: [{
      messageId: 'bench-1', receiptHandle: 'bench-1', body, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:handoff-exports', awsRegion: 'us-east-1',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'bench', ApproximateFirstReceiveTimestamp: '0' },
    }],
  };
}

const context = { functionName: 'handoff-ingest', awsRequestId: 'bench-1', getRemainingTimeInMillis: () => 900_000 } as unknown as Context;
const response = await handler(sqsEventFor(key, Number(size)), context);
process.stdout.write(`lambda: ${response.batchItemFailures.length} failed messages\n`);
process.exit(response.batchItemFailures.length === 0 ? 0 : 1);

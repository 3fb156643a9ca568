/**
 * The edge log retention function: once a day, gives every log group the site's Lambda@Edge
 * sign-in function has in any region the same retention as its home log group.
 *
 * Environment: `EDGE_FUNCTION_NAME` (the sign-in function's name), `REGIONS` (comma-separated),
 * `RETENTION_DAYS` (a retention CloudWatch Logs accepts, e.g. 90).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigError } from '../core/errors.ts';
import { setEdgeLogRetention, type RetentionResult } from './retention.ts';

const logger = new Logger({ serviceName: 'handoff-edge-logs' });
const functionName = process.env['EDGE_FUNCTION_NAME'] ?? '';
const regions = (process.env['REGIONS'] ?? '').split(',').map((r) => r.trim()).filter(Boolean);
const days = Number(process.env['RETENTION_DAYS']);
if (!functionName || !regions.length || !Number.isInteger(days) || days < 1) throw new ConfigError('EDGE_FUNCTION_NAME, REGIONS and RETENTION_DAYS must be set; the deployment sets all three');
// One client per region, reused by every invocation the container serves.
const clients = new Map<string, CloudWatchLogsClient>();

/** EventBridge Scheduler target: sets the retention, logs what changed and which regions were skipped. */
export const handler = async (): Promise<RetentionResult> => {
  const result = await setEdgeLogRetention((region) => {
    let client = clients.get(region);
    if (!client) clients.set(region, client = new CloudWatchLogsClient({ region, maxAttempts: 3 }));
    return client;
  }, regions, functionName, days);
  logger.info('edge log retention set', { days, updated: result.updated, unchanged: result.unchanged, skipped: result.skipped });
  return result;
};

import { RunTaskCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { S3ObjectRef } from './s3-event.ts';

/** Where exports too large for the function are loaded: a Fargate task running the same ingest code. */
export interface LargeExportTask {
  /** Objects of more bytes than this go to the task (default 1 GB, the deployment's `largeExportGb`). */
  thresholdBytes: number;
  cluster: string;
  taskDefinition: string;
  container: string;
  /** Public subnets: the task gets a public IP to reach S3, ECR and CloudWatch; nothing may reach it. */
  subnets: string[];
  securityGroups: string[];
}

/** The task could not be started (capacity, throttling, permissions): retried like any failure of the machine. */
export class LargeExportHandOffError extends Error {
  override name = 'LargeExportHandOffError';
}

/**
 * The container environment naming one export, in a fixed order: a failed task's state-change event
 * carries it back (`environment[0..3]`) and becomes an S3 notification again in the dead-letter
 * queue. The key is URL-encoded as S3 notifications encode it; an empty value means unknown.
 */
export function exportEnvironment(object: S3ObjectRef): Array<{ name: string; value: string }> {
  return [
    { name: 'EXPORT_BUCKET', value: object.bucket },
    { name: 'EXPORT_KEY', value: encodeURIComponent(object.key) },
    { name: 'EXPORT_ETAG', value: object.etag ?? '' },
    { name: 'EXPORT_VERSION_ID', value: object.versionId ?? '' },
  ];
}

/** Starts the Fargate task for one export and returns its ARN; the task writes the lake files and the receipt. */
export async function handOffLargeExport(ecs: ECSClient, task: LargeExportTask, object: S3ObjectRef): Promise<string> {
  let response;
  try {
    response = await ecs.send(new RunTaskCommand({
      cluster: task.cluster,
      taskDefinition: task.taskDefinition,
      launchType: 'FARGATE',
      count: 1,
      startedBy: 'handoff-ingest',
      networkConfiguration: { awsvpcConfiguration: { subnets: task.subnets, securityGroups: task.securityGroups, assignPublicIp: 'ENABLED' } },
      overrides: { containerOverrides: [{ name: task.container, environment: exportEnvironment(object) }] },
    }));
  } catch (error) {
    throw new LargeExportHandOffError(`${object.key}: could not start the large-export task (${(error as Error).message}); the message will be retried`, { cause: error });
  }
  const arn = response.tasks?.[0]?.taskArn;
  if (!arn) {
    const failure = response.failures?.[0];
    throw new LargeExportHandOffError(`${object.key}: ECS started no large-export task (${failure ? `${failure.reason ?? 'no reason'} ${failure.detail ?? ''}`.trim() : 'no task and no failure returned'}); the message will be retried`);
  }
  return arn;
}

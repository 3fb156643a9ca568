import { IgnoreMode, RemovalPolicy } from 'aws-cdk-lib';
import { FlowLogDestination, FlowLogTrafficType, GatewayVpcEndpointAwsService, SecurityGroup, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { Cluster, ContainerImage, ContainerInsights, CpuArchitecture, FargateTaskDefinition, LogDrivers, OperatingSystemFamily, type ContainerDefinition } from 'aws-cdk-lib/aws-ecs';
import { EventField, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import { REPO_ROOT } from './handoff-function.ts';
import type { LakeStorage } from './lake-storage.ts';

export interface LargeExportTaskProps {
  readonly storage: LakeStorage;
  /** The ingest function's own settings (lake bucket, time zone, config), so both load alike. */
  readonly environment: Record<string, string>;
  /** Where a task that stopped without loading its export puts the export's notification back. */
  readonly deadLetterQueue: IQueue;
  /** vCPU units. Default 4096 (4 vCPUs). */
  readonly cpu?: number;
  /** Default 16384 MiB: DuckDB gets three quarters. */
  readonly memoryLimitMiB?: number;
  /** Default 200 GiB (Fargate's maximum): a downloaded CSV (or the one ZIP entry being loaded), its Parquet and DuckDB's spill. */
  readonly ephemeralStorageGiB?: number;
}

/**
 * Exports too large for the ingest function (disk, memory, 15 minutes) load in a Fargate task
 * running the same ingest code: the function starts one task per large export. The tasks live in
 * their own VPC of public subnets only (no NAT gateway to pay for); their security group admits
 * nothing, and S3 traffic goes through a gateway endpoint. A task that stops without loading
 * (exit code other than 0, or never started) puts the export's S3 notification into the ingest
 * dead-letter queue, which alarms and can be redriven like any other failed export.
 */
export class LargeExportTask extends Construct {
  readonly vpc: Vpc;
  readonly cluster: Cluster;
  readonly taskDefinition: FargateTaskDefinition;
  readonly container: ContainerDefinition;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: LargeExportTaskProps) {
    super(scope, id);
    this.vpc = new Vpc(this, 'Network', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Public', subnetType: SubnetType.PUBLIC, cidrMask: 24 }],
      gatewayEndpoints: { S3: { service: GatewayVpcEndpointAwsService.S3 } },
    });
    const flowLogs = new LogGroup(this, 'FlowLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    this.vpc.addFlowLog('Rejected', { destination: FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: FlowLogTrafficType.REJECT });
    this.securityGroup = new SecurityGroup(this, 'Tasks', { vpc: this.vpc, allowAllOutbound: true, description: 'Handoff large-export tasks: no inbound; outbound to S3, ECR and CloudWatch Logs' });
    this.cluster = new Cluster(this, 'Cluster', { vpc: this.vpc, containerInsightsV2: ContainerInsights.ENABLED });

    const memory = props.memoryLimitMiB ?? 16384;
    this.taskDefinition = new FargateTaskDefinition(this, 'Task', {
      cpu: props.cpu ?? 4096,
      memoryLimitMiB: memory,
      ephemeralStorageGiB: props.ephemeralStorageGiB ?? 200,
      runtimePlatform: { cpuArchitecture: CpuArchitecture.X86_64, operatingSystemFamily: OperatingSystemFamily.LINUX },
    });
    const logs = new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    this.container = this.taskDefinition.addContainer('Ingest', {
      image: ContainerImage.fromAsset(REPO_ROOT, {
        file: 'infra/ingest-task/Dockerfile',
        platform: Platform.LINUX_AMD64,
        ignoreMode: IgnoreMode.DOCKER,
        // The image needs the lock file, the functions and the SQL; nothing else of the checkout.
        exclude: ['*', '!package.json', '!package-lock.json', '!functions', '!sql', '!infra', 'infra/*', '!infra/ingest-task'],
      }),
      logging: LogDrivers.awsLogs({ streamPrefix: 'ingest', logGroup: logs }),
      environment: { ...props.environment, TASK_MEMORY_MB: String(memory), POWERTOOLS_SERVICE_NAME: 'handoff-ingest-task' },
    });
    props.storage.grantReadExports(this.taskDefinition.taskRole);
    props.storage.grantWriteLake(this.taskDefinition.taskRole);

    const env = (index: number) => EventField.fromPath(`$.detail.overrides.containerOverrides[0].environment[${index}].value`);
    new Rule(this, 'TaskFailed', {
      description: 'A large-export task stopped without loading its export: its S3 notification goes to the ingest dead-letter queue',
      eventPattern: {
        source: ['aws.ecs'],
        detailType: ['ECS Task State Change'],
        detail: {
          clusterArn: [this.cluster.clusterArn],
          lastStatus: ['STOPPED'],
          $or: [{ containers: { exitCode: [{ 'anything-but': 0 }] } }, { stopCode: ['TaskFailedToStart'] }],
        },
      },
      targets: [new SqsQueue(props.deadLetterQueue, {
        message: RuleTargetInput.fromObject({
          Records: [{ eventSource: 'handoff:large-export-task', eventName: 'ObjectCreated:LargeExportTaskFailed', s3: { bucket: { name: env(0) }, object: { key: env(1), eTag: env(2), versionId: env(3) } } }],
          task: { arn: EventField.fromPath('$.detail.taskArn'), stoppedReason: EventField.fromPath('$.detail.stoppedReason') },
        }),
      })],
    });

    acknowledge(this.taskDefinition.obtainExecutionRole(), 'AwsSolutions-IAM5[Resource::*]', "Pulling the task's image needs ecr:GetAuthorizationToken, which has no resource-level permissions; the image pull itself names the one repository of CDK's assets.");
    acknowledge(this.taskDefinition, 'AwsSolutions-ECS2', 'The environment holds bucket names, the time zone and the Handoff config (calendars, SLA targets): settings, no secrets; the export to load is set per task by the ingest function.');
  }

  /** The ingest function's settings that let it start the task for exports over `thresholdBytes`. */
  functionEnvironment(thresholdBytes: number): Record<string, string> {
    return {
      LARGE_EXPORT_BYTES: String(thresholdBytes),
      INGEST_TASK_CLUSTER: this.cluster.clusterArn,
      INGEST_TASK_DEFINITION: this.taskDefinition.taskDefinitionArn,
      INGEST_TASK_CONTAINER: this.container.containerName,
      INGEST_TASK_SUBNETS: this.vpc.publicSubnets.map((subnet) => subnet.subnetId).join(','),
      INGEST_TASK_SECURITY_GROUPS: this.securityGroup.securityGroupId,
    };
  }

  /** Lets the ingest function start the task (ecs:RunTask on its definition, iam:PassRole on its two roles). */
  grantRun(grantee: IGrantable): void {
    this.taskDefinition.grantRun(grantee);
  }
}

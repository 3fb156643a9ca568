import { Names, Stack } from 'aws-cdk-lib';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface AthenaEngineProps {
  /** Where query results go (`<bucket>/athena/`), SSE-S3 encrypted. */
  readonly resultsBucket: IBucket;
  /** Athena cancels any query that would scan more. Default 100 GiB. */
  readonly bytesScannedCutoffPerQuery?: number;
}

/**
 * The Athena workgroup the models and site-data steps run in: engine version 3, results in the
 * results bucket encrypted with SSE-S3, a per-query scan cutoff, and enforced settings so no
 * caller can send results elsewhere or lift the cutoff. Its name is generated.
 */
export class AthenaEngine extends Construct {
  readonly workGroup: CfnWorkGroup;
  readonly workGroupName: string;

  constructor(scope: Construct, id: string, props: AthenaEngineProps) {
    super(scope, id);
    this.workGroupName = Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    this.workGroup = new CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: 'Handoff: the nightly SQL models and site data queries',
      state: 'ENABLED',
      // Deleting the stack deletes the workgroup even when it holds saved queries or history.
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? 100 * 1024 ** 3,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        publishCloudWatchMetricsEnabled: true,
        requesterPaysEnabled: false,
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucket.bucketName}/athena/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
  }

  /** Lets the role run, watch and stop queries in this workgroup and read their results. */
  grantRunQueries(role: IRole): void {
    role.addToPrincipalPolicy(new PolicyStatement({
      actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution', 'athena:GetWorkGroup', 'athena:BatchGetQueryExecution'],
      resources: [Stack.of(this).formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroupName })],
    }));
  }

  /** Lets the role look up the Glue data catalog through Athena (Step Functions' Athena integration does). */
  grantDataCatalog(role: IRole): void {
    role.addToPrincipalPolicy(new PolicyStatement({
      actions: ['athena:GetDataCatalog'],
      resources: [Stack.of(this).formatArn({ service: 'athena', resource: 'datacatalog', resourceName: 'AwsDataCatalog' })],
    }));
  }
}

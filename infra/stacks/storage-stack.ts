import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { LakeStorage } from '../constructs/lake-storage.ts';

export interface StorageStackProps extends StackProps {
  readonly retentionDays: number;
}

/** Stateful storage, apart from compute so compute can be replaced freely. */
export class StorageStack extends Stack {
  readonly storage: LakeStorage;

  constructor(scope: Construct, id: string, props: StorageStackProps) {
    super(scope, id, props);
    this.storage = new LakeStorage(this, 'Storage', { retentionDays: props.retentionDays });
  }
}

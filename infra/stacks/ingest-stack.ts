import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { IngestPipeline } from '../constructs/ingest-pipeline.ts';
import type { LakeStorage } from '../constructs/lake-storage.ts';

export interface IngestStackProps extends StackProps {
  readonly storage: LakeStorage;
  /** IANA time zone of exports written in local time without an offset. */
  readonly sourceTimeZone: string;
  /** The Handoff config as JSON, for the mapped CSV sources it declares. */
  readonly configJson: string;
  /** Exports of more bytes than this load in a Fargate task instead of the function. */
  readonly largeExportBytes: number;
}

/** Stateless compute that turns each arriving export into Parquet in the lake. */
export class IngestStack extends Stack {
  readonly pipeline: IngestPipeline;

  constructor(scope: Construct, id: string, props: IngestStackProps) {
    super(scope, id, props);
    this.pipeline = new IngestPipeline(this, 'Ingest', { storage: props.storage, sourceTimeZone: props.sourceTimeZone, configJson: props.configJson, largeExportBytes: props.largeExportBytes });
  }
}

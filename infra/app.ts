import { App, Tags, type Environment } from 'aws-cdk-lib';
import { connectorsFor } from '../functions/ingest/connectors/index.ts';
import { loadDeployConfig, type DeployConfig } from './config.ts';
import { applyNagChecks } from './nag.ts';
import { IngestStack } from './stacks/ingest-stack.ts';
import { ModelsStack } from './stacks/models-stack.ts';
import { NightStack } from './stacks/night-stack.ts';
import { SiteSignInStack } from './stacks/site-sign-in-stack.ts';
import { SiteStack } from './stacks/site-stack.ts';
import { StorageStack } from './stacks/storage-stack.ts';

/** Stack names, also the prefix of what CloudFormation names inside them. */
export const STACK_NAMES = {
  storage: 'HandoffStorage',
  ingest: 'HandoffIngest',
  models: 'HandoffModels',
  signIn: 'HandoffSiteSignIn',
  site: 'HandoffSite',
  night: 'HandoffNight',
} as const;

/** The CDK app: composes the stacks only; every setting comes from infra/config.ts. */
export function buildApp(app = new App(), config: DeployConfig = loadDeployConfig()): App {
  const account = config.account ? { account: config.account } : {};
  const env: Environment = { region: config.region, ...account };
  const settingsParameterName = `/${STACK_NAMES.site}/sign-in`;

  const storage = new StorageStack(app, STACK_NAMES.storage, {
    env, description: 'Handoff: raw exports, Parquet lake, Athena results, access logs (stateful)',
    retentionDays: config.retentionDays, athenaResultsDays: config.athenaResultsDays, lakeEncryption: config.lakeEncryption,
  }).storage;
  const ingest = new IngestStack(app, STACK_NAMES.ingest, {
    env, description: 'Handoff: S3 → SQS → ingest Lambda (DuckDB) into the lake',
    storage, sourceTimeZone: config.handoff.ingest.source_time_zone, configJson: config.handoffConfigJson,
  });
  const models = new ModelsStack(app, STACK_NAMES.models, {
    env, description: 'Handoff: Glue catalog, Athena workgroup and the models Lambda',
    storage, connectors: connectorsFor(config.handoff), exportDateRange: config.exportDateRange,
    bytesScannedCutoffPerQuery: config.bytesScannedCutoffPerQuery, configJson: config.handoffConfigJson,
  });
  const signIn = new SiteSignInStack(app, STACK_NAMES.signIn, {
    env: { ...account, region: 'us-east-1' }, crossRegionReferences: true,
    description: 'Handoff: report site sign-in (Lambda@Edge, us-east-1)',
    settingsParameterName, settingsParameterRegion: config.region,
  });
  const site = new SiteStack(app, STACK_NAMES.site, {
    env, crossRegionReferences: true, description: 'Handoff: private report site (CloudFront, Origin Access Control, Cognito readers)',
    storage, signIn: signIn.signIn.version, settingsParameterName, readers: config.readers,
  });
  new NightStack(app, STACK_NAMES.night, {
    env, description: 'Handoff: the nightly run (EventBridge Scheduler → Step Functions → Lambdas, Athena, CodeBuild, CloudFront)',
    storage, catalog: models.catalog, models: models.models, site: site.site, ingestDeadLetterQueue: ingest.pipeline.deadLetterQueue,
    ingestQueue: ingest.pipeline.queue, rejectedFiles: ingest.pipeline.metricFilesRejected(),
    schedule: config.schedule, expectedSources: config.expectedSources, configJson: config.handoffConfigJson, alertEmails: config.alertEmails,
    digestSender: config.handoff.delivery.from,
  });
  // Cost-allocation tag (activate it once in Billing): every resource of the deployment carries it.
  Tags.of(app).add('handoff:deployment', 'handoff');
  applyNagChecks(app);
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) buildApp().synth();

import { App } from 'aws-cdk-lib';
import { loadDeployConfig } from './config.ts';
import { StorageStack } from './stacks/storage-stack.ts';

/** The CDK app: composes stacks only; settings come from infra/config.ts. */
export function buildApp(app = new App()): App {
  const config = loadDeployConfig();
  new StorageStack(app, 'HandoffStorage', {
    env: { region: config.region, ...(config.account ? { account: config.account } : {}) },
    retentionDays: config.retentionDays,
  });
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) buildApp().synth();

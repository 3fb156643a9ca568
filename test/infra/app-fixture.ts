import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { loadConfig } from '../../functions/core/config.ts';
import { buildApp, STACK_NAMES } from '../../infra/app.ts';
import { DEFAULTS, type DeployConfig } from '../../infra/config.ts';

/** The deployment the infra tests synthesize: every value stated, so expectations can be too. */
export const TEST_CONFIG: DeployConfig = {
  name: 'Handoff',
  account: '111122223333',
  region: 'eu-west-1',
  retentionDays: 90,
  athenaResultsDays: 30,
  schedule: { expression: 'cron(0 5 * * ? *)', timeZone: 'Europe/Berlin' },
  bytesScannedCutoffPerQuery: DEFAULTS.bytesScannedCutoffPerQuery,
  exportDateRange: DEFAULTS.exportDateRange,
  expectedSources: ['salesforce'],
  handoff: loadConfig(),
  handoffConfigJson: '{}',
  readers: ['ana@example.com', 'ben@example.com'],
  alertEmails: ['ops@example.com'],
  lakeEncryption: 's3',
  largeExportBytes: DEFAULTS.largeExportBytes,
  ingestWaitMinutes: DEFAULTS.ingestWaitMinutes,
};

export interface SynthesizedApp {
  assembly: CloudAssembly;
  template: (stack: keyof typeof STACK_NAMES) => Template;
  json: (stack: keyof typeof STACK_NAMES) => CfnTemplate;
}

export interface CfnTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, any>; DeletionPolicy?: string }>;
}

/**
 * Synthesizes the whole app (with cdk-nag, as `cdk synth` does) into a fresh assembly.
 * `bundle` names the stacks whose Lambda code is really built; the others get placeholder assets,
 * which keeps a synth to about a second.
 */
export function synthesize(options: { bundle?: Array<keyof typeof STACK_NAMES>; config?: Partial<DeployConfig> } = {}): SynthesizedApp {
  const bundlingStacks = (options.bundle ?? []).map((stack) => STACK_NAMES[stack]);
  const app = new App({ context: { 'aws:cdk:bundling-stacks': bundlingStacks, 'aws:cdk:enable-asset-metadata': true, '@aws-cdk/core:defaultCrossStackReferences': 'strong' } });
  buildApp(app, { ...TEST_CONFIG, ...options.config });
  const assembly = app.synth();
  const json = (stack: keyof typeof STACK_NAMES) => assembly.getStackByName(STACK_NAMES[stack]).template as CfnTemplate;
  return { assembly, json, template: (stack) => Template.fromJSON(json(stack)) };
}

/** Every resource of the given type across all the app's stacks, with its stack and logical id. */
export function resourcesOfType(app: SynthesizedApp, type: string): Array<{ stack: keyof typeof STACK_NAMES; id: string; resource: CfnTemplate['Resources'][string] }> {
  return (Object.keys(STACK_NAMES) as Array<keyof typeof STACK_NAMES>).flatMap((stack) =>
    Object.entries(app.json(stack).Resources).filter(([, r]) => r.Type === type).map(([id, resource]) => ({ stack, id, resource })));
}

/** A Step Functions definition (an Fn::Join of strings and tokens) as JSON, each token replaced by a placeholder string. */
export function stateMachineDefinition(definitionString: unknown): { StartAt: string; States: Record<string, any> } {
  const parts = (definitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'TOKEN')).join(''));
}

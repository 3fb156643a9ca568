/** Deployment settings in one place; the only infra module that reads the environment. */
export interface DeployConfig {
  account?: string;
  region: string;
  /** Days to keep raw exports' old versions and Athena results. */
  retentionDays: number;
}

/** Reads the deployment settings from CDK's standard environment variables. */
export function loadDeployConfig(env: NodeJS.ProcessEnv = process.env): DeployConfig {
  return {
    ...(env['CDK_DEFAULT_ACCOUNT'] ? { account: env['CDK_DEFAULT_ACCOUNT'] } : {}),
    region: env['CDK_DEFAULT_REGION'] ?? 'eu-west-1',
    retentionDays: Number(env['HANDOFF_RETENTION_DAYS'] ?? 90),
  };
}

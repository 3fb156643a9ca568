import { CfnResource, Stack, Validations, type App } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * Runs cdk-nag's AWS Solutions pack as a synthesis validation: `cdk synth` fails on any finding
 * that is not acknowledged, and acknowledgements are written into the templates' metadata
 * (`cdk_nag.rules_to_suppress`) for the audit trail.
 */
export function applyNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
}

/** Acknowledges one cdk-nag finding on a construct and everything under it, with the reason a reviewer reads. */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: rule, reason });
}

/**
 * Acknowledges the wildcard finding (AwsSolutions-IAM5) of one resource ARN in the policies under
 * `scope`. The ARN may hold tokens, even another stack's: the finding's exact text (with the
 * cross-stack import CDK creates) exists only once references are resolved, so the acknowledgement
 * is recorded then, while the construct tree is validated and before templates are written.
 */
export function acknowledgeWildcardResource(scope: IConstruct, resourceArn: string, reason: string): void {
  scope.node.addValidation({
    validate: () => {
      const id = `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resourceArn))}]`;
      Validations.of(scope).acknowledge({ id, reason });
      for (const child of scope.node.findAll()) {
        if (child instanceof CfnPolicy) recordInTemplate(child, id, reason);
      }
      return [];
    },
  });
}

/** Adds an acknowledgement to a resource's `cdk_nag` template metadata (the aspect that writes it has already run). */
function recordInTemplate(resource: CfnResource, id: string, reason: string): void {
  const existing = (resource.getMetadata('cdk_nag') as { rules_to_suppress?: Array<{ id: string; reason: string }> } | undefined)?.rules_to_suppress ?? [];
  if (existing.some((rule) => rule.id === id)) return;
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, { id, reason }] });
}

import type { NightPlan } from './plan.ts';

/** What the state machine passes the models function: plan the night, or finish it. */
export type ModelsEvent =
  | { step: 'plan'; /** The execution's name and start time name the run. */ execution: string; startedAt: string; /** ISO UTC as-of time; by default the newest record change in the lake. */ asOf?: string }
  | { step: 'finish'; plan: NightPlan };

/** An invocation whose input the function cannot use; names the field and what it should hold. */
export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/**
 * Validates the event: `{ "step": "plan", "execution": "…", "startedAt": "…", "asOf"?: "…" }` or
 * `{ "step": "finish", "plan": { … } }` (the plan step's output); other keys are ignored.
 */
export function parseModelsEvent(event: unknown): ModelsEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new InvalidEventError('the models function expects { "step": "plan", "execution": "…", "startedAt": "…" } or { "step": "finish", "plan": … }');
  const fields = event as Record<string, unknown>;
  if (fields['step'] === 'finish') {
    const plan = fields['plan'] as Partial<NightPlan> | undefined;
    if (!plan || typeof plan !== 'object' || typeof plan.runId !== 'string' || typeof plan.tag !== 'string' || !Array.isArray(plan.tables) || !Array.isArray(plan.marts) || typeof plan.startedAt !== 'string') {
      throw new InvalidEventError('finish needs the plan step\'s output as "plan" (runId, tag, tables, marts, startedAt)');
    }
    return { step: 'finish', plan: plan as NightPlan };
  }
  if (fields['step'] !== 'plan') throw new InvalidEventError(`step ${JSON.stringify(fields['step'])} is not "plan" or "finish"`);
  const execution = fields['execution'];
  const startedAt = fields['startedAt'];
  if (typeof execution !== 'string' || !execution) throw new InvalidEventError('plan needs "execution": the Step Functions execution name ($$.Execution.Name)');
  if (typeof startedAt !== 'string' || Number.isNaN(Date.parse(startedAt))) throw new InvalidEventError(`startedAt ${JSON.stringify(startedAt)} is not an ISO time ($$.Execution.StartTime)`);
  // The execution's input ({ "asOf": … } for a re-run of an old night), or the field itself.
  const input = typeof fields['input'] === 'object' && fields['input'] !== null ? fields['input'] as Record<string, unknown> : {};
  const asOf = fields['asOf'] ?? input['asOf'];
  if (asOf === undefined || asOf === null) return { step: 'plan', execution, startedAt };
  if (typeof asOf !== 'string' || !ISO_UTC.test(asOf) || Number.isNaN(Date.parse(asOf))) {
    throw new InvalidEventError(`asOf ${JSON.stringify(asOf)} is not an ISO UTC time; write it like "2026-11-20T06:00:00Z"`);
  }
  return { step: 'plan', execution, startedAt, asOf };
}

/** A run id naming this run's S3 folders: sortable by time, unique per execution. */
export function runIdFor(now: Date, requestId: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${requestId.replace(/[^a-zA-Z0-9]/g, '').slice(0, 8) || 'local'}`;
}

/** What the state machine passes the models function: optionally a fixed as-of time. */
export interface ModelsEvent {
  /** ISO UTC time the night is computed as of; by default the newest record change in the lake. */
  asOf?: string;
}

/** An invocation whose input the function cannot use; names the field and what it should hold. */
export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Validates the event: `{}` or `{ "asOf": "2026-11-20T06:00:00Z" }`; other keys (Step Functions context) are ignored. */
export function parseModelsEvent(event: unknown): ModelsEvent {
  if (event === null || event === undefined) return {};
  if (typeof event !== 'object' || Array.isArray(event)) throw new InvalidEventError('the models function expects an object such as {} or { "asOf": "2026-11-20T06:00:00Z" }');
  const asOf = (event as Record<string, unknown>)['asOf'];
  if (asOf === undefined || asOf === null) return {};
  if (typeof asOf !== 'string' || !ISO_UTC.test(asOf) || Number.isNaN(Date.parse(asOf))) {
    throw new InvalidEventError(`asOf ${JSON.stringify(asOf)} is not an ISO UTC time; write it like "2026-11-20T06:00:00Z"`);
  }
  return { asOf };
}

/** A run id naming this run's S3 folders: sortable by time, unique per invocation. */
export function runIdFor(now: Date, requestId: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${requestId.replace(/[^a-zA-Z0-9]/g, '').slice(0, 8) || 'local'}`;
}

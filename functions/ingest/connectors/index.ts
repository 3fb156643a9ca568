import { SALESFORCE_OBJECTS } from './salesforce.ts';
import type { ObjectSpec } from './types.ts';

/** Every connector's objects, by source folder name in the exports directory. */
export const CONNECTORS: Record<string, ObjectSpec[]> = {
  salesforce: SALESFORCE_OBJECTS,
};

import type { HandoffConfig } from '../../core/config.ts';
import { HUBSPOT_OBJECTS } from './hubspot.ts';
import { mappedObjects } from './mapped.ts';
import { MARKETO_OBJECTS } from './marketo.ts';
import { SALESFORCE_OBJECTS } from './salesforce.ts';
import { SPEND_OBJECTS } from './spend.ts';
import type { ObjectSpec } from '../../core/catalogue.ts';

/** The built-in connectors' objects, by source folder name in the exports directory (no config needed). */
export const CONNECTORS: Record<string, ObjectSpec[]> = {
  salesforce: SALESFORCE_OBJECTS,
  hubspot: HUBSPOT_OBJECTS,
  marketo: MARKETO_OBJECTS,
  spend: SPEND_OBJECTS,
};

/** Every connector's objects for one config: the built-in ones plus each mapped CSV source. */
export function connectorsFor(config?: Pick<HandoffConfig, 'mapped_sources'>): Record<string, ObjectSpec[]> {
  const connectors: Record<string, ObjectSpec[]> = { ...CONNECTORS };
  for (const spec of mappedObjects(config)) {
    if (spec.source in CONNECTORS) continue; // config validation already refuses these names
    (connectors[spec.source] ??= []).push(spec);
  }
  return connectors;
}

/** Connectors by source folder name (the catalogue's type). */
export type { Connectors } from '../../core/catalogue.ts';

import type { HandoffConfig } from '../../core/config.ts';
import { HUBSPOT_OBJECTS } from './hubspot.ts';
import { mappedObjects } from './mapped.ts';
import { MARKETO_OBJECTS } from './marketo.ts';
import { SALESFORCE_OBJECTS } from './salesforce.ts';
import { withScoreColumns } from './scores.ts';
import { SPEND_OBJECTS } from './spend.ts';
import type { ObjectSpec } from '../../core/catalogue.ts';

const BUILT_IN: Record<string, ObjectSpec[]> = {
  salesforce: SALESFORCE_OBJECTS,
  hubspot: HUBSPOT_OBJECTS,
  marketo: MARKETO_OBJECTS,
  spend: SPEND_OBJECTS,
};

/** The built-in connectors' objects, by source folder name in the exports directory, as the default config reads them. */
export const CONNECTORS: Record<string, ObjectSpec[]> = withScoreColumns(BUILT_IN);

/** Every connector's objects for one config: the built-in ones (scores read from the configured columns) plus each mapped CSV source. */
export function connectorsFor(config?: Pick<HandoffConfig, 'mapped_sources'> & Partial<Pick<HandoffConfig, 'scoring'>>): Record<string, ObjectSpec[]> {
  const connectors: Record<string, ObjectSpec[]> = withScoreColumns(BUILT_IN, config?.scoring?.score_columns);
  for (const spec of mappedObjects(config)) {
    if (spec.source in CONNECTORS) continue; // config validation already refuses these names
    (connectors[spec.source] ??= []).push(spec);
  }
  return connectors;
}

/** Connectors by source folder name (the catalogue's type). */
export type { Connectors } from '../../core/catalogue.ts';

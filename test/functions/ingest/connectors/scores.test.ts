// The score column of each source's lead export comes from config (scoring.score_columns), and a bad scoring config stops the night naming the key.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../functions/core/config.ts';
import { connectorsFor, CONNECTORS } from '../../../../functions/ingest/connectors/index.ts';

const scoreColumn = (connectors: ReturnType<typeof connectorsFor>, source: string, object: string, name: string) =>
  connectors[source]!.find((spec) => spec.object === object)!.columns.find((c) => c.name === name)!;

describe('score columns', () => {
  it('reads Marketo leadScore and HubSpot Score by default, and no Salesforce field', () => {
    const connectors = connectorsFor(parseConfig({}));
    expect(scoreColumn(connectors, 'marketo', 'lead', 'score')).toMatchObject({ header: 'leadScore', aliases: ['Lead Score', 'score'] });
    expect(scoreColumn(connectors, 'hubspot', 'contact', 'hubspot_score')).toMatchObject({ header: 'HubSpot Score', aliases: ['hubspotscore'] });
    // Not read from any header: every Salesforce lead's score is empty until a field is named.
    expect(scoreColumn(connectors, 'salesforce', 'lead', 'score')).toMatchObject({ constant: '', aliases: [] });
    expect(scoreColumn(CONNECTORS, 'salesforce', 'lead', 'score')).toMatchObject({ constant: '' });
  });

  it('reads the configured headers instead, without the stock aliases', () => {
    const connectors = connectorsFor(parseConfig({ scoring: { score_columns: { salesforce: 'Lead_Score__c', marketo: 'behaviorScore', hubspot: 'Lead Rating' } } }));
    expect(scoreColumn(connectors, 'salesforce', 'lead', 'score')).toMatchObject({ header: 'Lead_Score__c', type: 'decimal' });
    expect(scoreColumn(connectors, 'salesforce', 'lead', 'score').constant).toBeUndefined();
    expect(scoreColumn(connectors, 'marketo', 'lead', 'score')).toMatchObject({ header: 'behaviorScore', aliases: [] });
    expect(scoreColumn(connectors, 'hubspot', 'contact', 'hubspot_score')).toMatchObject({ header: 'Lead Rating', aliases: [] });
  });

  it('refuses bands out of order and unknown scoring keys, naming the key', () => {
    expect(() => parseConfig({ scoring: { bands: [0, 80, 40] } })).toThrow(/scoring\.bands: list the lower bounds of the bands in ascending order/);
    expect(() => parseConfig({ scoring: { bands: 'quartiles' } })).toThrow(/scoring\.bands: must be "deciles" or a list of ascending lower bounds/);
    expect(() => parseConfig({ scoring: { threshold: 50 } })).toThrow(/scoring\.threshold: unknown key; did you mean "mql_threshold"\?/);
    expect(parseConfig({}).scoring).toEqual({ score_columns: { marketo: 'leadScore', hubspot: 'HubSpot Score' }, bands: 'deciles', threshold_band_width: 10 });
  });
});

import { describe, expect, it } from 'vitest';
import { CONNECTORS } from '../../../../functions/ingest/connectors/index.ts';
import type { ObjectSpec } from '../../../../functions/core/catalogue.ts';
import { specForFile } from '../../../../functions/ingest/ingest.ts';

const found = (source: string, file: string) => specForFile(source, `/exports/${source}/${file}`)?.object;

describe('connector specs', () => {
  it('finds HubSpot objects by their own export file names too', () => {
    expect(found('hubspot', 'hubspot-crm-exports-all-contacts-2024-08-27.csv')).toBe('contact');
    expect(found('hubspot', 'hubspot-crm-exports-all-contacts-2024-08-27.csv.gz')).toBe('contact');
    expect(found('hubspot', 'hubspot-crm-exports-all-contacts-2023-02-21_2.csv')).toBe('contact');
    expect(found('hubspot', 'hubspot-crm-exports-all-deals-2024-08-27.csv')).toBe('deal');
    expect(found('hubspot', 'all-engagements-2024-08-27.csv')).toBe('engagement');
    expect(found('hubspot', 'contacts.csv')).toBe('contact');
    expect(found('hubspot', 'hubspot-crm-exports-my-saved-view-2024-08-27.csv')).toBeUndefined();
  });

  it('finds every object by its plain file name', () => {
    expect([found('hubspot', 'contacts.csv'), found('hubspot', 'Deals.csv'), found('hubspot', 'engagements.csv'), found('hubspot', 'owners.csv')]).toEqual(['contact', 'deal', 'engagement', 'owner']);
    expect([found('marketo', 'leads.csv'), found('marketo', 'activity.csv'), found('marketo', 'programs.csv'), found('marketo', 'program_costs.csv'), found('marketo', 'program_members_2.csv')])
      .toEqual(['lead', 'activity', 'program', 'program_cost', 'program_member']);
    expect(found('spend', 'campaign_spend.csv')).toBe('campaign_spend');
  });

  it('gives every object unique snake_case lake columns and every file name one object', () => {
    for (const [source, specs] of Object.entries(CONNECTORS)) {
      const names = specs.flatMap((s: ObjectSpec) => s.files.map((f) => f.toLowerCase()));
      expect(new Set(names).size, `${source} file names`).toBe(names.length);
      for (const spec of specs) {
        const columns = spec.columns.map((c) => c.name);
        expect(new Set(columns).size, `${source}.${spec.object} columns`).toBe(columns.length);
        for (const c of columns) expect(c, `${source}.${spec.object}`).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(spec.source).toBe(source);
      }
    }
  });
});

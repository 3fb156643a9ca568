// A share done in time opens the leads done in time, like the count of met beside it, where that list is published.
// The fixture (test/fixtures/site-data/README.md): October's response SLA, all teams: 80 met of 101 due = 79%.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSiteData } from '../../site/src/lib/data.ts';
import { teamTable } from '../../site/src/lib/views/sla-tables.ts';

const data = loadSiteData(fileURLToPath(new URL('../fixtures/site-data/', import.meta.url)));

describe('SLA tables', () => {
  it("links the all-teams share done in time to October's leads done in time, and a team's share only where its list exists", () => {
    // The fixture publishes no list of October's met responses: nothing links until one is.
    const before = teamTable(data, 'response', ['2026-10'], null, 'Response by team', 'response-by-team');
    expect(before.footer![0]!.slice(2).map((c) => c.href ?? null)).toEqual([null, null, '/lists/?list=response-breached.2026-10', null, null]);
    const withMet = { ...data, leadLists: [...data.leadLists, { metric: 'response_met', month: '2026-10', total: 80, shown: 3 }] };
    const table = teamTable(withMet, 'response', ['2026-10'], null, 'Response by team', 'response-by-team');
    const [, handedOff, met, late, breached, pending, share] = table.footer![0]!;
    expect([handedOff!.text, met!.text, late!.text, breached!.text, pending!.text, share!.text]).toEqual(['105', '80', '14', '7', '4', '79%']);
    expect(met!.href).toBe('/lists/?list=response-met.2026-10');
    expect(share!.href).toBe('/lists/?list=response-met.2026-10');
    // No team's own list is published: a team row's share links nowhere.
    expect(table.rows.map((r) => r[6]!.href ?? null).filter(Boolean)).toEqual([]);
  });
});

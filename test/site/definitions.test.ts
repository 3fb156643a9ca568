// The definitions page links each counted metric to its lists of every lead of a month, never to a team's or source's part.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSiteData } from '../../site/src/lib/data.ts';
import { definitionGroups } from '../../site/src/lib/views/definitions.ts';

const fixture = fileURLToPath(new URL('../fixtures/site-data/', import.meta.url));

describe('definitions: the leads behind a metric', () => {
  it("lists October's 412 MQLs once, not also the marketing-sourced 350 among them", () => {
    const data = loadSiteData(fixture);
    // The fixture's October MQL list (412) plus a source list of the 350 marketing-sourced MQLs of October.
    const october = data.leadLists.find((l) => l.metric === 'mqls' && l.month === '2026-10')!;
    data.leadLists.push({ ...october, dimension: 'source', key: 'marketing', total: 350 });
    const mqls = definitionGroups(data).flatMap((g) => g.entries).find((e) => e.key === 'mqls')!;
    expect(mqls.lists[0]!.months.map((m) => `${m.label} (${m.total}) ${m.href}`)).toEqual(['October 2026 (412) /lists/?list=mqls.2026-10']);
  });
});

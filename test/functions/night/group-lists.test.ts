// Lead lists cut by team, owner and source: the list files (lists/*.csv) from the sla-week fixture (test/sql/sla-week.test.ts works
// out each lead's SLA status by hand). As of Mon 23 November 2026 every group list covers October and November.
// Una East (SDR East) owns A (response met), B (late), C (breached), D (pending, partner referral) and G (converted,
// never touched: breached, handed off 1 October); Ned York (SDR West) owns E (met).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../site/src/lib/csv.ts';
import { runFixtureNight } from '../../helpers/night.ts';

type List = { metric: string; month: string; dimension?: string; key?: string; total: number; entries: Array<{ person_id: string }> };

/** Every lead list the night wrote (its list files, one row per listed lead), with its length from lead_list_totals.json. */
function readLists(outDir: string): List[] {
  const dir = join(outDir, 'site-data', 'lists');
  const lists = new Map<string, List>();
  for (const file of readdirSync(dir).filter((f) => !f.startsWith('campaign.'))) {
    const [header, ...rows] = parseCsv(readFileSync(join(dir, file), 'utf8'));
    for (const row of rows) {
      const r = Object.fromEntries(header!.map((name, i) => [name, row[i] ?? '']));
      let list = lists.get(r.list_id!);
      if (!list) lists.set(r.list_id!, (list = { metric: r.metric!, month: r.month!, ...(r.dimension ? { dimension: r.dimension, key: r.group_key } : {}), total: Number(r.list_total), entries: [] }));
      list.entries.push({ person_id: r.person_id! });
    }
  }
  const totals = JSON.parse(readFileSync(join(outDir, 'site-data', 'lead_list_totals.json'), 'utf8')) as Array<{ metric: string; month: string; dimension?: string; key?: string; total: number; shown: number }>;
  // The lengths the pages read agree with the files, list for list.
  expect(totals.map((t) => [t.metric, t.month, t.dimension, t.key, t.total, t.shown]).sort()).toEqual(
    [...lists.values()].map((l) => [l.metric, l.month, l.dimension, l.key, l.total, l.entries.length]).sort(),
  );
  return [...lists.values()];
}
const id = (letter: string) => `00Q0000000000${letter}1AAA`;
const UNA = '005000000000U01AAA';
const NED = '005000000000U02AAA';

describe('group lead lists', () => {
  let lists: List[];
  /** Person ids (by letter, sorted) of the list of a metric and month cut by dimension, per key. */
  const byKey = (metric: string, month: string, dimension: string) =>
    Object.fromEntries(
      lists
        .filter((l) => l.metric === metric && l.month === month && l.dimension === dimension)
        .map((l) => [l.key, l.entries.map((e) => e.person_id.slice(13, 14)).sort().join('')]),
    );

  beforeAll(async () => {
    const night = await runFixtureNight('sla-week', {}, '2026-11-23T16:00:00Z');
    lists = readLists(night.outDir);
  });

  it("lists each team's and owner's met, late and breached leads of the month", () => {
    expect(byKey('response_met', '2026-11', 'team')).toEqual({ 'SDR East': 'A', 'SDR West': 'E' });
    expect(byKey('response_met', '2026-11', 'owner')).toEqual({ [UNA]: 'A', [NED]: 'E' });
    expect(byKey('response_late', '2026-11', 'owner')).toEqual({ [UNA]: 'B' });
    expect(byKey('response_breached', '2026-11', 'team')).toEqual({ 'SDR East': 'C' });
    // G's clock started on 1 October: October, the latest complete month, has its own list.
    expect(byKey('response_breached', '2026-10', 'team')).toEqual({ 'SDR East': 'G' });
  });

  it('counts the whole group in total, and keeps the list of every lead beside the group lists', () => {
    const met = lists.filter((l) => l.metric === 'response_met' && l.month === '2026-11');
    expect(met.map((l) => [l.dimension ?? 'all', l.key ?? '', l.total]).sort()).toEqual([
      ['all', '', 2],
      ['owner', UNA, 1],
      ['owner', NED, 1],
      ['team', 'SDR East', 1],
      ['team', 'SDR West', 1],
    ]);
    expect(met.find((l) => l.dimension === undefined)!.entries.map((e) => e.person_id).sort()).toEqual([id('A'), id('E')]);
  });

  it("lists each source category's MQLs: web, webinar and trade show are marketing, a partner referral partner", () => {
    expect(byKey('mqls', '2026-11', 'source')).toEqual({ marketing: 'ABCE', partner: 'D' });
  });

  it("keeps each owner's lists for every month of the year, a team's done-in-time and a source's MQL lists too, but a team's other lists only for the last two months", async () => {
    // As of 23 January 2027 the last two months are December and January. October, still on Una East's page, keeps her
    // list: G's response clock started on 1 October and was never touched; no team table shows October's breaches.
    const later = await runFixtureNight('sla-week', {}, '2027-01-23T16:00:00Z');
    const laterLists = readLists(later.outDir);
    const keys = (metric: string, month: string, dimension: string) =>
      laterLists.filter((l) => l.metric === metric && l.month === month && l.dimension === dimension).map((l) => [l.key, l.entries.map((e) => e.person_id).sort()]).sort();
    expect(keys('response_breached', '2026-10', 'owner')).toEqual([[UNA, [id('G')]]]);
    expect(keys('response_breached', '2026-10', 'team')).toEqual([]);
    // November: each team's share done in time (the trend table) opens its met leads, each source's MQLs open theirs;
    // November's late list by team and SALs by source are shown by no table any more.
    expect(keys('response_met', '2026-11', 'team')).toEqual([['SDR East', [id('A')]], ['SDR West', [id('E')]]]);
    expect(keys('mqls', '2026-11', 'source')).toEqual([['marketing', [id('A'), id('B'), id('C'), id('E')]], ['partner', [id('D')]]]);
    expect(keys('response_late', '2026-11', 'team')).toEqual([]);
    expect(keys('response_late', '2026-11', 'owner')).toEqual([[UNA, [id('B')]]]);
  });
});

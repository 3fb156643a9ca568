// A list file kind's lists share a fixed budget of entries (site-sql.ts, FILE_ENTRY_BUDGET = 200,000), so a company with
// thousands of campaigns or reps still gets files the site build can read. Worked by hand below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import { campaignPeople } from '../../../functions/night/site-queries-campaigns.ts';
import { windowOf } from '../../../functions/night/site-queries.ts';
import { FILE_ENTRY_BUDGET, LIST_SHARE_FLOOR, listCap, newestPerList } from '../../../functions/night/site-sql.ts';

describe('list budget per site data file', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await DuckDbEngine.open();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('gives each list its own limit while the file is small, its share when many lists share it, never under the floor', async () => {
    expect([FILE_ENTRY_BUDGET, LIST_SHARE_FLOOR]).toEqual([200_000, 10]);
    const cap = async (limit: number, lists: number) =>
      (await engine.query<{ shown: number }>(`select count(*) as shown from range(1, 1001) as t(position) where position <= ${listCap(limit, String(lists))}`))[0]!.shown;
    // 600 lists: 200,000 / 600 = 333.3, under the limit of 500, so positions 1 to 333.
    expect(await cap(500, 600)).toBe(333);
    // 10 lists: 20,000 each would fit, so the limit of 500 holds.
    expect(await cap(500, 10)).toBe(500);
    // 100,000 lists: 2 each would fit, but every list shows at least 10.
    expect(await cap(500, 100_000)).toBe(10);
  });

  it('cuts every campaign list to its share when 1,000 campaigns each have 300 people in all three lists', async () => {
    // Every person of every campaign responded, became an MQL and an SQL: 1,000 × 3 = 3,000 lists of 300.
    // 200,000 / 3,000 = 66.7, so each list shows its 66 newest people and states its total of 300: 198,000 rows.
    await engine.execute(`create table campaign_people as
      select 'C' || c as campaign_id, 'P' || p as person_id,
        timestamp '2026-01-01' + to_minutes(p) as first_response_at, timestamp '2026-02-01' + to_minutes(p) as mql_at, timestamp '2026-03-01' + to_minutes(p) as sql_at
      from range(1000) as cs(c), range(300) as ps(p)`);
    await engine.execute(`create table leads as
      select 'P' || p as person_id, 'L' || p as lead_id, cast(null as varchar) as person_name, 'Co' as company, cast(null as varchar) as handoff_owner_name, 'Rep' as owner_name, 'marketing' as source_category
      from range(300) as ps(p)`);
    const sql = campaignPeople(windowOf('2026-11-20T18:00:00Z'));
    const [summary] = await engine.query<{ rows: number; lists: number; shortest: number; longest: number; totals: number }>(`
      with listed as (${sql}),
      per_list as (select campaign_id, list, count(*) as shown, min(list_total) as total from listed group by campaign_id, list)
      select (select count(*) from listed) as rows, count(*) as lists, min(shown) as shortest, max(shown) as longest,
        count(distinct total) * max(total) as totals
      from per_list`);
    expect(summary).toEqual({ rows: 198_000, lists: 3_000, shortest: 66, longest: 66, totals: 300 });
    // The 66 shown are the newest: people P234 to P299 (minutes 234 to 299 after the month's start).
    const [first] = await engine.query<{ newest: string; oldest: string }>(`
      with listed as (${sql})
      select max_by(person_id, event_at) as newest, min_by(person_id, event_at) as oldest from listed where campaign_id = 'C7' and list = 'mqls'`);
    expect(first).toEqual({ newest: 'P299', oldest: 'P234' });
  });

  it('numbers each list newest first, entries of the same time by id, an entry without a time last', async () => {
    // List A: P3 at 10:00, P2 and P1 both at 09:00, P4 with no time; list B: P9 alone. Two lists, so each shows its own
    // limit (3): A shows P3, P1, P2 (the tie by id) and states 4; P4 is the fourth, past the limit.
    const rows = await engine.query<{ list: string; position: number; person_id: string; list_total: number; list_count: number }>(`
      with entries as (
        select * from (values ('A', 'P2', timestamp '2026-10-01 09:00:00'), ('A', 'P3', timestamp '2026-10-01 10:00:00'),
          ('A', 'P4', cast(null as timestamp)), ('A', 'P1', timestamp '2026-10-01 09:00:00'), ('B', 'P9', timestamp '2026-09-30 12:00:00'))
          as t(list, person_id, event_at)
      )
      select list, position, person_id, list_total, list_count
      from (${newestPerList({ from: 'entries', lists: ['list'], columns: ['person_id'], at: 'event_at', tie: 'person_id', limit: 3 })}) as newest
      order by list, position`);
    expect(rows).toEqual([
      { list: 'A', position: 1, person_id: 'P3', list_total: 4, list_count: 2 },
      { list: 'A', position: 2, person_id: 'P1', list_total: 4, list_count: 2 },
      { list: 'A', position: 3, person_id: 'P2', list_total: 4, list_count: 2 },
      { list: 'B', position: 1, person_id: 'P9', list_total: 1, list_count: 2 },
    ]);
    // With a limit of 4 the entry without a time comes last.
    const [last] = await engine.query<{ person_id: string; position: number }>(`
      with entries as (select * from (values ('A', 'P4', cast(null as timestamp)), ('A', 'P1', timestamp '2026-10-01 09:00:00')) as t(list, person_id, event_at))
      select person_id, position from (${newestPerList({ from: 'entries', lists: ['list'], columns: ['person_id'], at: 'event_at', tie: 'person_id', limit: 4 })}) as newest
      order by position desc limit 1`);
    expect(last).toEqual({ person_id: 'P4', position: 2 });
  });
});

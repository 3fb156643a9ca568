// Digests composed from the hand-made site data (test/fixtures/site-data/README.md works every number out):
// the same verdicts, numbers and breach rows as the site, and only each team's or rep's own leads.
import { describe, expect, it } from 'vitest';
import { loadSiteData } from '../../../site/src/lib/data.ts';
import { plain } from '../../../site/src/lib/sentence.ts';
import { followUpView } from '../../../site/src/lib/views/follow-up.ts';
import { readList } from '../../../site/src/lib/list-file.ts';
import { leadListId } from '../../../site/src/lib/list-links.ts';
import { owners, repView } from '../../../site/src/lib/views/people.ts';
import { composeDigests, digestTeams, leadershipDigest, marketingDigest, repDigest, teamDigest } from '../../../functions/digests/compose.ts';
import { FIXTURES } from '../../helpers/night.ts';

const data = loadSiteData(`${FIXTURES}site-data`);
const ana = owners(data).find((o) => o.name === 'Ana Silva')!;
const leadIds = (rows: Array<Array<{ text: string }>>) => rows.map((r) => r[0]!.text);

describe('leadership digest', () => {
  const d = leadershipDigest(data);

  it('opens with the scorecard verdict: follow-up off track at 79% (80 of 101) first, then MQLs', () => {
    expect(plain(d.verdict[0]!)).toMatch(/^Off track: sales followed up 79% of the leads due in October 2026 within 4 business hours, against a target of 90% \(80 in time, 14 late, 7 not touched/);
    expect(plain(d.verdict[2]!)).toBe('On track: marketing delivered 412 MQLs in October 2026 against a target of 400 (3% above).');
    expect(d.subject).toBe('Northwind Demo Ltd scorecard: off track for October 2026');
  });

  it('gives five numbers with targets and change: 412 MQLs (up 31 on 381), 79% response, 38 min median, 75% disposition, 5 breaching', () => {
    expect(d.facts.map((f) => [f.value, f.target, f.change])).toEqual([
      ['412', '400', 'up 31 on September'],
      ['79%', '90% within 4 business hours', 'down 6 points on September'],
      ['38 min', 'under 4 business hours', 'down 7 minutes on September'],
      ['75%', '90% within 16 business hours', 'down 11 points on September'],
      ['5', 'none', 'as of 5 November 2026 at 02:00 UTC'],
    ]);
  });

  it("lists who has leads breaching now as the follow-up page does: Ana Silva 2; Ben Okafor, the queue and Pat Lee 1 each (5 leads, not 6: lead 201 counts once)", () => {
    expect(d.list!.table.rows).toEqual(followUpView(data).breachesByOwner.rows);
    expect(d.list!.table.rows.map((r) => [r[0]!.text, r.at(-1)!.text])).toEqual([['Ana Silva', '2'], ['Ben Okafor', '1'], ['Not assigned yet', '1'], ['Pat Lee', '1']]);
  });
});

describe('marketing digest', () => {
  const d = marketingDigest(data);

  it('says MQLs against target, campaign ROI and rejections, with October against September', () => {
    expect(plain(d.verdict[0]!)).toBe('On track: marketing delivered 412 MQLs in October 2026 against a target of 400 (3% above).');
    expect(plain(d.verdict[1]!)).toMatch(/^On track: the 2 campaigns with a known cost returned \+483% under the linear model/);
    expect(plain(d.verdict[2]!)).toMatch(/^Better than usual: sales rejected 46 leads in October 2026, 11% of the month's 412 MQLs/);
    // Rejected by sales: 40 + 2 + 4 = 46 in October, 35 + 3 + 3 = 41 in September.
    // Rejected without a contact attempt: Ana Silva 2 in October, Ben Okafor 1 in September.
    expect(d.facts.map((f) => [f.label, f.value, f.change])).toEqual([
      ['MQLs, October', '412', 'up 31 on September'],
      ['Rejected by sales, October', '46', 'up 5 on September'],
      ['Rejected without a contact attempt, October', '2', 'up 1 on September'],
    ]);
    expect(d.subject).toBe('Northwind Demo Ltd marketing: 412 MQLs in October 2026 (target: 400)');
  });

  it("lists October's leads rejected without a contact attempt as the site's lead list does: 203 and 101, both Ana Silva's", () => {
    const d = marketingDigest(data);
    // The rows are the list file's (lists/rejected-untouched.2026-10.csv), as the list page draws them; the total is its stated 2.
    const id = leadListId('rejected_untouched', '2026-10');
    expect(d.list!.table.rows).toEqual(readList(data.listFile!(id)!, id, data.meta, undefined).page(1).table.rows);
    expect(d.list!.total).toBe(2);
    expect(leadIds(d.list!.table.rows)).toEqual(['00Q000000000203EAA', '00Q000000000101EAA']);
    expect(d.list!.table.rows.map((r) => r[3]!.text)).toEqual(['Ana Silva', 'Ana Silva']);
  });
});

describe('sales manager digests', () => {
  it('are written for every team with an owner, never for the unassigned queue', () => {
    expect(digestTeams(data)).toEqual(['<img src=x onerror=alert(1)>', 'Inbound East', 'Inbound West', 'Partner Channel']);
  });

  it("lists Inbound East's three breaching leads exactly as the follow-up page's team table does: 201 (91 h), 205 (51.5 h), 202 (6 h)", () => {
    const d = teamDigest(data, 'Inbound East');
    const site = followUpView(data).teamBreaches.find((t) => t.team === 'Inbound East')!;
    expect(d.list!.table.rows).toEqual(site.table.rows);
    expect(leadIds(d.list!.table.rows)).toEqual(['00Q000000000201EAA', '00Q000000000205EAA', '00Q000000000202EAA']);
    expect(d.list!.table.rows.map((r) => r[7]!.text)).toEqual(['91 h', '51.5 h', '6 h']);
    // Each lead by its name, or "no name" where the export gave none (201).
    expect(d.list!.table.rows.map((r) => r[1]!.text)).toEqual(['no name', 'Lena Vogt', 'Priya Natarajan']);
    expect(d.list!.total).toBe(3);
    expect(d.list!.more).toBeNull();
    expect(d.subject).toBe('Inbound East: 3 leads breaching an SLA now');
  });

  it("judges the team on its own rows: Inbound East 54 of 67 in time (81%), not the company's 79%", () => {
    const d = teamDigest(data, 'Inbound East');
    expect(plain(d.verdict[0]!)).toMatch(/^Off track: Inbound East followed up 81% of the leads due in October 2026 .*\(54 in time, 10 late, 3 not touched by the deadline\)/);
    expect(d.facts[0]!.value).toBe('81%');
    expect(d.facts.at(-1)!.value).toBe('3');
  });

  it('judges a partner team by the partner response SLA only: Pat Lee 6 of 10 in October, down from 8 of 10', () => {
    const d = teamDigest(data, 'Partner Channel');
    expect(plain(d.verdict[0]!)).toMatch(/^Off track: Partner Channel followed up 60% of the leads due in October 2026 within 8 business hours, .*\(6 in time, 2 late, 2 not touched/);
    expect(d.facts.map((f) => [f.label, f.value, f.change])).toEqual([
      ['Partner response in time, October', '60%', 'down 20 points on September'],
      ['Disposition in time, October', 'none due', 'no figure for September to compare'],
      ['Open leads breaching an SLA now', '1', 'as of 5 November 2026 at 02:00 UTC'],
    ]);
  });

  it("never carries another team's leads", () => {
    const d = teamDigest(data, 'Partner Channel');
    expect(leadIds(d.list!.table.rows)).toEqual(['00Q000000000301EAA']);
    expect(teamDigest(data, 'Inbound West').list).toBeNull();
  });
});

describe('rep digests', () => {
  it("list only the rep's own leads, as the rep's page does: Ana Silva 205 then 202", () => {
    const d = repDigest(data, ana);
    expect(d.list!.table.rows).toEqual(repView(data, ana).breaches.rows);
    expect(leadIds(d.list!.table.rows)).toEqual(['00Q000000000205EAA', '00Q000000000202EAA']);
    expect(d.subject).toBe('Ana Silva: 2 leads past an SLA deadline');
    expect(JSON.stringify(d)).not.toContain('00Q000000000201EAA');
  });

  it('are composed only for reps who opted in', () => {
    const keys = composeDigests(data, [ana.id]).map((d) => d.key);
    expect(keys.filter((k) => k.startsWith('rep-'))).toEqual([`rep-${repDigest(data, ana).key.slice(4)}`]);
    expect(composeDigests(data, []).some((d) => d.audience === 'rep')).toBe(false);
  });

  it('stop at 20 rows and link to the rest', () => {
    const many = Array.from({ length: 23 }, (_, i) => ({ ...data.breaches.find((b) => b.owner_id === ana.id)!, person_id: `P${String(i).padStart(2, '0')}`, lead_id: `L${String(i).padStart(2, '0')}`, owner_breaches: 23 }));
    const d = repDigest({ ...data, breaches: many }, ana);
    expect(d.list!.table.rows).toHaveLength(20);
    expect(d.list!.total).toBe(23);
    expect(d.list!.more!.text).toBe('All 23 on the site');
  });
});

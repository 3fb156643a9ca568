import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config.ts';
import { runNight } from '../../functions/night/run-night.ts';
import { loadSiteData } from '../../site/src/lib/data.ts';
import type { SiteData } from '../../site/src/lib/schema.ts';
import { definitionChangeSentences } from '../../site/src/lib/views/definition-changes.ts';
import { restatedByNight, restatedNumbers, restatementSentence } from '../../site/src/lib/views/what-changed.ts';
import { FIXTURES, readMart } from '../helpers/night.ts';

// Fixture restatements: three nights into one output folder. November 2026 closes on 6 December
// (history.close_after_days 5), so night 1 (as of 7 Dec) publishes it. Company calendar Mon–Fri
// 09:00–17:00 UTC. Una is in team SDR East, Ned in SDR West.
//   L1 (Partner Referral, Ned): created 20 Oct; MQL 2 Dec 10:00 by history, no touch.
//   L2 (Web, Una): MQL and handoff Tue 3 Nov 09:30, called 10:30: 60 business minutes, met.
//   L3 (Trade Show, Enterprise, Una): MQL Mon 9 Nov 09:00, called 12:00: 180 business minutes.
//   L4 (Web, Una): MQL Tue 10 Nov 09:00, called 09:30: 30 business minutes, met.
//   O1 won 1,000 USD closing 3 Dec; O2 won 500 USD closing 20 Nov (both Web: marketing).
// Between nights 1 and 2: L1's history gains a status change to MQL on Mon 16 Nov 10:00 (backfilled);
// L2 is merged into L3; O1's close date moves to 27 Nov; the Enterprise response SLA goes from 240
// business minutes to 120, so L3's 180 minutes turn from met to late. Night 3 changes nothing.
// Campaign C1 (Partner Webinar) cost 400 USD, booked in October; L1 responded to it on 20 Oct.
const L1 = '00Q0000000000L1AAA';
const L2 = '00Q0000000000L2AAA';
const L3 = '00Q0000000000L3AAA';
const O1 = '0060000000000O1AAA';
const C1 = '7010000000000C1AAA';
const NOV = '2026-11-01';

const configWith = (enterpriseMinutes: number) => parseConfig({ sla: { overrides: [{ sla: 'response', segment: 'Enterprise', minutes: enterpriseMinutes }] } });
const night = (outDir: string, folder: string, asOf: string, enterpriseMinutes: number) =>
  runNight({ exportsDir: join(FIXTURES, 'exports', 'restatements', folder), outDir, config: configWith(enterpriseMinutes), skipSite: true, log: () => {}, asOf });

type Row = Record<string, unknown>;
const brief = (rows: Row[]) => rows.map((r) => `${r['metric']} ${r['breakdown']} ${r['old_value']}→${r['new_value']}: ${r['record_id']} ${r['change']} ${r['cause']}`);

describe('month close, snapshots and restatements over three nights', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'handoff-restatements-'));
  let night1: { closed: Row[]; restatements: Row[]; figures: Row[] };
  let night2: { closed: Row[]; restatements: Row[]; changes: Row[]; site: SiteData };
  let night3: { restatements: Row[]; log: Row[]; closed: Row[]; changes: Row[]; site: SiteData };

  beforeAll(async () => {
    await night(outDir, 'night-1', '2026-12-07T06:00:00Z', 240);
    night1 = {
      closed: await readMart(outDir, 'closed_figures', 'metric, month, breakdown'),
      restatements: await readMart(outDir, 'restatements', 'metric'),
      figures: await readMart(outDir, 'monthly_figures', 'metric, month, breakdown'),
    };
    await night(outDir, 'night-2', '2026-12-08T06:00:00Z', 120);
    night2 = {
      closed: await readMart(outDir, 'closed_figures', 'metric, month, breakdown'),
      restatements: await readMart(outDir, 'restatements', 'metric, breakdown, record_id'),
      changes: await readMart(outDir, 'definition_changes', 'changed_on, definition_key'),
      site: loadSiteData(join(outDir, 'site-data')),
    };
    await night(outDir, 'night-2', '2026-12-09T06:00:00Z', 120);
    night3 = {
      restatements: await readMart(outDir, 'restatements', 'metric'),
      log: await readMart(outDir, 'restatement_log', 'restated_on, metric, breakdown, record_id'),
      closed: await readMart(outDir, 'closed_figures', 'metric, month, breakdown'),
      changes: await readMart(outDir, 'definition_changes', 'changed_on, definition_key'),
      site: loadSiteData(join(outDir, 'site-data')),
    };
  }, 180_000);

  it('night 1 publishes November (closed on 6 Dec) and October, not December', () => {
    const months = [...new Set(night1.closed.map((r) => r['month']))];
    expect(months).toEqual(['2026-10-01', NOV]);
    const nov = night1.closed.filter((r) => r['month'] === NOV).map((r) => `${r['metric']} ${r['breakdown']} ${r['published_value']} ${r['published_on']}`);
    // Inquiries and MQLs: L2, L3, L4 (marketing), none reached SQL (rate 0 of 3); response: L2, L3, L4 handed off to
    // SDR East, all met (60, 180 ≤ 240, 30): compliance 3 / 3 = 1, median of 30, 60, 180 = 60; won: O2, 500 USD.
    expect(nov).toEqual([
      'inquiries marketing 3 2026-12-07',
      'mql_to_sql_rate marketing 0 2026-12-07',
      'mqls marketing 3 2026-12-07',
      'opportunities_won marketing 1 2026-12-07',
      'response_breached SDR East 0 2026-12-07',
      'response_compliance SDR East 1 2026-12-07',
      'response_handed_off SDR East 3 2026-12-07',
      'response_late SDR East 0 2026-12-07',
      'response_median_minutes SDR East 60 2026-12-07',
      'response_met SDR East 3 2026-12-07',
      'revenue_won marketing 500 2026-12-07',
      'sals marketing 0 2026-12-07',
      'sqls marketing 0 2026-12-07',
    ]);
    // October's campaign figures: L1 responded to C1 (one lead), C1's 400 USD were booked in October and nothing it is
    // credited with closed then: ROI (0 - 400) / 400 = -1.
    const octCampaign = night1.closed.filter((r) => r['month'] === '2026-10-01' && r['breakdown_kind'] === 'campaign')
      .map((r) => `${r['metric']} ${r['breakdown']} ${r['published_value']}`);
    expect(octCampaign).toEqual([`campaign_cost ${C1} 400`, `campaign_leads ${C1} 1`, `campaign_roi ${C1} -1`]);
    expect(night1.restatements).toEqual([]);
    expect(night1.closed.every((r) => r['is_restated'] === false)).toBe(true);
  });

  it('night 2 lists exactly the restated November numbers, with the leads and opportunities and their causes', () => {
    // L1 (a C1 respondent) now an MQL of November: C1's November MQLs 0 → 1, and partner's MQL→SQL rate appears (0 of 1).
    // SDR East's compliance: L2 gone, L3 late on the same 180 minutes, L4 met: 1 / 2; its median of 30 and 180: 105.
    // SDR West's compliance appears: L1 breached, 0 of 1.
    expect(brief(night2.restatements)).toEqual([
      `campaign_mqls ${C1} 0→1: ${L1} entered status_history_backfilled`,
      `inquiries marketing 3→2: ${L2} left merged_or_deleted`,
      `mql_to_sql_rate partner null→0: ${L1} entered status_history_backfilled`,
      `mqls marketing 3→2: ${L2} left merged_or_deleted`,
      `mqls partner 0→1: ${L1} entered status_history_backfilled`,
      `opportunities_won marketing 1→2: ${O1} entered close_date_moved`,
      `response_breached SDR West 0→1: ${L1} entered status_history_backfilled`,
      `response_compliance SDR East 1→0.5: ${L2} left merged_or_deleted`,
      `response_compliance SDR East 1→0.5: ${L3} changed definition_changed`,
      `response_compliance SDR West null→0: ${L1} entered status_history_backfilled`,
      `response_handed_off SDR East 3→2: ${L2} left merged_or_deleted`,
      `response_handed_off SDR West 0→1: ${L1} entered status_history_backfilled`,
      `response_late SDR East 0→1: ${L3} entered definition_changed`,
      `response_median_minutes SDR East 60→105: ${L2} left merged_or_deleted`,
      `response_met SDR East 3→1: ${L2} left merged_or_deleted`,
      `response_met SDR East 3→1: ${L3} left definition_changed`,
      `revenue_won marketing 500→1500: ${O1} entered close_date_moved`,
    ]);
    expect(new Set(night2.restatements.map((r) => r['month']))).toEqual(new Set([NOV]));
    expect(new Set(night2.restatements.map((r) => `${r['restated_on']} ${r['previous_as_of_date']}`))).toEqual(new Set(['2026-12-08 2026-12-07']));
    // O1 adds its 1,000 USD to revenue; L1's MQL is dated by the backfilled history row.
    expect(night2.restatements.find((r) => r['metric'] === 'revenue_won')?.['new_amount']).toBe(1000);
    expect(night2.restatements.find((r) => r['metric'] === 'mqls' && r['record_id'] === L1)?.['dated_at']).toBe('2026-11-16 10:00:00');
  });

  it('night 2 keeps the published figures and shows the recomputation beside them only where they differ', () => {
    const restated = night2.closed.filter((r) => r['is_restated']).map((r) => `${r['metric']} ${r['breakdown']} ${r['published_value']}/${r['current_value']} ${r['published_on']}`);
    expect(restated).toEqual([
      `campaign_mqls ${C1} 0/1 2026-12-07`,
      'inquiries marketing 3/2 2026-12-07',
      'mql_to_sql_rate partner null/0 2026-12-07',
      'mqls marketing 3/2 2026-12-07',
      'mqls partner 0/1 2026-12-07',
      'opportunities_won marketing 1/2 2026-12-07',
      'response_breached SDR West 0/1 2026-12-07',
      'response_compliance SDR East 1/0.5 2026-12-07',
      'response_compliance SDR West null/0 2026-12-07',
      'response_handed_off SDR East 3/2 2026-12-07',
      'response_handed_off SDR West 0/1 2026-12-07',
      'response_late SDR East 0/1 2026-12-07',
      'response_median_minutes SDR East 60/105 2026-12-07',
      'response_met SDR East 3/1 2026-12-07',
      'revenue_won marketing 500/1500 2026-12-07',
    ]);
  });

  it('dates the definition change: from 8 Dec the Enterprise response SLA is 120 business minutes, was 240', () => {
    expect(night2.changes).toEqual([
      { changed_on: '2026-12-08', definition_key: 'sla.response_minutes[segment=Enterprise]', area: 'sla', old_value: '240', new_value: '120' },
    ]);
  });

  it('night 3, with nothing changed, restates nothing; the published November figures still stand beside the recomputation', () => {
    expect(night3.restatements).toEqual([]);
    // The log still lists night 2's 17 rows (15 numbers), found on 8 December.
    expect(night3.log).toHaveLength(17);
    expect(new Set(night3.log.map((r) => r['restated_on']))).toEqual(new Set(['2026-12-08']));
    expect(night3.closed.filter((r) => r['is_restated'])).toHaveLength(15);
    expect(night3.changes).toHaveLength(1);
  });

  it("night 2's What changed page lists those numbers, leads, opportunities and causes; night 3's lists none", () => {
    const numbers = restatedNumbers(night2.site);
    expect(numbers.map((n) => `${n.title}: ${n.oldText} → ${n.newText}`)).toEqual([
      'Campaign MQLs, November 2026, Partner Webinar: 0 → 1',
      'Inquiries, November 2026, marketing: 3 → 2',
      'MQL to SQL rate, November 2026, partner: none → 0.0%',
      'MQLs, November 2026, marketing: 3 → 2',
      'MQLs, November 2026, partner: 0 → 1',
      'Opportunities won, November 2026, marketing: 1 → 2',
      'Response SLA breached, November 2026, SDR West: 0 → 1',
      'Response SLA compliance, November 2026, SDR East: 100.0% → 50.0%',
      'Response SLA compliance, November 2026, SDR West: none → 0.0%',
      'Leads handed off (response SLA), November 2026, SDR East: 3 → 2',
      'Leads handed off (response SLA), November 2026, SDR West: 0 → 1',
      'Response SLA late, November 2026, SDR East: 0 → 1',
      'Median response (business minutes), November 2026, SDR East: 60 → 105',
      'Response SLA met, November 2026, SDR East: 3 → 1',
      'Revenue won, November 2026, marketing: $500 → $1,500',
    ]);
    expect(numbers.find((n) => n.title.startsWith('Response SLA met'))!.records.map((r) => `${r.id} ${r.change}: ${r.cause}`)).toEqual([
      `${L2} left: merged into another record or deleted in the CRM`,
      `${L3} left: a definition changed`,
    ]);
    expect(numbers.find((n) => n.title.startsWith('Response SLA compliance, November 2026, SDR East'))!.records.map((r) => `${r.id} ${r.change}: ${r.cause}`)).toEqual([
      `${L3} changed its amount: a definition changed`,
      `${L2} left: merged into another record or deleted in the CRM`,
    ]);
    expect(restatementSentence(night2.site)).toBe(
      '15 numbers of November 2026, published on 7 December 2026, changed since the previous night; What changed lists each with the leads and opportunities behind it.',
    );
    expect(definitionChangeSentences(night2.site.definitionChanges).map((c) => c.text)).toEqual([
      'From 8 December 2026 the response SLA for Enterprise is 2 business hours, was 4 business hours.',
    ]);
    // Night 3 found nothing, but night 2's restatements stay listed (90 days by default), with the night that found them.
    const night3ByNight = restatedByNight(night3.site);
    expect(night3ByNight.tonight).toEqual([]);
    expect(night3ByNight.earlier.map((e) => `${e.night}: ${e.numbers.length}`)).toEqual(['2026-12-08: 15']);
    expect(night3ByNight.earlier[0]!.numbers.map((n) => `${n.title}: ${n.oldText} → ${n.newText}`)).toEqual(numbers.map((n) => `${n.title}: ${n.oldText} → ${n.newText}`));
    expect(restatedByNight(night2.site).earlier).toEqual([]);
    expect(restatementSentence(night3.site)).toBeNull();
    expect(night3.site.closedFigures.filter((r) => r.is_restated)).toHaveLength(15);
  });

  it('keeps one definitions snapshot per change, and a snapshot of figures and records per night', () => {
    const nights = (kind: string) => readdirSync(join(outDir, 'lake', '_history', kind)).sort();
    expect(nights('figures')).toEqual(['as_of=2026-12-07', 'as_of=2026-12-08', 'as_of=2026-12-09']);
    expect(nights('records')).toEqual(['as_of=2026-12-07', 'as_of=2026-12-08', 'as_of=2026-12-09']);
    // Night 3's definitions equal night 2's: only the nights they changed are kept.
    expect(nights('definitions')).toEqual(['as_of=2026-12-07', 'as_of=2026-12-08']);
    expect(nights('restatements')).toEqual(['as_of=2026-12-07', 'as_of=2026-12-08', 'as_of=2026-12-09']);
  });

  it('a run as of the night of a snapshot, on the exports of that night, reproduces the snapshot exactly', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'handoff-reproduce-'));
    await night(fresh, 'night-1', '2026-12-07T06:00:00Z', 240);
    const snapshot = (dir: string) => readSnapshot(join(dir, 'lake', '_history', 'figures', 'as_of=2026-12-07', 'snapshot.parquet'));
    expect(existsSync(join(outDir, 'lake', '_history', 'figures', 'as_of=2026-12-07'))).toBe(true);
    expect(await snapshot(fresh)).toEqual(await snapshot(outDir));
    expect((await snapshot(outDir)).length).toBe(night1.closed.length);
    expect(new Set((await snapshot(outDir)).map((r) => r['as_of_at']))).toEqual(new Set(['2026-12-07 06:00:00']));
  }, 120_000);
});

describe("tonight's records snapshot", () => {
  it('is the figure_records mart file itself (a link, not a copy) when every record is in a kept month, and a copy of the kept months otherwise', async () => {
    // Prepare: night 1 twice, keeping the default 24 months and then 1 month (from November: L1's October inquiry and
    // campaign response fall outside it)
    const runs = await Promise.all([24, 1].map(async (keepMonths) => {
      const dir = mkdtempSync(join(tmpdir(), 'handoff-records-snapshot-'));
      await runNight({
        exportsDir: join(FIXTURES, 'exports', 'restatements', 'night-1'), outDir: dir, skipSite: true, log: () => {}, asOf: '2026-12-07T06:00:00Z',
        config: parseConfig({ history: { keep_months: keepMonths }, sla: { overrides: [{ sla: 'response', segment: 'Enterprise', minutes: 240 }] } }),
      });
      return dir;
    }));

    // Act
    const [whole, recent] = runs.map((dir) => ({
      mart: join(dir, 'marts', 'figure_records.parquet'),
      snapshot: join(dir, 'lake', '_history', 'records', 'as_of=2026-12-07', 'snapshot.parquet'),
    }));
    const months = async (file: string) => (await readSnapshot(file)).map((r) => `${r['as_of_date']} ${r['metric']} ${r['month']} ${r['breakdown']} ${r['record_id']}`);

    // Assess: 24 months hold every record, so the snapshot is the mart's file; 1 month keeps November on only
    expect(statSync(whole!.snapshot).ino).toBe(statSync(whole!.mart).ino);
    expect(await months(whole!.snapshot)).toEqual(await months(whole!.mart));
    expect((await months(whole!.snapshot)).every((r) => r.startsWith('2026-12-07 '))).toBe(true);
    expect(statSync(recent!.snapshot).ino).not.toBe(statSync(recent!.mart).ino);
    const mart = await months(recent!.mart);
    expect(mart.filter((r) => r.includes(' 2026-10-01 ')).length).toBeGreaterThan(0);
    expect(await months(recent!.snapshot)).toEqual(mart.filter((r) => !r.includes(' 2026-10-01 ')));
  }, 180_000);
});

describe('a frozen month is reproducible from the bare close date or month end the reader gives', () => {
  it('November, published on 7 Dec, comes out the same from --as-of 2026-12-06 (its close date) and 2026-11-30 (its last day)', async () => {
    const frozenDir = mkdtempSync(join(tmpdir(), 'handoff-frozen-'));
    await night(frozenDir, 'night-1', '2026-12-07T06:00:00Z', 240);
    const values = (rows: Row[]) => rows.filter((r) => r['month'] === NOV).map((r) => `${r['metric']} ${r['breakdown']} ${r['value']}`);
    const frozen = values(await readSnapshot(join(frozenDir, 'lake', '_history', 'figures', 'as_of=2026-12-07', 'snapshot.parquet')));
    // The close date as given: a night as of 6 Dec 00:00 UTC closes November and snapshots it, figure for figure.
    const closeDir = mkdtempSync(join(tmpdir(), 'handoff-close-date-'));
    await night(closeDir, 'night-1', '2026-12-06', 240);
    expect(values(await readSnapshot(join(closeDir, 'lake', '_history', 'figures', 'as_of=2026-12-06', 'snapshot.parquet')))).toEqual(frozen);
    // The month end as given: November is not closed yet (no snapshot of it), but its monthly figures are the frozen ones.
    const monthEndDir = mkdtempSync(join(tmpdir(), 'handoff-month-end-'));
    await night(monthEndDir, 'night-1', '2026-11-30', 240);
    const monthEnd = await readMart(monthEndDir, 'monthly_figures', 'metric, month, breakdown');
    expect(monthEnd.filter((r) => r['month'] === NOV).every((r) => r['is_closed'] === false)).toBe(true);
    expect(values(monthEnd)).toEqual(frozen);
    expect(frozen).toHaveLength(13);
  }, 180_000);
});

async function readSnapshot(file: string): Promise<Row[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`select * from read_parquet('${file}') order by metric, month, breakdown`);
    return reader.getRowObjectsJson() as Row[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

// The What changed page, the definitions change log and the scorecard's sentence, from the hand-made site data fixture
// (test/fixtures/site-data/README.md works the numbers out).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSiteData } from '../../site/src/lib/data.ts';
import { plain } from '../../site/src/lib/sentence.ts';
import { definitionChangeSentences } from '../../site/src/lib/views/definition-changes.ts';
import { closedDifferencesTable, restatedByNight, restatedNumbers, restatementSentence, whatChangedVerdict } from '../../site/src/lib/views/what-changed.ts';

const data = loadSiteData(fileURLToPath(new URL('../fixtures/site-data/', import.meta.url)));

describe('What changed', () => {
  it('lists each restated number with old and new value, and each lead or opportunity with its change and cause', () => {
    const numbers = restatedNumbers(data);
    expect(numbers.map((n) => `${n.title}: ${n.oldText} → ${n.newText}`)).toEqual([
      'MQLs, September 2026, marketing: 322 → 321',
      'Revenue won, September 2026, marketing: $48,000 → $60,000',
    ]);
    expect(numbers[0]!.records.map((r) => `${r.kind} ${r.id} ${r.change}: ${r.cause}`)).toEqual([
      'lead 00Q5f000001AAAAAAA entered: its status history was backfilled',
      'lead 00Q5f000001BBBBAAA left: merged into another record or deleted in the CRM',
      'lead 00Q5f000001CCCCAAA left: merged into another record or deleted in the CRM',
    ]);
    expect(numbers[1]!.records.map((r) => `${r.kind} ${r.id} ${r.change}: ${r.cause}`)).toEqual([
      'opportunity 0065f000002DDDDAAA entered: its close date moved',
    ]);
    expect(numbers[0]!.restatedOn).toBe('2026-11-05');
  });

  it('keeps listing an earlier night\'s restatements under that night, apart from tonight\'s, and leaves them out of the scorecard sentence', () => {
    // The MQL restatement as if found on 1 November, four nights before the as-of (5 November); revenue's tonight.
    const earlier = { ...data, restatements: data.restatements.map((r) => (r.metric === 'mqls' ? { ...r, restated_on: '2026-11-01' } : r)) };
    const byNight = restatedByNight(earlier);
    expect(byNight.tonight.map((n) => n.title)).toEqual(['Revenue won, September 2026, marketing']);
    expect(byNight.earlier.map((e) => `${e.night}: ${e.numbers.map((n) => n.title).join('; ')}`)).toEqual(['2026-11-01: MQLs, September 2026, marketing']);
    expect(restatementSentence(earlier)).toBe(
      'One number of September 2026, published on 6 October 2026, changed since the previous night; What changed lists each with the leads and opportunities behind it.',
    );
  });

  it('opens with the verdict: how many numbers of which month changed, each with old and new value, or that none did', () => {
    const numbers = restatedNumbers(data);
    expect(plain(whatChangedVerdict(numbers))).toBe(
      '2 numbers of September 2026 changed since the previous night: MQLs (marketing) 322 → 321 and Revenue won (marketing) $48,000 → $60,000.',
    );
    expect(whatChangedVerdict(numbers)[1]).toEqual({ text: 'MQLs (marketing)', href: `#${numbers[0]!.id}` });
    expect(plain(whatChangedVerdict([]))).toBe("No closed month's numbers changed since the previous night.");
    // Four numbers over two months: each names its month, and the fourth is counted, not named.
    const more = [...numbers, { ...numbers[0]!, id: 'a', month: '2026-08' }, { ...numbers[1]!, id: 'b', month: '2026-08' }];
    expect(plain(whatChangedVerdict(more))).toBe(
      '4 numbers of closed months changed since the previous night: MQLs (marketing), September 2026 322 → 321, Revenue won (marketing), September 2026 $48,000 → $60,000, MQLs (marketing), August 2026 322 → 321 and 1 more.',
    );
  });

  it('shows the published figure beside the recomputation only where they differ', () => {
    const table = closedDifferencesTable(data);
    expect(table.rows.map((row) => row.map((c) => c.text))).toEqual([
      ['MQLs', 'September 2026', 'marketing', '320', '2026-10-06', '321'],
      ['Revenue won', 'September 2026', 'marketing', '$48,000', '2026-10-06', '$60,000'],
    ]);
  });

  it("gives the scorecard one sentence when last month's numbers were restated, and none when nothing was", () => {
    expect(restatementSentence(data)).toBe(
      '2 numbers of September 2026, published on 6 October 2026, changed since the previous night; What changed lists each with the leads and opportunities behind it.',
    );
    expect(restatementSentence({ ...data, restatements: [] })).toBeNull();
  });

  it('writes the dated change log of the definitions in words', () => {
    expect(definitionChangeSentences(data.definitionChanges).map((c) => c.text)).toEqual([
      'From 3 November 2026 the response SLA for Enterprise is 2 business hours, was 4 business hours.',
      'From 20 October 2026 the lead source "webinar" is no longer set (was marketing).',
    ]);
  });
});

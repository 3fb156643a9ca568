// CSV downloads carry units in their headers and rates as percentages beside their counts.
import { describe, expect, it } from 'vitest';
import { cell, tableCsv, type Table } from '../../site/src/lib/table.ts';

describe('tableCsv', () => {
  it('puts each column’s unit in its header and writes rates as percentages', () => {
    // 80 met of 101 due = 79.21%; median 38 business minutes; cost 10,000 USD; 9.5 days.
    const table: Table = {
      caption: 'Units',
      columns: [{ label: 'Team', text: true }, { label: 'Met' }, { label: 'Done in time' }, { label: 'Median', unit: 'business time' }, { label: 'Cost' }, { label: 'Cycle' }],
      rows: [[cell.text('East'), cell.count(80), cell.compliance(80 / 101, 0.9, 105), cell.minutes(38), cell.money(10_000, 'USD'), cell.days(9.5)]],
      csvName: 'units',
    };
    expect(tableCsv(table).split('\r\n').slice(0, 2)).toEqual([
      'Team,Met,Done in time (%),Median (business minutes),Cost (USD),Cycle (days)',
      'East,80,79.21,38,10000,9.5',
    ]);
  });
});

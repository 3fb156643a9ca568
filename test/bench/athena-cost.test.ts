// How Trino's per-statement reads become Athena's bill: DDL is free, every billed statement
// counts at least 10 MB, and $5 per TB. Numbers worked by hand.
import { describe, expect, it } from 'vitest';
import { athenaBill, viewModels } from '../../bench/athena-cost.ts';

const MB = 1024 * 1024;

describe('athenaBill', () => {
  const stats = [
    { label: 'stg_a', billed: true, physicalInputBytes: 2 * MB, elapsedMs: 1 },
    { label: 'int_b', billed: true, physicalInputBytes: 30 * MB, elapsedMs: 1 },
    { label: 'a query', billed: true, physicalInputBytes: 0, elapsedMs: 1 },
    { label: 'drop', billed: false, physicalInputBytes: 500 * MB, elapsedMs: 1 },
  ];

  it('bills queries and CTAS at 10 MB at least each, DDL not at all', () => {
    // 10 + 30 + 10 MB = 50 MB = 52,428,800 bytes; × $5 / 10¹² = $0.000262144.
    expect(athenaBill(stats)).toEqual({ queries: 3, scannedBytes: 32 * MB, billedBytes: 50 * MB, usd: 50 * MB * 5 / 1e12 });
    expect(athenaBill(stats).usd).toBeCloseTo(0.000262144, 12);
  });

  it('extrapolates by scaling each statement before the minimum applies', () => {
    // × 10: 20 MB, 300 MB and 0 (billed 10 MB) = 330 MB billed, 320 MB read.
    expect(athenaBill(stats, 10)).toMatchObject({ queries: 3, scannedBytes: 320 * MB, billedBytes: 330 * MB });
  });

  it('bills nothing for a model Athena keeps as a view: the tables reading it pay for its reads', () => {
    // int_users is a view: its 3 MB statement leaves the bill; 10 + 30 + 10 MB remain, as without it.
    const withView = [...stats, { label: 'int_users', billed: true, physicalInputBytes: 3 * MB, elapsedMs: 1 }];
    expect(athenaBill(withView, 1, new Set(['int_users']))).toEqual(athenaBill(stats));
    expect(athenaBill(withView)).toMatchObject({ queries: 4, billedBytes: 60 * MB });
  });
});

describe('viewModels', () => {
  it('names the models marked `materialized: view`, and only those', () => {
    expect(viewModels([{ name: 'int_users', materialized: 'view' }, { name: 'leads', materialized: 'table' }])).toEqual(new Set(['int_users']));
    // From sql/: int_users.sql and int_marketing_touches.sql say `-- materialized: view`; leads.sql does not.
    const views = viewModels();
    expect(views.has('int_users') && views.has('int_marketing_touches') && !views.has('leads')).toBe(true);
  });
});

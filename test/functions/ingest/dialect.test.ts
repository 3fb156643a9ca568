import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../functions/core/duckdb-engine.ts';
import { DIALECT_MACROS } from '../../../functions/ingest/dialect.ts';

// The value macros take a fast path for the common shapes (Data Export's `YYYY-MM-DD HH:MM:SS`,
// 18-character IDs, "0"/"1"); these values sit at the edges of those shapes and must read exactly
// as the general path reads them.
describe('dialect macros: fast paths agree with the general reading', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await DuckDbEngine.open();
    await engine.execute(DIALECT_MACROS);
  });
  afterAll(async () => {
    await engine.close();
  });

  async function read(macro: string, value: string | null): Promise<string | number | boolean | null> {
    const literal = value === null ? 'cast(null as varchar)' : `'${value.replaceAll("'", "''")}'`;
    const [row] = await engine.query<{ v: string | number | boolean | null }>(`select cast(${macro}(${literal}) as varchar) as v`);
    return row!.v;
  }

  it('reads times: the Data Export shape directly, an offset or a US date through the general path', async () => {
    expect(await read('handoff_ts', '2026-01-26 05:35:16')).toBe('2026-01-26 05:35:16');
    expect(await read('handoff_ts', '2026-01-26')).toBe('2026-01-26 00:00:00');
    expect(await read('handoff_ts', '2026-03-01T10:00:00')).toBe('2026-03-01 10:00:00');
    // An offset moves the time: 10:00 at +02:00 is 08:00 UTC.
    expect(await read('handoff_ts', '2026-03-01T10:00:00+0200')).toBe('2026-03-01 08:00:00');
    // 19 bytes with ':' at 17 but month first: not the fast shape, read as a US date.
    expect(await read('handoff_ts', '03/01/2026 10:00:00')).toBe('2026-03-01 10:00:00');
    expect(await read('handoff_ts', ' 2026-01-26 05:35:16 ')).toBe('2026-01-26 05:35:16');
    expect(await read('handoff_ts', '2026-02-30 10:00:00')).toBeNull();
    expect(await read('handoff_ts', '(No value)')).toBeNull();
    // An offset where the seconds would be: no parser reads it, so the row is a problem, never a time without its offset.
    expect(await read('handoff_ts', '2026-01-26 05:35+01')).toBeNull();
    expect(await read('handoff_ts', null)).toBeNull();
  });

  it('reads amounts through DECIMAL(18,4), and one too large for it through DECIMAL(20,4)', async () => {
    // 1,234.56789: the comma dropped, rounded half up to 4 places.
    expect(await read('handoff_decimal', '1,234.56789')).toBe('1234.5679');
    // 15 integer digits do not fit DECIMAL(18,4) (14 at most): the lake's DECIMAL(20,4) takes it.
    expect(await read('handoff_decimal', '123456789012345.12345')).toBe('123456789012345.1235');
    expect(await read('handoff_decimal', ' 42 ')).toBe('42.0000');
    expect(await read('handoff_decimal', 'n/a')).toBeNull();
    expect(await read('handoff_decimal', '(No value)')).toBeNull();
  });

  it('tells an empty marker from a value: null and the trimmed markers are empty', async () => {
    expect(await read('handoff_blank', null)).toBe('true');
    expect(await read('handoff_blank', '  null ')).toBe('true');
    expect(await read('handoff_blank', '(No value)')).toBe('true');
    expect(await read('handoff_blank', 'Nullman')).toBe('false');
  });

  it('reads a time without a zone as UTC even after a value that names one (DuckDB 1.5.6 carries the zone over)', async () => {
    // Prepare: one column, in this order, as one export would give it
    const values = ['2026-01-26 05:35', '2026-01-26 05:35:16 America/New_York', '2026-01-26 05:35', '2026-01-26 05:35:16 PST', '2026-01-26 5:35:16', '2026-01-26T05:35:16.000+0200'];

    // Act
    const rows = await engine.query<{ v: string }>(
      `select cast(handoff_ts(v) as varchar) as v from (values ${values.map((v, i) => `(${i}, '${v}')`).join(', ')}) t(i, v) order by i`);

    // Assess: New York is 5 hours behind UTC in January and PST 8, so 05:35:16 there is 10:35:16 and 13:35:16 UTC;
    // +02:00 is 2 hours ahead, so 03:35:16. The values without a zone stay as written: before this fix the third
    // read 10:35 and the fifth 13:35:16, in the zone of the value before them.
    expect(rows.map((r) => r.v)).toEqual([
      '2026-01-26 05:35:00', '2026-01-26 10:35:16', '2026-01-26 05:35:00', '2026-01-26 13:35:16', '2026-01-26 05:35:16', '2026-01-26 03:35:16',
    ]);
  });

  it('reads IDs: 18 characters as they are, padded ones trimmed, 15 characters given their suffix', async () => {
    expect(await read('handoff_id', '00Q000000000001EAA')).toBe('00Q000000000001EAA');
    expect(await read('handoff_id', '000000000000000AAA')).toBeNull();
    expect(await read('handoff_id', ' 000000000000000AAA')).toBeNull();
    expect(await read('handoff_id', null)).toBeNull();
    // 18 bytes with a leading space: trimmed (17 characters), not taken as it is.
    expect(await read('handoff_id', ' 00Q000000000001EA')).toBe('00Q000000000001EA');
    // Chunks of five, a bit per capital (1, 2, 4, 8, 16), the sum + 1 indexes A–Z0–5:
    // 00Q5e → Q at 3: 4 → E; 00000 → A; AbCdX → 1 + 4 + 16 = 21 → V.
    expect(await read('handoff_id', '00Q5e00000AbCdX')).toBe('00Q5e00000AbCdXEAV');
    expect(await read('handoff_id', '')).toBeNull();
  });

  it('reads booleans: "0"/"1" directly, words and blanks through the general path', async () => {
    expect(await read('handoff_bool', '1')).toBe('true');
    expect(await read('handoff_bool', '0')).toBe('false');
    expect(await read('handoff_bool', ' Yes ')).toBe('true');
    expect(await read('handoff_bool', '')).toBe('false');
    expect(await read('handoff_bool', 'maybe')).toBeNull();
  });
});

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/core/config.ts';
import { DuckDbEngine } from '../../functions/core/duckdb-engine.ts';
import { createSourceViews, duckDbContext } from '../../functions/core/models.ts';
import { loadMacros, loadModels, renderModel, sqlString } from '../../functions/core/sql.ts';
import { connectorsFor } from '../../functions/ingest/connectors/index.ts';
import { readMart, runFixtureNight } from '../helpers/night.ts';

// Fixture person-names: five Salesforce leads and two contacts that never were leads, named as real exports name people.
//   N1 FirstName "Ann", LastName "Lee" (Name "Ann Lee" too)   → "Ann Lee"
//   N2 FirstName "  Bo ", no LastName                          → "Bo" (trimmed)
//   N3 no FirstName, LastName "Chen"                           → "Chen"
//   N4 neither, only the compound Name "Dana Diaz"             → "Dana Diaz"
//   N5 no name at all (company Echo, an email and a phone)     → empty: an email or phone is never shown as a name
//   contact F1 "Fay" "Ford" → "Fay Ford"; contact G1 nameless → empty
const N = (n: string) => `00Q0000000000${n}AAA`;

describe('the leads mart names each person from the export', () => {
  let outDir: string;
  let names: Record<string, unknown>;

  beforeAll(async () => {
    const night = await runFixtureNight('person-names', {}, '2026-11-30T00:00:00Z');
    outDir = night.outDir;
    names = Object.fromEntries((await readMart(outDir, 'leads', 'person_id')).map((row) => [row['person_id'], row['person_name']]));
  });

  it('joins first and last name, falls back to the one Name column, and leaves a nameless person empty', () => {
    expect(names).toEqual({
      [N('N1')]: 'Ann Lee', [N('N2')]: 'Bo', [N('N3')]: 'Chen', [N('N4')]: 'Dana Diaz', [N('N5')]: null,
      '0030000000000F1AAA': 'Fay Ford', '0030000000000G1AAA': null,
    });
  });

  describe('on a lake written before the lake had a full-name column', () => {
    let engine: DuckDbEngine;

    beforeAll(async () => {
      engine = await DuckDbEngine.open();
      // Rewrite the night's lake files as an older Handoff wrote them: every column but full_name.
      const lakeDir = join(outDir, 'lake');
      for (const object of ['lead', 'contact']) {
        const dir = join(lakeDir, 'salesforce', object);
        for (const date of readdirSync(dir)) {
          for (const file of readdirSync(join(dir, date))) {
            const path = join(dir, date, file);
            await engine.execute(`create or replace table old_file as select * exclude (full_name) from read_parquet(${sqlString(path)})`);
            await engine.execute(`copy old_file to ${sqlString(path)} (format parquet)`);
          }
        }
      }
      await createSourceViews(engine, lakeDir, connectorsFor(parseConfig({})));
    });

    afterAll(async () => {
      await engine.close();
    });

    it('still stages every lead: the missing column reads as empty, so only the name that was in it is lost', async () => {
      const model = loadModels().find((m) => m.name === 'stg_salesforce__leads')!;
      const staged = await engine.query<{ lead_id: string; person_name: string | null }>(
        `select lead_id, person_name from (${renderModel(model, loadMacros(), duckDbContext)}) as staged order by lead_id`,
      );
      expect(staged).toEqual([
        { lead_id: N('N1'), person_name: 'Ann Lee' }, { lead_id: N('N2'), person_name: 'Bo' }, { lead_id: N('N3'), person_name: 'Chen' },
        { lead_id: N('N4'), person_name: null }, { lead_id: N('N5'), person_name: null },
      ]);
    });
  });
});

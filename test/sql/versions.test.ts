import { describe, expect, it } from 'vitest';
import { readMart, runFixtureNight } from '../helpers/night.ts';

// Fixture versions: two Salesforce exports. 2026-11-19 is full (leads V1–V4); 2026-11-20 is partial:
// V1 converted (newer), V3 deleted, V4 merged into V2, and a new V5 written with a 15-character id.
// V2 is missing from the partial export: it must stay. Converted V1 and its contact are one person.
describe('staging: latest version wins, partial exports delete nothing', () => {
  it('keeps the newest version of each lead, drops deleted and merged ones, and merges a converted lead with its contact', async () => {
    const night = await runFixtureNight('versions', {}, '2026-11-20T00:00:00Z');
    const leads = await readMart(night.outDir, 'leads', 'person_id');
    expect(leads.map((l) => [l['person_id'], l['lead_id'], l['contact_id'], l['status']])).toEqual([
      // The sales-created contact is a person of its own; the converted lead's contact is not.
      ['0030000000000V9AAA', null, '0030000000000V9AAA', null],
      ['00Q0000000000V1AAA', '00Q0000000000V1AAA', '0030000000000V1AAA', 'Closed - Converted'],
      ['00Q0000000000V2AAA', '00Q0000000000V2AAA', null, 'New'],
      // "00Q0000000000V5" (15 characters): blocks 00Q00 → Q is bit 2 → E; 00000 → A; 000V5 → V is bit 3 → I.
      ['00Q0000000000V5EAI', '00Q0000000000V5EAI', null, 'New'],
    ]);
  });
});

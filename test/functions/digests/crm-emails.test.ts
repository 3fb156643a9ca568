// A rep who opts in without an address gets the one the CRM's user export holds: Salesforce User.Email, or the
// HubSpot owners export's Email (fixture hubspot-basic: Dana Scully dana@example.com, Fox Mulder fox@example.com).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DigestIndex } from '../../../functions/digests/write.ts';
import { runFixtureNight } from '../../helpers/night.ts';

describe("reps' addresses from the CRM", () => {
  it('come from the HubSpot owners export for the reps who opted in, and only for them', async () => {
    const night = await runFixtureNight('hubspot-basic', { delivery: { from: 'h@example.com', reps: { 'hubspot:dana scully': {} } } });
    const index = JSON.parse(readFileSync(join(night.outDir, 'digests', 'index.json'), 'utf8')) as DigestIndex;
    expect(index.digests.filter((d) => d.audience === 'rep').map((d) => [d.rep_id, d.rep_name, d.rep_crm_email])).toEqual([['hubspot:dana scully', 'Dana Scully', 'dana@example.com']]);
    expect(JSON.stringify(index)).not.toContain('fox@example.com');
  });
});

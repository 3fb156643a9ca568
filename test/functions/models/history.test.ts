// The AWS night's history: tonight's snapshot unloaded from the swapped-in marts into _history/, a re-run's files
// replaced, and old nights pruned by the retention rule. Athena and S3 are fakes; the nights are worked out by hand.
import { AthenaClient } from '@aws-sdk/client-athena';
import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AthenaEngine } from '../../../functions/core/athena-engine.ts';
import { writeHistoryOnAthena } from '../../../functions/models/history.ts';
import { fakeAthena } from './fake-athena.ts';

const s3 = mockClient(S3Client);
const keys = (kind: string, nights: string[]) => nights.map((n) => ({ Key: `_history/${kind}/as_of=${n}/20261209_060000_00001_x_0` }));

describe('writeHistoryOnAthena', () => {
  afterEach(() => s3.reset());

  it('unloads definitions, records and figures for tonight, replaces a re-run, and prunes by the retention rule', async () => {
    // Prepare: nights 5 to 9 December in the history; 7 December published November; tonight (9 Dec) ran once already.
    // Definitions: 8 December changed them, 9 December repeats 8 December's hash.
    const { statements } = fakeAthena((sql) => {
      if (sql.includes('as_of_date >= closes_on')) return { columns: [['night', 'varchar']], rows: [['2026-12-07']] };
      if (sql.includes('min(definitions_hash)')) return { columns: [['night', 'varchar'], ['hash', 'varchar']], rows: [['2026-12-07', 'a'], ['2026-12-08', 'b'], ['2026-12-09', 'b']] };
      return { updateCount: 0 };
    });
    const nights = ['2026-12-05', '2026-12-06', '2026-12-07', '2026-12-08', '2026-12-09'];
    s3.on(ListObjectsV2Command).resolves({ Contents: [] });
    s3.on(ListObjectsV2Command, { Prefix: '_history/definitions/as_of=2026-12-09/' }).resolves({ Contents: keys('definitions', ['2026-12-09']) });
    s3.on(ListObjectsV2Command, { Prefix: '_history/figures/' }).resolves({ Contents: keys('figures', nights) });
    s3.on(ListObjectsV2Command, { Prefix: '_history/records/' }).resolves({ Contents: keys('records', nights) });
    s3.on(ListObjectsV2Command, { Prefix: '_history/definitions/' }).resolves({ Contents: keys('definitions', ['2026-12-07', '2026-12-08', '2026-12-09']) });
    // Restatements found on 1 and 8 December; with 7 days listed (3 to 9 December), 1 December's are removed.
    s3.on(ListObjectsV2Command, { Prefix: '_history/restatements/' }).resolves({ Contents: keys('restatements', ['2026-12-01', '2026-12-08']) });
    s3.on(DeleteObjectsCommand).resolves({});
    const engine = new AthenaEngine({ client: new AthenaClient({}), workGroup: 'handoff', database: 'handoff_models', lakeBucket: 'handoff-lake', runId: 'r1' });

    // Act
    const result = await writeHistoryOnAthena({ engine, s3: new S3Client({}) }, { modelDatabase: 'handoff_models', lakeDatabase: 'handoff_lake', lakeBucket: 'handoff-lake' },
      { asOf: '2026-12-09T06:00:00.000Z', keepNights: 2, keepMonths: 24, restatementDays: 7 });

    // Assess: four unloads, figures last, each into tonight's folder.
    const unloads = statements.filter((sql) => sql.startsWith('unload'));
    expect(unloads.map((sql) => /to '([^']+)'/.exec(sql)?.[1])).toEqual([
      's3://handoff-lake/_history/definitions/as_of=2026-12-09/',
      's3://handoff-lake/_history/records/as_of=2026-12-09/',
      's3://handoff-lake/_history/restatements/as_of=2026-12-09/',
      's3://handoff-lake/_history/figures/as_of=2026-12-09/',
    ]);
    expect(unloads[2]).toContain('from "handoff_models"."restatements"');
    expect(unloads[3]).toContain('from "handoff_models"."monthly_figures" where is_closed');
    expect(unloads[1]).toContain("where month >= cast('2024-12-01' as date)");
    // Kept: the last 2 nights (8 and 9 December) and the publishing night (7 December); removed: 5 and 6 December.
    // Definitions of 9 December repeat 8 December's: removed.
    expect(result.removedNights).toEqual(['2026-12-05', '2026-12-06']);
    const deleted = s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input.Delete!.Objects!.map((o) => o.Key));
    expect(deleted).toEqual([
      ['_history/definitions/as_of=2026-12-09/20261209_060000_00001_x_0'],
      [
        '_history/figures/as_of=2026-12-05/20261209_060000_00001_x_0', '_history/figures/as_of=2026-12-06/20261209_060000_00001_x_0',
        '_history/records/as_of=2026-12-05/20261209_060000_00001_x_0', '_history/records/as_of=2026-12-06/20261209_060000_00001_x_0',
        '_history/definitions/as_of=2026-12-09/20261209_060000_00001_x_0',
        '_history/restatements/as_of=2026-12-01/20261209_060000_00001_x_0',
      ],
    ]);
  });
});

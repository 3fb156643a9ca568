import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/core/config.ts';
import { runNight, type NightResult } from '../../../functions/night/run-night.ts';
import { readMart } from '../../helpers/night.ts';

/*
 * The README's promises about reading files, each checked on one hostile exports folder run
 * through the whole night (data stages): "Nothing is lost: for every file, rows read = rows loaded
 * + rows quarantined" and "a file that cannot be read at all is reported by name with the cause
 * and the rest of the night goes on". Every count below is worked out by hand from the files.
 */

const HEADER = '"Id","LastName","Company","Status","OwnerId","CreatedDate"';
const lead = (n: number, company = `Co${n}`) => `"00Q${String(n).padStart(12, '0')}AAA","Name${n}","${company}","Open - Not Contacted","005000000000001AAA","2026-11-19 10:00:00"`;

describe('README promises on reading files, over a whole night', () => {
  let root: string;
  let night: NightResult;
  let outDir: string;
  const logged: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'handoff-promises-'));
    const sf = join(root, 'exports', '2026-11-20', 'salesforce');
    mkdirSync(sf, { recursive: true });
    // Lead.csv, 6 records: CRLF header then LF/CRLF mixed; record 3 starts with a BOM; record 5 has one byte that is not UTF-8.
    writeFileSync(join(sf, 'Lead.csv'), Buffer.concat([
      Buffer.from(`${HEADER}\r\n${lead(1, 'Zoë GmbH')}\n${lead(2)}\r\n\uFEFF${lead(3)}\n${lead(4)}\r\n`),
      Buffer.from(`"00Q000000000005AAA","Ren`), Buffer.from([0xe9]), Buffer.from(`e","Co5","Open - Not Contacted","005000000000001AAA","2026-11-19 10:00:00"\n${lead(6)}`),
    ]));
    // lead.csv: the same lake name as Lead.csv but for case; 2 more leads.
    writeFileSync(join(sf, 'lead.csv'), `${HEADER}\n${lead(7)}\n${lead(8)}\n`);
    writeFileSync(join(sf, 'User.csv'), '"Id","FirstName","LastName","TimeZoneSidKey","CreatedDate"\n"005000000000001AAA","Una","East","America/New_York","2026-01-01 00:00:00"\n');
    // Three files that cannot be read: 10,000 columns, a FIFO, a dangling link.
    writeFileSync(join(sf, 'Account.csv'), `${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',')}\n`);
    execFileSync('mkfifo', [join(sf, 'Contact.csv')]);
    symlinkSync(join(root, 'nowhere.csv'), join(sf, 'Opportunity.csv'));
    outDir = join(root, 'out');
    night = await runNight({ exportsDir: join(root, 'exports'), outDir, config: parseConfig({}), skipSite: true, log: (line) => logged.push(line) });
  }, 120_000);
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('nothing is lost: for every file rows read = rows loaded + rows quarantined = its records, and the lake and marts hold what the counts say', async () => {
    const loads = Object.fromEntries(night.loads.map((l) => [l.file.replace('2026-11-20/salesforce/', ''), [l.rowsRead, l.rowsLoaded, l.rowsQuarantined]]));
    expect(loads).toEqual({
      'Account.csv': [0, 0, 0],
      'Contact.csv': [0, 0, 0],
      'Lead.csv': [6, 4, 2], // records 3 (byte-order mark) and 5 (not UTF-8) quarantined
      'lead.csv': [2, 2, 0],
      'Opportunity.csv': [0, 0, 0],
      'User.csv': [1, 1, 0],
    });
    // The console line says what the lake holds: 9 read, 7 loaded, 2 quarantined.
    expect(logged.find((l) => l.startsWith('ingest'))).toMatch(/6 files, 9 rows read, 7 loaded, 2 quarantined, 3 unreadable files$/);
    const leads = await readMart(outDir, 'leads', 'lead_id');
    expect(leads.map((l) => l['lead_id'])).toEqual([1, 2, 4, 6, 7, 8].map((n) => `00Q${String(n).padStart(12, '0')}AAA`));
    expect(leads.find((l) => String(l['lead_id']).endsWith('1AAA'))?.['company']).toBe('Zoë GmbH');
  });

  it('a file that cannot be read is reported by name with its cause on data health, and the night goes on to the marts', async () => {
    const health = await readMart(outDir, 'data_health', 'source_file');
    const loads = health.filter((h) => h['check_kind'] === 'load').map((h) => [String(h['source_file']).replace('2026-11-20/salesforce/', ''), h['status'], h['error'] === null ? null : String(h['error']).slice(0, 40), h['export_date']]);
    expect(loads).toEqual([
      ['Account.csv', 'fail', 'the header has 10,000 columns, over the ', '2026-11-20'],
      ['Contact.csv', 'fail', 'skipped: a named pipe (FIFO), not a regu', '2026-11-20'],
      ['Lead.csv', 'warn', null, '2026-11-20'],
      ['Opportunity.csv', 'fail', 'skipped: a symbolic link to a file that ', '2026-11-20'],
      ['User.csv', 'pass', null, '2026-11-20'],
      ['lead.csv', 'pass', null, '2026-11-20'],
    ]);
    expect(night.marts.length).toBeGreaterThan(5);
  });
});

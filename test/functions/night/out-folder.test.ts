// The output folder: Handoff deletes only what it wrote, never writes inside the exports, and one night at a time holds it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/core/config.ts';
import { OutputFolderError, OutputLockedError } from '../../../functions/core/errors.ts';
import { claimOutFolder } from '../../../functions/night/out-folder.ts';
import { runNight } from '../../../functions/night/run-night.ts';
import { FIXTURES } from '../../helpers/night.ts';
import { loadModels } from '../../../functions/core/sql.ts';

// Every mart the README's dictionary lists: one Parquet file each.
const MART_COUNT = loadModels().filter((m) => m.layer === 'marts').length;

const EXPORTS = join(FIXTURES, 'exports', 'sla-week');
const AS_OF = '2026-11-20T18:00:00Z';
const roots: string[] = [];

function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `handoff-out-${name}-`));
  roots.push(dir);
  return dir;
}

function night(outDir: string, exportsDir = EXPORTS, log: (line: string) => void = () => {}) {
  return runNight({ exportsDir, outDir, config: parseConfig({}), asOf: AS_OF, skipSite: true, log });
}

// The pid of a process that has exited: nothing runs under it any more.
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

describe('a folder holding the user’s own files', () => {
  it('is refused when Handoff did not create it, and nothing in it is touched', async () => {
    // Prepare: the user's report where Handoff would put its site.
    const out = tempDir('foreign');
    mkdirSync(join(out, 'site', 'reports'), { recursive: true });
    writeFileSync(join(out, 'site', 'reports', 'q3.html'), '<h1>Q3</h1>');
    // Act / Assess
    await expect(night(out)).rejects.toThrow(OutputFolderError);
    await expect(night(out)).rejects.toThrow(/holds files Handoff did not write \(site\); Handoff replaces what it writes there, so give a new or empty folder/);
    expect(readFileSync(join(out, 'site', 'reports', 'q3.html'), 'utf8')).toBe('<h1>Q3</h1>');
    expect(readdirSync(out)).toEqual(['site']);
  });

  it('stops the next night when a file Handoff did not write appears in a folder it replaces, and keeps the file', async () => {
    // Prepare: a night into a new folder, then the user's report dropped into its marts and a note beside them.
    const out = join(tempDir('added'), 'out');
    await night(out);
    writeFileSync(join(out, 'marts', 'q3.xlsx'), 'numbers');
    writeFileSync(join(out, 'notes.txt'), 'mine');
    // Act
    const second = night(out);
    // Assess: refused naming the file; both files still there.
    await expect(second).rejects.toThrow(/holds files Handoff did not write in folders it replaces each night: marts\/q3\.xlsx; move them out/);
    expect(readFileSync(join(out, 'marts', 'q3.xlsx'), 'utf8')).toBe('numbers');
    // Once the user moves the file out, the night runs, and a note outside the folders Handoff replaces stays.
    rmSync(join(out, 'marts', 'q3.xlsx'));
    await night(out);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(join(out, 'marts')).length).toBe(MART_COUNT);
  });

  it('adopts an empty folder and reruns into it as often as asked', async () => {
    const out = tempDir('empty');
    await night(out);
    await night(out);
    expect(readdirSync(out).sort()).toEqual(['.handoff', 'digests', 'lake', 'marts', 'site-data']);
    // The staging area and the lock are gone once the night is over.
    expect(readdirSync(join(out, '.handoff')).sort()).toEqual(['manifest.json', 'owner.json', 'trash']);
  });
});

describe('a night killed between the two renames of a swap', () => {
  it('gets its previous marts back in place at the next claim', async () => {
    // Prepare: a night's marts, then moved to the trash as the swap does just before renaming the new ones in.
    const out = tempDir('swap');
    await night(out);
    const marts = readdirSync(join(out, 'marts')).sort();
    renameSync(join(out, 'marts'), join(out, '.handoff', 'trash', 'marts'));
    // Act
    const claim = claimOutFolder(out);
    claim.release();
    // Assess
    expect(readdirSync(join(out, 'marts')).sort()).toEqual(marts);
    expect(existsSync(join(out, '.handoff', 'trash'))).toBe(false);
  });
});

describe('--out inside --exports', () => {
  it('is refused before anything is written, so the night never reads its own output back', async () => {
    const exportsDir = tempDir('exports');
    cpSync(EXPORTS, exportsDir, { recursive: true });
    const before = readdirSync(exportsDir).sort();
    await expect(night(join(exportsDir, 'out'), exportsDir)).rejects.toThrow(/--out .*\/out is inside --exports .*: the next night would read its own output as exports; put --out outside it/);
    await expect(night(exportsDir, exportsDir)).rejects.toThrow(/is inside --exports/);
    expect(readdirSync(exportsDir).sort()).toEqual(before);
  });
});

describe('the lock on the output folder', () => {
  it('refuses a second night while the first holds it, naming the holder, and writes nothing', async () => {
    // Prepare: a lock held by a live process (this one) on this host.
    const out = tempDir('locked');
    mkdirSync(join(out, '.handoff'));
    writeFileSync(join(out, '.handoff', 'owner.json'), '{}');
    const holder = { pid: process.pid, host: hostname(), started_at: '2026-12-04T02:00:00.000Z' };
    writeFileSync(join(out, '.handoff', 'lock.json'), JSON.stringify(holder));
    // Act / Assess
    const refused = night(out);
    await expect(refused).rejects.toThrow(OutputLockedError);
    await expect(night(out)).rejects.toThrow(`is in use by another night: pid ${process.pid} on ${hostname()}, started 2026-12-04T02:00:00.000Z. Wait for it to finish.`);
    expect(readdirSync(out)).toEqual(['.handoff']);
    // The holder's lock is left as it was.
    expect(JSON.parse(readFileSync(join(out, '.handoff', 'lock.json'), 'utf8'))).toEqual(holder);
  });

  it('refuses a lock from another host, which it cannot check, and says how to clear it', async () => {
    const out = tempDir('other-host');
    mkdirSync(join(out, '.handoff'));
    writeFileSync(join(out, '.handoff', 'owner.json'), '{}');
    writeFileSync(join(out, '.handoff', 'lock.json'), JSON.stringify({ pid: 1, host: 'batch-7', started_at: '2026-12-04T02:00:00.000Z' }));
    await expect(night(out)).rejects.toThrow(/pid 1 on batch-7, started 2026-12-04T02:00:00.000Z\. Wait for it to finish, or, if no night runs on batch-7 any more, delete .*lock\.json/);
  });

  it('takes over a stale lock left by a process that died, and releases its own at the end', async () => {
    const out = tempDir('stale');
    mkdirSync(join(out, '.handoff'));
    writeFileSync(join(out, '.handoff', 'owner.json'), '{}');
    writeFileSync(join(out, '.handoff', 'lock.json'), JSON.stringify({ pid: deadPid(), host: hostname(), started_at: '2026-12-04T02:00:00.000Z' }));
    const result = await night(out);
    expect(result.marts.length).toBe(MART_COUNT);
    expect(existsSync(join(out, '.handoff', 'lock.json'))).toBe(false);
  });

  it('takes over a lock its holder was killed while writing (empty file)', async () => {
    const out = tempDir('torn');
    mkdirSync(join(out, '.handoff'));
    writeFileSync(join(out, '.handoff', 'owner.json'), '{}');
    writeFileSync(join(out, '.handoff', 'lock.json'), '');
    const claim = claimOutFolder(out);
    expect(JSON.parse(readFileSync(join(out, '.handoff', 'lock.json'), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    claim.release();
    expect(existsSync(join(out, '.handoff', 'lock.json'))).toBe(false);
  });

  it('lets only one of two nights started at once into the same folder run', async () => {
    const out = tempDir('race');
    const outcomes = await Promise.allSettled([night(out), night(out)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(OutputLockedError);
    expect(String(refused.reason.message)).toContain(`pid ${process.pid} on ${hostname()}`);
  });
});

describe('an as-of before every record', () => {
  it('runs, with a warning naming the oldest record', async () => {
    const lines: string[] = [];
    await runNight({ exportsDir: EXPORTS, outDir: tempDir('early'), config: parseConfig({}), asOf: '2020-01-01T00:00:00Z', skipSite: true, log: (line) => lines.push(line) });
    // The oldest lead of the sla-week fixture (Lead.csv, CreatedDate) was created on 1 October 2026 at 09:00 UTC.
    expect(lines).toContain('  ! the as-of 2020-01-01T00:00:00.000Z is before every record (the oldest was created 2026-10-01T09:00:00.000Z): every count is empty and every SLA pending; give a later --as-of');
  });

  it('gives no warning for an as-of within the data', async () => {
    const lines: string[] = [];
    await night(tempDir('within'), EXPORTS, (line) => lines.push(line));
    expect(lines.filter((line) => line.includes('!'))).toEqual([]);
  });
});

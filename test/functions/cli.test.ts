// The CLI as an operator runs it, in real processes: bad flags and config stop it before it writes anything, two
// nights into one folder do not mix, and kill -9 in the middle of the site build leaves the published site whole.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/night.ts';
import { loadModels } from '../../functions/core/sql.ts';

// Every mart the README's dictionary lists: one Parquet file each.
const MART_COUNT = loadModels().filter((m) => m.layer === 'marts').length;

const CLI = fileURLToPath(new URL('../../functions/cli.ts', import.meta.url));
const EXPORTS = join(FIXTURES, 'exports', 'sla-week');
const roots: string[] = [];

function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `handoff-cli-${name}-`));
  roots.push(dir);
  return dir;
}

function handoff(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `handoff run` in the background; resolves with its exit once it ends. */
function startNight(out: string): { pid: number; output: () => string; exit: Promise<number | null>; kill: () => void } {
  const child = spawn(process.execPath, [CLI, 'run', '--exports', EXPORTS, '--out', out, '--as-of', '2026-11-20T18:00:00Z'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exit = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return { pid: child.pid!, output: () => output, exit, kill: () => child.kill('SIGKILL') };
}

afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

describe('--memory-limit', () => {
  it('refuses a size DuckDB would not read, before writing anything', () => {
    const out = join(tempDir('memory'), 'out');
    const run = handoff(['run', '--exports', EXPORTS, '--out', out, '--memory-limit', 'lots']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('handoff: --memory-limit "lots" is not a size; give megabytes or gigabytes, e.g. 2GB or 1500MB');
    expect(existsSync(out)).toBe(false);
  });
});

describe('--as-of', () => {
  it('refuses a day that does not exist instead of rolling it into March, before writing anything', () => {
    const out = join(tempDir('feb30'), 'out');
    const run = handoff(['run', '--exports', EXPORTS, '--out', out, '--as-of', '2026-02-30']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('handoff: ConfigError: --as-of "2026-02-30": 2026-02-30 is not a day of the calendar; write it like 2026-11-20T18:00:00Z');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an absurd year at once, instead of building a calendar to it', () => {
    const out = join(tempDir('far'), 'out');
    const run = handoff(['run', '--exports', EXPORTS, '--out', out, '--as-of', '99999-01-01']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/--as-of "99999-01-01" is out of range: it must lie between 1970-01-01 and \d{4}-\d{2}-\d{2} \(a year from today\)/);
    // Before anything else: the process reads its flags and stops (an 8-minute run that built the calendar to that
    // year died out of memory); such a run would hit the 120-s limit above and end with no exit status.
    expect(existsSync(out)).toBe(false);
  });
});

describe('a bad config', () => {
  it('stops the night before anything is written, naming the key and the fix', () => {
    const dir = tempDir('config');
    const config = join(dir, 'handoff.json');
    writeFileSync(config, JSON.stringify({ company: { crm_url: 'javascript:alert(1)//x' }, ingest: { encoding: 'klingon-8' }, stages: { salesforce_status: {} } }));
    const out = join(dir, 'out');
    const run = handoff(['run', '--exports', EXPORTS, '--out', out, '--config', config]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('company.crm_url: must be an https: (or http:) address');
    expect(run.stderr).toContain('ingest.encoding: "klingon-8" is not an encoding Handoff can read');
    expect(run.stderr).toContain('stages.salesforce_status: unknown key; did you mean "salesforce_lead_status"?');
    expect(existsSync(out)).toBe(false);
  });
});

describe('handoff demo --out', () => {
  it('refuses a folder holding the user’s files before generating anything, since it replaces its exports there', () => {
    const out = tempDir('demo');
    writeFileSync(join(out, 'budget.xlsx'), 'mine');
    const run = handoff(['demo', '--out', out, '--no-serve']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`handoff: OutputFolderError: --out ${out} holds files Handoff did not write (budget.xlsx)`);
    expect(readdirSync(out)).toEqual(['budget.xlsx']);
  });
});

describe('two nights into the same --out at once', () => {
  it('run one; the other refuses, naming the holder', async () => {
    const out = tempDir('twice');
    const [first, second] = [startNight(out), startNight(out)];
    const codes = await Promise.all([first.exit, second.exit]);
    expect([...codes].sort()).toEqual([0, 1]);
    const [winner, loser] = codes[0] === 0 ? [first, second] : [second, first];
    expect(loser.output()).toMatch(new RegExp(`OutputLockedError: .* is in use by another night: pid ${winner.pid} on ${hostname()}, started \\d{4}-\\d{2}-\\d{2}T`));
    // The winner's marts and site are whole.
    expect(readdirSync(join(out, 'marts')).length).toBe(MART_COUNT);
    expect(readFileSync(join(out, 'site', 'index.html'), 'utf8')).toContain('</html>');
  });
});

describe('kill -9 during the site stage', () => {
  it('leaves the previously published site and marts in place, and the next night takes over the stale lock', async () => {
    // Prepare: a night published a site.
    const out = tempDir('kill');
    expect((await startNight(out).exit)).toBe(0);
    const before = readFileSync(join(out, 'site', 'index.html'), 'utf8');
    const pagesBefore = readdirSync(join(out, 'site'), { recursive: true }).length;
    // Act: a second night, killed once its site build has started (after "site data", the last stage before it).
    const night = startNight(out);
    await new Promise<void>((ready, fail) => {
      const poll = setInterval(() => {
        if (/site data .*meta\.json/.test(night.output())) {
          clearInterval(poll);
          // Let Astro get going: it writes its pages into the staging folder, never into OUT/site.
          setTimeout(() => {
            night.kill();
            ready();
          }, 700);
        }
      }, 20);
      night.exit.then(() => {
        clearInterval(poll);
        fail(new Error(`the night ended before it could be killed:\n${night.output()}`));
      });
    });
    await night.exit;
    // Assess: the old site is whole and still in place; the marts are whole.
    expect(readFileSync(join(out, 'site', 'index.html'), 'utf8')).toBe(before);
    expect(readdirSync(join(out, 'site'), { recursive: true }).length).toBe(pagesBefore);
    expect(readdirSync(join(out, 'marts')).sort()).toHaveLength(MART_COUNT);
    // It was killed mid-build: its Astro work folder is still in the night's staging area.
    const staging = join(out, '.handoff', 'staging');
    const nights = readdirSync(staging);
    expect(nights).toHaveLength(1);
    expect(readdirSync(join(staging, nights[0]!)).some((f) => f.startsWith('handoff-site-build-'))).toBe(true);
    // The killed night's lock is stale (its pid is dead); the next night takes it over and publishes.
    expect(JSON.parse(readFileSync(join(out, '.handoff', 'lock.json'), 'utf8')).pid).toBe(night.pid);
    const next = startNight(out);
    expect(await next.exit).toBe(0);
    expect(readFileSync(join(out, 'site', 'index.html'), 'utf8')).toContain('</html>');
    expect(existsSync(join(out, '.handoff', 'lock.json'))).toBe(false);
    expect(existsSync(join(out, '.handoff', 'staging'))).toBe(false);
  });
});

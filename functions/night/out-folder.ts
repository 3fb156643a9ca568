// The output folder a night writes into: Handoff's own (marked and listed in a manifest), locked while a night
// runs, and its marts and site replaced whole by a rename, so a reader or a crash never leaves half of either.
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { OutputFolderError, OutputLockedError } from '../core/errors.ts';

/** Handoff's own folder inside the output folder: marker, lock, manifest, staging and trash. */
export const HANDOFF_DIR = '.handoff';
/** The folders a night replaces whole; anything in them Handoff did not write stops the night instead of being deleted. */
export const PUBLISHED = ['marts', 'site-data', 'site', 'digests'] as const;
export type Published = (typeof PUBLISHED)[number];

const OWNER_FILE = 'owner.json';
const LOCK_FILE = 'lock.json';
const MANIFEST_FILE = 'manifest.json';

/** Who holds the lock of an output folder. */
export interface LockHolder {
  pid: number;
  host: string;
  started_at: string;
  /** What holds it: a night (`handoff run`) or a delivery (`handoff deliver`); older locks say nothing and are nights. */
  task?: LockTask;
}

/** What may hold an output folder's lock. */
export type LockTask = 'night' | 'delivery';

/** An output folder claimed for one night: staging space, publishing, and the lock to release. */
export interface OutFolder {
  dir: string;
  /** A fresh folder on the same disk for this night's work in progress (temporaries, staged marts and site). */
  stagingDir: string;
  /** Replaces OUT/<name> with the staged folder, by renames; records its files in the manifest. */
  publish(name: Published, staged: string): void;
  /** Removes the staging folder and releases the lock. */
  release(): void;
}

/**
 * Claims `outDir` for a night, before anything is written: refuses a folder inside the exports, a non-empty folder
 * Handoff did not create, files Handoff did not write inside the folders it replaces, and a folder another live night
 * holds (a lock of a dead process on this host is taken over). Finishes a swap a killed night left half done.
 */
export function claimOutFolder(outDir: string, exportsDir?: string): OutFolder {
  const dir = resolve(outDir);
  if (exportsDir) assertNotInside(dir, resolve(exportsDir));
  assertHandoffFolder(dir, '--out');
  const own = join(dir, HANDOFF_DIR);
  const holder = acquireLock(join(own, LOCK_FILE), 'night');
  try {
    recoverInterruptedSwaps(dir);
    rmSync(join(own, 'staging'), { recursive: true, force: true });
    rmSync(join(own, 'trash'), { recursive: true, force: true });
    assertOnlyHandoffFiles(dir);
    const stagingDir = join(own, 'staging', `night-${process.pid}-${Date.now()}`);
    mkdirSync(stagingDir, { recursive: true });
    return {
      dir,
      stagingDir,
      publish: (name, staged) => publish(dir, name, staged),
      release: () => {
        rmSync(join(own, 'staging'), { recursive: true, force: true });
        releaseLock(join(own, LOCK_FILE), holder);
      },
    };
  } catch (error) {
    releaseLock(join(own, LOCK_FILE), holder);
    throw error;
  }
}

/**
 * Takes the lock of an output folder a night already wrote, for work that reads the night's output and writes beside
 * it (`handoff deliver`): a night and a delivery on the same folder never interleave. Returns the release.
 */
export function lockOutFolder(outDir: string, task: LockTask): { release(): void } {
  const dir = resolve(outDir);
  if (!existsSync(join(dir, HANDOFF_DIR, OWNER_FILE))) {
    throw new OutputFolderError(`${dir} is not a folder a night wrote (no ${join(HANDOFF_DIR, OWNER_FILE)}); run the night (handoff run --out ${dir}) first`);
  }
  const file = join(dir, HANDOFF_DIR, LOCK_FILE);
  const holder = acquireLock(file, task);
  return { release: () => releaseLock(file, holder) };
}

/**
 * Makes sure `dir` is a folder Handoff may write into: creates it (and marks it as Handoff's) when it is missing or
 * empty; refuses a folder with other files that Handoff did not create.
 */
export function assertHandoffFolder(dir: string, flag: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new OutputFolderError(`${flag} ${dir} is a file; give a folder (a new one is created)`);
  const marker = join(dir, HANDOFF_DIR, OWNER_FILE);
  if (existsSync(marker)) return;
  // Our own folder alone is not the user's: another night starting at the same moment may be marking it.
  const entries = existsSync(dir) ? readdirSync(dir).filter((entry) => entry !== HANDOFF_DIR) : [];
  if (entries.length) {
    const shown = entries.sort().slice(0, 5).join(', ');
    throw new OutputFolderError(
      `${flag} ${dir} holds files Handoff did not write (${shown}${entries.length > 5 ? ', …' : ''}); Handoff replaces what it writes there, so give a new or empty folder ` +
        '(if it is the output of an older Handoff version, delete it first)',
    );
  }
  mkdirSync(join(dir, HANDOFF_DIR), { recursive: true });
  writeFileSync(marker, `${JSON.stringify({ created_by: 'handoff', created_at: new Date().toISOString() })}\n`);
}

// --out inside --exports would read the night's own CSV downloads back in as exports.
function assertNotInside(outDir: string, exportsDir: string): void {
  const out = realish(outDir);
  const exports = realish(exportsDir);
  const rel = relative(exports, out);
  if (rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))) {
    throw new OutputFolderError(`--out ${outDir} is inside --exports ${exportsDir}: the next night would read its own output as exports; put --out outside it`);
  }
}

// The real path of a folder that may not exist yet: its nearest existing parent resolved, the rest appended.
function realish(path: string): string {
  const missing: string[] = [];
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) {
    missing.unshift(basename(current));
    current = dirname(current);
  }
  return join(realpathSync(current), ...missing);
}

function acquireLock(file: string, task: LockTask): LockHolder {
  const me: LockHolder = { pid: process.pid, host: hostname(), started_at: new Date().toISOString(), task };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeFileSync(fd, `${JSON.stringify(me)}\n`);
      } finally {
        closeSync(fd);
      }
      return me;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(file);
    if (holder && (holder.host !== me.host || isAlive(holder.pid))) {
      throw new OutputLockedError(
        `${dirname(dirname(file))} is in use by another ${holder.task ?? 'night'}: pid ${holder.pid} on ${holder.host}, started ${holder.started_at}. ` +
          `Wait for it to finish${holder.host !== me.host ? `, or, if no ${holder.task ?? 'night'} runs on ${holder.host} any more, delete ${file}` : ''}.`,
      );
    }
    // The holder died without releasing the lock (kill -9, power cut): the lock is stale; take it over.
    removeStaleLock(file, holder);
  }
  throw new OutputLockedError(`${dirname(dirname(file))} is in use by another night or delivery that keeps taking the lock (${file}); wait for it to finish`);
}

// Moves the stale lock aside by a rename (atomic: of two nights taking it over, one moves it), and puts it back if a
// live night's lock was moved instead (it replaced the stale one in between).
function removeStaleLock(file: string, stale: LockHolder | undefined): void {
  const aside = `${file}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readHolder(aside);
  const same = moved === undefined ? stale === undefined : stale !== undefined && moved.pid === stale.pid && moved.host === stale.host && moved.started_at === stale.started_at;
  if (!same) {
    try {
      linkSync(aside, file);
    } catch {
      // Another night took the place meanwhile; its lock stands.
    }
  }
  rmSync(aside, { force: true });
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' && typeof holder.host === 'string' ? holder : undefined;
  } catch {
    // Unreadable or half-written (the holder was killed while writing it): nobody can hold it.
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseLock(file: string, me: LockHolder): void {
  const holder = readHolder(file);
  if (holder && holder.pid === me.pid && holder.host === me.host && holder.started_at === me.started_at) rmSync(file, { force: true });
}

interface Manifest {
  /** Per published folder, the files (relative paths) Handoff wrote into it. */
  written: Partial<Record<Published, string[]>>;
}

function readManifest(dir: string): Manifest {
  try {
    return JSON.parse(readFileSync(join(dir, HANDOFF_DIR, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch {
    return { written: {} };
  }
}

function writeManifest(dir: string, manifest: Manifest): void {
  const file = join(dir, HANDOFF_DIR, MANIFEST_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(manifest)}\n`);
  renameSync(`${file}.tmp`, file);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

// Handoff replaces the published folders whole: a file in one that the manifest does not list is the user's.
function assertOnlyHandoffFiles(dir: string): void {
  const manifest = readManifest(dir);
  const foreign: string[] = [];
  for (const name of PUBLISHED) {
    const written = new Set(manifest.written[name] ?? []);
    for (const file of filesUnder(join(dir, name))) if (!written.has(file)) foreign.push(join(name, file));
  }
  if (foreign.length) {
    throw new OutputFolderError(
      `${dir} holds files Handoff did not write in folders it replaces each night: ${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? `, … (${foreign.length} in all)` : ''}; ` +
        'move them out of the output folder, then run again',
    );
  }
}

// A night killed between the two renames of a swap leaves the old folder in the trash and none in place: put it back.
function recoverInterruptedSwaps(dir: string): void {
  const trash = join(dir, HANDOFF_DIR, 'trash');
  if (!existsSync(trash)) return;
  for (const name of PUBLISHED) {
    const previous = join(trash, name);
    if (existsSync(previous) && !existsSync(join(dir, name))) renameSync(previous, join(dir, name));
  }
}

function publish(dir: string, name: Published, staged: string): void {
  const target = join(dir, name);
  const trash = join(dir, HANDOFF_DIR, 'trash');
  const previous = join(trash, name);
  mkdirSync(trash, { recursive: true });
  rmSync(previous, { recursive: true, force: true });
  const manifest = readManifest(dir);
  // Listed before the swap, so a crash after it can never leave Handoff's files unlisted.
  const files = filesUnder(staged);
  writeManifest(dir, { written: { ...manifest.written, [name]: [...new Set([...(manifest.written[name] ?? []), ...files])].sort() } });
  if (existsSync(target)) renameSync(target, previous);
  renameSync(staged, target);
  writeManifest(dir, { written: { ...manifest.written, [name]: files } });
  rmSync(previous, { recursive: true, force: true });
}

// Finds and starts the Chromium that the browser tests and the README screenshots drive: the system's
// when one is installed, otherwise the one shipped inside the npm package @sparticuz/chromium, so that
// `npm install` is all a new machine needs. Nothing is downloaded: the package carries its binary.
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

/** Where Debian (and most Linux distributions) install Chromium. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** The environment variable that chooses the browser: auto (default), system, packaged, or an executable's absolute path. */
export const BROWSER_VARIABLE = 'HANDOFF_BROWSER';

/**
 * Flags this machine needs: headless without a sandbox (containers run as root), no GPU, and no
 * background traffic (QUIC, component updates, sync), so a test never waits on the network.
 * Playwright adds a fresh temporary profile (--user-data-dir) to every launch and deletes it afterwards;
 * it refuses the flag itself.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type BrowserChoice =
  | { kind: 'auto' }
  | { kind: 'system' }
  | { kind: 'packaged' }
  | { kind: 'path'; path: string };

export interface ResolvedBrowser {
  executablePath: string;
  /** Which rule found it, for messages: the system's, the npm package's, or the one HANDOFF_BROWSER names. */
  source: 'system' | 'packaged' | 'path';
}

/** HANDOFF_BROWSER holds a value this module does not know. */
export class BrowserChoiceError extends Error {
  override name = 'BrowserChoiceError';
}

/** No Chromium could be found or started; the message says which one and what to do. */
export class BrowserUnavailableError extends Error {
  override name = 'BrowserUnavailableError';
}

/** Parses HANDOFF_BROWSER, so a typo is refused instead of silently picking another browser. */
export function browserChoice(value: string | undefined): BrowserChoice {
  const text = (value ?? '').trim();
  if (text === '' || text === 'auto') return { kind: 'auto' };
  if (text === 'system' || text === 'packaged') return { kind: text };
  if (text.startsWith('/')) return { kind: 'path', path: text };
  throw new BrowserChoiceError(
    `${BROWSER_VARIABLE}=${text} is not a browser choice. Use auto (the system's Chromium at ${SYSTEM_CHROMIUM} ` +
      'when installed, else the packaged one), system, packaged, or the absolute path of a Chromium or Chrome executable.',
  );
}

/** Finds the executable for a choice, unpacking the packaged Chromium on first use. */
export async function resolveChromium(choice: BrowserChoice, systemPath = SYSTEM_CHROMIUM): Promise<ResolvedBrowser> {
  switch (choice.kind) {
    case 'path':
      return { executablePath: requireExecutable(choice.path, `${BROWSER_VARIABLE} names ${choice.path}`), source: 'path' };
    case 'system':
      return { executablePath: requireExecutable(systemPath, `${BROWSER_VARIABLE}=system`), source: 'system' };
    case 'packaged':
      return { executablePath: await packagedChromium(), source: 'packaged' };
    case 'auto':
      return isExecutable(systemPath)
        ? { executablePath: systemPath, source: 'system' }
        : { executablePath: await packagedChromium(), source: 'packaged' };
  }
}

/** Starts headless Chromium; throws BrowserUnavailableError (so a browser test fails, never skips) when none starts. */
export async function launchChromium(choice: BrowserChoice, systemPath = SYSTEM_CHROMIUM): Promise<Browser> {
  const resolved = await resolveChromium(choice, systemPath);
  try {
    return await chromium.launch({ executablePath: resolved.executablePath, args: [...CHROMIUM_ARGS] });
  } catch (error) {
    throw new BrowserUnavailableError(
      `The ${resolved.source} Chromium at ${resolved.executablePath} did not start: ${(error as Error).message.split('\n')[0]}. ` +
        `Set ${BROWSER_VARIABLE}=packaged to use the Chromium that npm installed, or to another browser's path.`,
      { cause: error },
    );
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function requireExecutable(path: string, why: string): string {
  if (!isExecutable(path)) {
    throw new BrowserUnavailableError(
      `${why}, but ${path} is not an executable file. Install Chromium there, or set ${BROWSER_VARIABLE}=packaged ` +
        'to use the Chromium that `npm install` brought.',
    );
  }
  return path;
}

const execFileAsync = promisify(execFile);
const requireHere = createRequire(import.meta.url);

/**
 * The packaged Chromium, unpacked once per package version under node_modules/.cache. The package
 * unpacks into the temporary directory and reuses whatever `chromium` it finds there, whichever version
 * wrote it; so it runs in a child process whose TMPDIR is a private staging folder, which is then
 * renamed into place in one step. Parallel test workers may each unpack; the first rename wins.
 */
async function packagedChromium(): Promise<string> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new BrowserUnavailableError(
      `The Chromium in @sparticuz/chromium is built for Linux x64, and this machine is ${process.platform} ${process.arch}. ` +
        `Install Chromium or Chrome and set ${BROWSER_VARIABLE} to its executable's absolute path.`,
    );
  }
  const entry = packageEntry();
  const version = (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
  const cacheRoot = join(dirname(entry), '..', '..', '..', '.cache', 'handoff-chromium');
  const target = join(cacheRoot, version);
  if (existsSync(join(target, 'chromium'))) return join(target, 'chromium');
  await mkdir(cacheRoot, { recursive: true });
  const staging = await mkdtemp(join(cacheRoot, `${version}.unpacking-`));
  try {
    await unpackInto(entry, staging);
    await rename(staging, target).catch((error: NodeJS.ErrnoException) => {
      // Another worker renamed its copy first; theirs is complete, so this one is surplus.
      if (!existsSync(join(target, 'chromium'))) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return join(target, 'chromium');
}

function packageEntry(): string {
  try {
    return requireHere.resolve('@sparticuz/chromium');
  } catch (error) {
    throw new BrowserUnavailableError(
      'The npm package @sparticuz/chromium is not installed; run `npm install` in the project folder.',
      { cause: error },
    );
  }
}

async function unpackInto(entry: string, dir: string): Promise<void> {
  const script = `const { default: c } = await import(${JSON.stringify(pathToFileURL(entry).href)}); process.stdout.write(await c.executablePath());`;
  try {
    const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, TMPDIR: dir },
    });
    if (stdout !== join(dir, 'chromium')) throw new Error(`it answered ${stdout || 'nothing'} instead of ${join(dir, 'chromium')}`);
  } catch (error) {
    throw new BrowserUnavailableError(
      `Could not unpack the Chromium in @sparticuz/chromium into ${dir}: ${(error as Error).message.split('\n')[0]}. ` +
        'Check the disk has about 250 MB free, or reinstall with `npm install`.',
      { cause: error },
    );
  }
}

// Builds the static report site from a folder of site-data JSON files, so the CLI, the demo and the cloud publish share one build.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readdir, rename, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { linkOrCopy } from '../core/files.ts';
import { LISTS_DIR } from '../night/site-lists.ts';
import { DATA_DIR_ENV, SiteDataError } from '../../site/src/lib/data.ts';

const siteRoot = fileURLToPath(new URL('../../site/', import.meta.url));
const worker = fileURLToPath(new URL('./build-worker.ts', import.meta.url));
// The installation's node_modules (where astro resolves), linked into each build's copy of the site.
const nodeModules = dirname(dirname(createRequire(import.meta.url).resolve('astro/package.json')));
/** What a build needs of the site: its pages and components, config and public files. */
const SITE_SOURCES = ['src', 'public', 'astro.config.mjs', 'tsconfig.json'];

/** The build worker's exit code when the site data is bad (it then raises SiteDataError with the worker's message). */
export const BAD_DATA_EXIT = 3;

/** The Astro build itself failed (bad page code, or data the pre-check did not catch). */
export class SiteBuildError extends Error {
  override name = 'SiteBuildError';
}

export interface BuildSiteOptions {
  /** Folder holding the site data files functions/night/site-data.ts writes (meta.json and one file per site query). */
  dataDir: string;
  /** Where the site is written; anywhere on disk. Its old contents are replaced whole, only once the new site is complete. */
  outDir: string;
  /** Where the build's temporaries go (a folder made and removed inside it); default: the system temp folder. */
  workDir?: string;
}

/**
 * Builds the site from options.dataDir into options.outDir; returns the number of HTML pages and the time taken.
 * Bad data rejects with a SiteDataError naming the file and field, before Astro starts.
 *
 * Nothing is written under the installation (it may be read-only): Astro writes `<root>/.astro/` and stages its
 * page-rendering chunks in `<cwd>/.astro/.prerender`, so each build runs in its own child process on its own copy of
 * the site's sources in a temporary folder, with the installation's node_modules linked in so the chunks resolve.
 * The site is built next to outDir and renamed into place when complete, so a reader or a crash never sees half a site.
 */
export async function buildSite(options: BuildSiteOptions): Promise<{ pages: number; ms: number }> {
  const started = performance.now();
  const dataDir = resolve(options.dataDir);
  const outDir = resolve(options.outDir);

  const tempRoot = resolve(options.workDir ?? tmpdir());
  await mkdir(tempRoot, { recursive: true });
  const workDir = await mkdtemp(join(tempRoot, 'handoff-site-build-'));
  await mkdir(dirname(outDir), { recursive: true });
  // Beside outDir, so the finished site moves into place by a rename on the same disk.
  const staged = await mkdtemp(join(dirname(outDir), `.${basename(outDir)}.building-`));
  try {
    const project = join(workDir, 'site');
    await mkdir(project);
    for (const entry of SITE_SOURCES) {
      if (existsSync(join(siteRoot, entry))) await cp(join(siteRoot, entry), join(project, entry), { recursive: true });
    }
    await symlink(nodeModules, join(project, 'node_modules'), 'dir');
    await runWorker({ root: project, outDir: staged, cacheDir: `${join(workDir, 'cache')}/` }, dataDir, project);
    // The lists' files, which the list page fetches: beside it, at lists/<id>.csv.
    if (existsSync(join(dataDir, LISTS_DIR))) await linkOrCopyFiles(join(dataDir, LISTS_DIR), join(staged, 'lists'));
    // mkdtemp makes it private (0700); a published site is read by web servers running as other users.
    await chmod(staged, 0o755);
    const previous = `${staged}.previous`;
    if (existsSync(outDir)) await rename(outDir, previous);
    await rename(staged, outDir);
    await rm(previous, { recursive: true, force: true });
  } finally {
    await rm(staged, { recursive: true, force: true });
    await rm(workDir, { recursive: true, force: true });
  }
  return { pages: await countHtml(outDir), ms: Math.round(performance.now() - started) };
}

/**
 * Puts a folder's files into `to` as hard links, or as copies where the two folders are on different disks (or the disk
 * cannot link). The list files are a few hundred megabytes at 1,000,000 leads: copying them took 2.4 s, linking 0.2 s.
 * The night never rewrites a list file in place (it writes each night's into a fresh folder), so a link is as safe as a copy.
 */
async function linkOrCopyFiles(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const name of await readdir(from)) linkOrCopy(join(from, name), join(to, name));
}

function runWorker(job: { root: string; outDir: string; cacheDir: string }, dataDir: string, cwd: string): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [worker, JSON.stringify(job)], {
      cwd,
      env: { ...process.env, [DATA_DIR_ENV]: dataDir, ASTRO_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', (cause) => fail(new SiteBuildError(`Could not start the site build: ${cause.message}`, { cause })));
    child.on('close', (code, signal) => {
      if (code === 0) return ok();
      // The worker checks the data before Astro starts (once: the pages reuse it) and says what is wrong.
      if (code === BAD_DATA_EXIT) return fail(new SiteDataError(stderr.trim()));
      const detail = stderr.trim().split('\n').slice(-20).join('\n');
      fail(new SiteBuildError(`Site build into ${job.outDir} failed (${signal ?? `exit code ${code}`}):\n${detail}`));
    });
  });
}

async function countHtml(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.html')).length;
}

// Builds the static report site from a folder of site-data JSON files, so the CLI, the demo and the cloud publish share one build.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_DIR_ENV, loadSiteData } from '../../site/src/lib/data.ts';

const siteRoot = fileURLToPath(new URL('../../site/', import.meta.url));
const worker = fileURLToPath(new URL('./build-worker.ts', import.meta.url));

/** The Astro build itself failed (bad page code, or data the pre-check did not catch). */
export class SiteBuildError extends Error {
  override name = 'SiteBuildError';
}

export interface BuildSiteOptions {
  /** Folder holding the site data files functions/night/site-data.ts writes (meta.json and one file per site query). */
  dataDir: string;
  /** Where the site is written; anywhere on disk. Its old contents are removed. */
  outDir: string;
}

/**
 * Builds the site from options.dataDir into options.outDir; returns the number of HTML pages and the time taken.
 * Bad data rejects with a SiteDataError naming the file and field, before Astro starts.
 *
 * Astro's build() runs in a child process with a fresh working folder inside the site: Astro stages
 * its page-rendering chunks in `<cwd>/.astro/.prerender` when outDir lies outside the working folder,
 * so a shared working folder breaks builds running at the same time, and the chunks must sit where
 * the project's node_modules resolve.
 */
export async function buildSite(options: BuildSiteOptions): Promise<{ pages: number; ms: number }> {
  const started = performance.now();
  const dataDir = resolve(options.dataDir);
  const outDir = resolve(options.outDir);
  loadSiteData(dataDir);

  const buildsDir = join(siteRoot, '.astro', 'builds');
  await mkdir(buildsDir, { recursive: true });
  const workDir = await mkdtemp(join(buildsDir, 'build-'));
  try {
    await runWorker({ root: siteRoot, outDir, cacheDir: `${join(workDir, 'cache')}/` }, dataDir, workDir);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return { pages: await countHtml(outDir), ms: Math.round(performance.now() - started) };
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
      const detail = stderr.trim().split('\n').slice(-20).join('\n');
      fail(new SiteBuildError(`Site build into ${job.outDir} failed (${signal ?? `exit code ${code}`}):\n${detail}`));
    });
  });
}

async function countHtml(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.html')).length;
}

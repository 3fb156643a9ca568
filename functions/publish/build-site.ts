// Builds the static report site from a folder of site-data JSON files, so the CLI, the demo and the cloud publish share one build.
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'astro';
import { DATA_DIR_ENV, loadSiteData } from '../../site/src/lib/data.ts';

const siteRoot = fileURLToPath(new URL('../../site/', import.meta.url));

export interface BuildSiteOptions {
  /** Folder holding meta.json, funnel_monthly.json, response_sla_monthly.json and response_bands.json. */
  dataDir: string;
  /** Where the site is written; anywhere on disk. Emptied first by Astro. */
  outDir: string;
}

// Builds run one at a time: the data folder reaches the pages through the process environment.
let queue: Promise<unknown> = Promise.resolve();

/** Builds the site from options.dataDir into options.outDir; returns the number of HTML pages and the time taken. */
export function buildSite(options: BuildSiteOptions): Promise<{ pages: number; ms: number }> {
  const run = queue.then(() => buildOnce(options));
  queue = run.catch(() => undefined);
  return run;
}

async function buildOnce(options: BuildSiteOptions): Promise<{ pages: number; ms: number }> {
  const started = performance.now();
  const dataDir = resolve(options.dataDir);
  const outDir = resolve(options.outDir);
  // Fail before starting Astro, with the data file and field named, when the data breaks the contract.
  loadSiteData(dataDir);

  const saved = { data: process.env[DATA_DIR_ENV], telemetry: process.env.ASTRO_TELEMETRY_DISABLED };
  process.env[DATA_DIR_ENV] = dataDir;
  process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
  try {
    await build({ root: siteRoot, outDir, logLevel: 'warn', mode: 'production' });
  } finally {
    restore(DATA_DIR_ENV, saved.data);
    restore('ASTRO_TELEMETRY_DISABLED', saved.telemetry);
  }
  return { pages: await countHtml(outDir), ms: Math.round(performance.now() - started) };
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

async function countHtml(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.html') && !join(e.parentPath, e.name).includes('/_astro/')).length;
}

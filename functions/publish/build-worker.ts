// Runs one Astro build in its own process, so builds never share a working folder, environment or module cache.
// Started by buildSite with the job as JSON in argv[2]; exit code 0 means the site was written.
import { build } from 'astro';
import { DATA_DIR_ENV, shareSiteData, SiteDataError } from '../../site/src/lib/data.ts';
import { BAD_DATA_EXIT } from './build-site.ts';

interface Job {
  root: string;
  outDir: string;
  cacheDir: string;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
try {
  // Checked once, here, before Astro starts: bad data fails the build naming the file and field, and the pages reuse it.
  shareSiteData(process.env[DATA_DIR_ENV] ?? '');
  await build({
    root: job.root,
    outDir: job.outDir,
    cacheDir: job.cacheDir,
    logLevel: 'warn',
    mode: 'production',
    vite: { cacheDir: job.cacheDir },
  });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof SiteDataError ? BAD_DATA_EXIT : 1;
}

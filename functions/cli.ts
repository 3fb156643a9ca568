import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAsOf } from './core/as-of.ts';
import { loadConfig } from './core/config.ts';
import { demoConfig } from './demo/config.ts';
import { generateDemoExports } from './demo/generate.ts';
import { outcomeLine } from './digests/deliver.ts';
import { deliverFromFolder } from './digests/local.ts';
import { assertHandoffFolder, HANDOFF_DIR } from './night/out-folder.ts';
import { MEMORY_SIZE, runNight } from './night/run-night.ts';
import { serveSite } from './publish/serve.ts';

const HELP = `handoff: one set of funnel, follow-up SLA and campaign numbers from your CRM exports

Usage:
  handoff run --exports DIR --out DIR [--config FILE] [--as-of TIME] [--memory-limit SIZE]
      Loads the exports in DIR (one folder per source: salesforce/, …), runs the SQL models,
      writes each mart to OUT/marts/<mart>.parquet and builds the site into OUT/site/.
      OUT must be new, empty or an earlier night's; one night at a time writes into it.
  handoff demo [--out DIR] [--port N] [--no-serve]
      Generates a demo company's exports, runs the night on them and serves the site.
  handoff deliver --out DIR [--config FILE] [--dry-run]
      Sends the digests the night wrote into OUT/digests to the recipients in the config's delivery section that
      are due today (email through delivery.smtp, Slack through HANDOFF_SLACK_WEBHOOK_<NAME>), once per night and
      recipient; prints one line per recipient. Exits 1 when a message failed after its retries; the night's data
      is untouched either way. Holds OUT's lock while it runs: it stops when a night is running there.
  handoff serve --dir DIR [--port N]
      Serves a built site on http://127.0.0.1:N/.

Options:
  --exports DIR   folder of nightly exports (salesforce/Lead.csv, …)
  --out DIR       where the lake, the marts and the site go (not inside --exports)
  --config FILE   JSON config (calendars, SLA targets, stage and source mappings); optional
  --as-of TIME    judge SLAs as of this UTC time, e.g. 2026-11-20T18:00:00Z (default: the newest record
                  change in the exports); a real date between 1970 and a year from today
  --memory-limit SIZE  memory DuckDB may use before it spills to disk, e.g. 2GB (default 3GB, or
                  half the machine's memory when that is less; two thirds of it while reading the exports, running the
                  models and writing the site data)
  --dry-run       deliver: print what would be sent to whom, send nothing
  --port N        port to serve on (default 4321)
  -h, --help      this text
`;

/** A DuckDB memory size the night accepts: a number of MB or GB. */

/** Entry point of the CLI: a thin shell over the same night the Lambdas run. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      exports: { type: 'string' },
      out: { type: 'string' },
      config: { type: 'string' },
      'as-of': { type: 'string' },
      'memory-limit': { type: 'string' },
      dir: { type: 'string' },
      port: { type: 'string' },
      'no-serve': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(HELP);
    return values.help ? 0 : 1;
  }
  const port = values.port ? Number(values.port) : 4321;
  if (command === 'run') {
    if (!values.exports || !values.out) return usage('run needs --exports DIR and --out DIR');
    // Flags and config are checked before the night writes anything.
    const asOf = values['as-of'] !== undefined ? parseAsOf(values['as-of']) : undefined;
    const memoryLimit = values['memory-limit'];
    if (memoryLimit !== undefined && !MEMORY_SIZE.test(memoryLimit)) return usage(`--memory-limit "${memoryLimit}" is not a size; give megabytes or gigabytes, e.g. 2GB or 1500MB`);
    const config = loadConfig(values.config);
    await runNight({ exportsDir: resolve(values.exports), outDir: resolve(values.out), config, ...(asOf ? { asOf } : {}), ...(memoryLimit ? { memoryLimit } : {}) });
    return 0;
  }
  if (command === 'demo') {
    const out = resolve(values.out ?? '.handoff/demo');
    const exportsDir = join(out, 'exports');
    const customConfig = values.config ? loadConfig(values.config) : undefined;
    // The demo replaces its exports each time: only in a folder Handoff made.
    if (isOlderDemoFolder(out)) {
      rmSync(join(out, 'night'), { recursive: true, force: true });
      rmSync(exportsDir, { recursive: true, force: true });
    }
    assertHandoffFolder(out, '--out');
    rmSync(exportsDir, { recursive: true, force: true });
    mkdirSync(exportsDir, { recursive: true });
    const started = performance.now();
    const demo = await generateDemoExports(exportsDir);
    const rows = Object.values(demo.files).reduce((n, r) => n + r, 0);
    console.log(`${'demo'.padEnd(10)} ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ${Object.keys(demo.files).length} Salesforce export files, ${rows} rows in ${exportsDir}`);
    const config = customConfig ?? demoConfig(demo.asOf);
    const night = await runNight({ exportsDir, outDir: join(out, 'night'), config });
    if (values['no-serve'] || !night.siteDir) return 0;
    return serveUntilStopped(night.siteDir, port);
  }
  if (command === 'deliver') {
    if (!values.out) return usage('deliver needs --out DIR');
    const config = loadConfig(values.config);
    const outcomes = await deliverFromFolder({ outDir: resolve(values.out), config, env: process.env, dryRun: values['dry-run'] ?? false });
    for (const outcome of outcomes) console.log(outcomeLine(outcome));
    if (outcomes.length === 0) console.log('nothing to deliver: the config names no recipient (see the delivery section)');
    return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
  }
  if (command === 'serve') {
    if (!values.dir) return usage('serve needs --dir DIR');
    return serveUntilStopped(resolve(values.dir), port);
  }
  return usage(`unknown command "${command}"`);
}

/**
 * True for a demo folder an older Handoff wrote before output folders were marked: exactly its exports/salesforce and
 * night/{lake,marts,site-data,site,.duckdb-tmp}, nothing else, so `npm start` keeps working on an existing checkout.
 */
function isOlderDemoFolder(dir: string): boolean {
  const only = (path: string, allowed: string[]) => existsSync(path) && statSync(path).isDirectory() && readdirSync(path).every((entry) => allowed.includes(entry));
  if (existsSync(join(dir, HANDOFF_DIR)) || !only(dir, ['exports', 'night'])) return false;
  const exportsOk = !existsSync(join(dir, 'exports')) || only(join(dir, 'exports'), ['salesforce']);
  const nightOk = !existsSync(join(dir, 'night')) || only(join(dir, 'night'), ['lake', 'marts', 'site-data', 'site', '.duckdb-tmp']);
  return exportsOk && nightOk && readdirSync(dir).length > 0;
}

async function serveUntilStopped(dir: string, port: number): Promise<number> {
  const server = await serveSite(dir, port);
  console.log(`\nHandoff is served at ${server.url}  (Ctrl+C to stop)`);
  await new Promise<void>((done) => process.once('SIGINT', () => done()));
  await server.close();
  return 0;
}

function usage(problem: string): number {
  process.stderr.write(`handoff: ${problem}\n\n${HELP}`);
  return 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`handoff: ${error.name === 'Error' ? '' : `${error.name}: `}${error.message}\n`);
      process.exit(1);
    },
  );
}

// Finishes a Lambda asset after esbuild (run by NodejsFunction's afterBundling hook, on this machine):
// moves the bundle to `functions/<area>/`, copies folders the code reads at run time (sql/), and
// installs DuckDB's native binding for the Lambda's platform (linux-arm64).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface FinishAssetOptions {
  /** The asset folder esbuild wrote `index.mjs` into. */
  outputDir: string;
  /** Folder the bundle moves to, relative to the asset (e.g. `functions/models`). */
  bundleDir: string;
  /** Repository-relative folders to copy into the asset at the same place (e.g. `sql`). */
  copy?: string[];
  /** Native DuckDB binding to install next to the bundle, e.g. `linux-arm64`. */
  duckdbPlatform?: string;
}

/** The DuckDB packages that stay outside the bundle because they load a native `.node` file. */
export const DUCKDB_EXTERNALS = ['@duckdb/node-api', '@duckdb/node-bindings'];

/**
 * Moves `index.mjs` to `<bundleDir>/index.mjs`, so code that finds files relative to its own module
 * (`new URL('../../sql/', import.meta.url)`) finds them in the asset as it does in the repository.
 */
export function finishAsset(options: FinishAssetOptions): void {
  const out = resolve(options.outputDir);
  const target = join(out, options.bundleDir);
  mkdirSync(target, { recursive: true });
  for (const file of readdirSync(out)) {
    if (/^index\.mjs(\.map)?$/.test(file)) renameSync(join(out, file), join(target, file));
  }
  for (const folder of options.copy ?? []) cpSync(join(repoRoot, folder), join(out, folder), { recursive: true });
  if (options.duckdbPlatform) installDuckDb(out, options.duckdbPlatform);
}

/**
 * Installs `@duckdb/node-api` with the native binding for `platform` (npm installs only this
 * machine's binding, and Lambda runs linux-arm64), at the version this repository locks. When that
 * version has no build for the platform on the registry, the newest older build of the same minor
 * release is used and said so; the versions are recorded in `node_modules/.duckdb.json`.
 */
function installDuckDb(out: string, platform: string): void {
  const locked = (JSON.parse(readFileSync(join(packageDir('@duckdb/node-api'), 'package.json'), 'utf8')) as { version: string }).version;
  const binding = `@duckdb/node-bindings-${platform}`;
  const published = JSON.parse(npm(['view', binding, 'versions', '--json', '--prefer-offline'])) as string[] | string;
  const version = pickVersion(locked, Array.isArray(published) ? published : [published]);
  if (!version) throw new Error(`${binding} has no build of DuckDB ${locked.replace(/-.*/, '')} or older on the registry; the ingest function cannot run on ${platform} with it`);
  if (version !== locked) process.stderr.write(`finish-asset: ${binding}@${locked} is not published; the asset gets DuckDB ${version} (node-api, bindings and ${platform} binding of one release)\n`);
  const [os, cpu] = platform.split('-') as [string, string];
  const scratch = mkdtempSync(join(tmpdir(), 'duckdb-binding-'));
  try {
    writeFileSync(join(scratch, 'package.json'), '{"private":true}');
    npm(['install', '--prefix', scratch, '--no-save', '--no-package-lock', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline',
      `--os=${os}`, `--cpu=${cpu}`, '--libc=glibc', `@duckdb/node-api@${version}`]);
    cpSync(join(scratch, 'node_modules'), join(out, 'node_modules'), { recursive: true, dereference: true });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (!existsSync(join(out, 'node_modules', binding, 'duckdb.node'))) throw new Error(`${binding}@${version} was installed but has no duckdb.node`);
  writeFileSync(join(out, 'node_modules', '.duckdb.json'), JSON.stringify({ platform, locked, installed: version }, null, 1));
}

/** The locked version when published for the platform, else the newest older one of the same major.minor. */
export function pickVersion(locked: string, published: string[]): string | undefined {
  if (published.includes(locked)) return locked;
  const minor = (v: string) => v.split('.').slice(0, 2).join('.');
  return published.filter((v) => minor(v) === minor(locked) && compareVersions(v, locked) < 0).sort(compareVersions).pop();
}

/** Orders `1.5.5-r.5` before `1.5.6-r.1`: numeric parts first, then the release suffix's number. */
function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x, y] = [pa[i], pb[i]];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

function npm(args: string[]): string {
  return execFileSync('npm', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function packageDir(name: string): string {
  const require = createRequire(join(repoRoot, 'package.json'));
  return dirname(require.resolve(`${name}/package.json`));
}

/** CLI: `node finish-asset.ts <outputDir> <bundleDir> [--copy sql] [--duckdb linux-arm64]`. */
function main(argv: string[]): void {
  const [outputDir, bundleDir, ...rest] = argv;
  if (!outputDir || !bundleDir) throw new Error('usage: finish-asset.ts <outputDir> <bundleDir> [--copy DIR]… [--duckdb PLATFORM]');
  const copy: string[] = [];
  let duckdbPlatform: string | undefined;
  for (let i = 0; i < rest.length; i += 2) {
    if (rest[i] === '--copy' && rest[i + 1]) copy.push(rest[i + 1]!);
    else if (rest[i] === '--duckdb' && rest[i + 1]) duckdbPlatform = rest[i + 1];
    else throw new Error(`unknown option ${rest[i]}`);
  }
  finishAsset({ outputDir, bundleDir, copy, ...(duckdbPlatform ? { duckdbPlatform } : {}) });
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));

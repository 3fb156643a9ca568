import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

// The Trino the parity tests run: a pinned server release from Maven Central, checked against its
// published SHA-1, unpacked once into the repository's gitignored .cache/ with only the Hive plugin
// (the others are 3 GB of connectors the tests never load). 476 is the newest release on Maven
// Central's trino-server listing; it needs Java 24 or later.
export const TRINO_VERSION = '476';
const TRINO_SHA1 = 'c9b38be4017ebd2f7095455aaac772fb40247ebe';
const TRINO_URL = `https://repo1.maven.org/maven2/io/trino/trino-server/${TRINO_VERSION}/trino-server-${TRINO_VERSION}.tar.gz`;
const MIN_JAVA = 24;

/** The repository's gitignored cache folder for Trino: the tarball and the unpacked server. */
export const TRINO_CACHE = fileURLToPath(new URL('../../.cache/trino/', import.meta.url));

/** Trino could not be brought onto this machine: no Java recent enough, or the download failed. */
export class TrinoInstallError extends Error {
  override name = 'TrinoInstallError';
}

/** Returns the unpacked server folder, downloading and verifying the pinned release on first use. */
export async function ensureTrino(log: (line: string) => void = () => {}): Promise<string> {
  const home = join(TRINO_CACHE, `trino-server-${TRINO_VERSION}`);
  if (existsSync(join(home, 'plugin', 'hive')) && existsSync(join(home, 'lib'))) return home;
  mkdirSync(TRINO_CACHE, { recursive: true });
  const tarball = join(TRINO_CACHE, `trino-server-${TRINO_VERSION}.tar.gz`);
  if (!existsSync(tarball) || (await sha1Of(tarball)) !== TRINO_SHA1) await download(tarball, log);
  const staging = join(TRINO_CACHE, `unpacking-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  log(`unpacking Trino ${TRINO_VERSION} (lib, bin and the Hive plugin) into ${TRINO_CACHE}`);
  const folder = `trino-server-${TRINO_VERSION}`;
  // The tarball hard-links jars shared between plugins, so it is unpacked whole, then trimmed.
  execFileSync('tar', ['-xzf', tarball, '-C', staging], { stdio: ['ignore', 'ignore', 'pipe'] });
  const plugins = join(staging, folder, 'plugin');
  for (const plugin of readdirSync(plugins)) if (plugin !== 'hive') rmSync(join(plugins, plugin), { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  renameSync(join(staging, folder), home);
  rmSync(staging, { recursive: true, force: true });
  return home;
}

async function download(tarball: string, log: (line: string) => void): Promise<void> {
  log(`downloading Trino ${TRINO_VERSION} (821 MB) from Maven Central`);
  const response = await fetch(TRINO_URL);
  if (!response.ok || !response.body) throw new TrinoInstallError(`could not download ${TRINO_URL}: HTTP ${response.status}; the parity tests need Maven Central once`);
  const part = `${tarball}.part`;
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), createWriteStream(part));
  const sha1 = await sha1Of(part);
  if (sha1 !== TRINO_SHA1) {
    rmSync(part, { force: true });
    throw new TrinoInstallError(`${TRINO_URL} has SHA-1 ${sha1}, not the published ${TRINO_SHA1}; the download was discarded`);
  }
  renameSync(part, tarball);
}

async function sha1Of(path: string): Promise<string> {
  const hash = createHash('sha1');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * The java binary to run Trino with: JAVA_HOME's, the one on PATH, or the newest one in the
 * conventional JVM folder, whichever first is Java 24 or later.
 */
export function findJava(): string {
  const candidates: string[] = [];
  if (process.env['JAVA_HOME']) candidates.push(join(process.env['JAVA_HOME'], 'bin', 'java'));
  candidates.push('java');
  const jvmDir = join('/usr', 'lib', 'jvm');
  if (existsSync(jvmDir)) {
    for (const entry of readdirSync(jvmDir).sort().reverse()) candidates.push(join(jvmDir, entry, 'bin', 'java'));
  }
  const seen: string[] = [];
  for (const java of candidates) {
    const major = javaMajor(java);
    if (major === undefined) continue;
    seen.push(`${java} (${major})`);
    if (major >= MIN_JAVA) return java;
  }
  throw new TrinoInstallError(`Trino ${TRINO_VERSION} needs Java ${MIN_JAVA} or later; found ${seen.join(', ') || 'no java'}. Install a JDK ${MIN_JAVA}+ and set JAVA_HOME`);
}

function javaMajor(java: string): number | undefined {
  // The JVM prints its settings on stderr.
  const result = spawnSync(java, ['-XshowSettings:properties', '-version'], { encoding: 'utf8', timeout: 30_000 });
  return result.error ? undefined : parseMajor(`${result.stdout}${result.stderr}`);
}

function parseMajor(text: string): number | undefined {
  const match = /java\.specification\.version = (\d+)/.exec(text);
  return match ? Number(match[1]) : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`java: ${findJava()}`);
  console.log(`trino: ${await ensureTrino(console.log)}`);
}

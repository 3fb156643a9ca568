import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrinoEngine } from '../../functions/core/trino-engine.ts';
import { ensureTrino, findJava, TrinoInstallError } from './trino-install.ts';

/** A running single-node Trino on 127.0.0.1 with one catalog, `hive`, over the local file system. */
export interface TrinoServer {
  /** `http://127.0.0.1:<port>`, the client protocol's base URL. */
  url: string;
  /** Stops the server (bounded wait, then a kill) and removes its work folder. */
  stop(): Promise<void>;
}

const HEAP = '1536m';
// A loaded two-core machine has taken over 180 s to start it.
const START_TIMEOUT_MS = 360_000;

/**
 * Starts Trino the way the parity tests need it: one node, bounded heap, UTC, a Hive catalog whose
 * file metastore lives in a temp folder and whose tables may point anywhere on the local disk
 * (`local:///…`), as Athena's Glue tables point into the lake bucket.
 */
export async function startTrino(log: (line: string) => void = () => {}): Promise<TrinoServer> {
  const home = await ensureTrino(log);
  const java = findJava();
  const work = mkdtempSync(join(tmpdir(), 'handoff-trino-'));
  const port = await freePort();
  writeConfig(work, home, port);
  const logFile = join(work, 'server.log');
  const child = spawn(java, [
    `-Xmx${HEAP}`, '-XX:+UseG1GC', '-XX:+ExitOnOutOfMemoryError', '-XX:ReservedCodeCacheSize=256M',
    '-Djdk.attach.allowAttachSelf=true', '-XX:+EnableDynamicAgentLoading', '-Dfile.encoding=UTF-8', '-Duser.timezone=UTC',
    `-Dconfig=${join(work, 'etc', 'config.properties')}`, `-Dnode.data-dir=${join(work, 'data')}`,
    `-Dlog.output-file=${logFile}`, '-Dlog.enable-console=false',
    '-cp', `${join(home, 'lib')}/*`, 'io.trino.server.TrinoServer',
  ], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
  // A test process that exits without stopping the server must not leave a JVM behind.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.removeListener('exit', orphanGuard));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopServer(child, work);
  try {
    await waitUntilReady(url, child, START_TIMEOUT_MS);
  } catch (error) {
    const tail = `${stderr}\n${readTail(logFile)}`;
    await stop();
    throw new TrinoInstallError(`Trino did not start on ${url}: ${(error as Error).message}\n${tail}`);
  }
  log(`Trino on ${url}`);
  return { url, stop };
}

function writeConfig(work: string, home: string, port: number): void {
  const etc = join(work, 'etc');
  mkdirSync(join(etc, 'catalog'), { recursive: true });
  mkdirSync(join(work, 'metastore'), { recursive: true });
  writeFileSync(join(etc, 'config.properties'), [
    'coordinator=true',
    'node-scheduler.include-coordinator=true',
    `http-server.http.port=${port}`,
    `discovery.uri=http://127.0.0.1:${port}`,
    'node.environment=handoff_test',
    'node.internal-address=127.0.0.1',
    // Loopback only: the server listens on no other interface.
    'node.bind-ip=127.0.0.1',
    `plugin.dir=${join(home, 'plugin')}`,
    `catalog.config-dir=${join(etc, 'catalog')}`,
    'query.max-memory=1GB',
    'query.max-memory-per-node=1GB',
    // Two cores are shared with other work: few threads, no spilling.
    'task.concurrency=2',
    'task.max-worker-threads=4',
    // The failure detector pings the node every half second and takes it out of scheduling when pings go unanswered,
    // which a busy machine's pauses cause: with its only node out, a query fails with NO_NODES_AVAILABLE. Trino's own
    // test servers run without it too.
    'failure-detector.enabled=false',
    '',
  ].join('\n'));
  writeFileSync(join(etc, 'catalog', 'hive.properties'), [
    'connector.name=hive',
    'hive.metastore=file',
    `hive.metastore.catalog.dir=local://${join(work, 'metastore')}`,
    'fs.native-local.enabled=true',
    'local.location=/',
    'hive.non-managed-table-writes-enabled=true',
    // Athena reads every file under a table's location, sub-folders included (the ingest log's layout).
    'hive.recursive-directories=true',
    // Athena reads and writes Parquet timestamps at millisecond precision.
    'hive.timestamp-precision=MILLISECONDS',
    '',
  ].join('\n'));
}

// Ready means a Hive table can be written and read: `select 1` runs on the coordinator alone, while a table scan needs
// the node to be listed for scheduling, which the server may not have done yet when /v1/info says it has started
// (export-windows-trino.test.ts, whose first scan follows the start at once, failed with NO_NODES_AVAILABLE in two
// runs of the whole suite).
async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the JVM exited with code ${child.exitCode}`);
    try {
      const info = (await (await fetch(`${url}/v1/info`, { signal: AbortSignal.timeout(5_000) })).json()) as { starting?: boolean };
      if (info.starting === false && (await readsAHiveTable(url, deadline))) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`not ready within ${timeoutMs / 1000} s`);
}

// Whether a one-row Hive table can be made and read back, through the engine the tests use (the table stays in the
// server's temporary metastore; a later try finds it made).
async function readsAHiveTable(url: string, deadline: number): Promise<boolean> {
  const trino = new TrinoEngine({ url, catalog: 'hive', schema: 'handoff_ready', maxWaitMs: Math.max(1_000, deadline - Date.now()) });
  try {
    await trino.execute('create schema if not exists hive.handoff_ready');
    await trino.execute('create table if not exists hive.handoff_ready.probe as select 1 as one');
    return (await trino.query('select count(*) as n from hive.handoff_ready.probe')).length === 1;
  } catch {
    return false;
  }
}

async function stopServer(child: ChildProcess, work: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000))]);
    if (!killed) {
      child.kill('SIGKILL');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    }
  }
  rmSync(work, { recursive: true, force: true });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function readTail(path: string): string {
  try {
    return readFileSync(path, 'utf8').slice(-4000);
  } catch {
    return '';
  }
}

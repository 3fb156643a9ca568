// `npm run bench -- --lambda [--mb N] [--zip]`: the ingest Lambda streams one large export from S3 into the lake.
//
// Generates a Salesforce Data Export big enough that its CampaignMember.csv holds about N MB
// (default 1,024), puts that file (with `--zip`, a Data Export ZIP holding it, which the function
// reads in place by byte ranges) in an s3rver on 127.0.0.1 (the real S3 API the tests use), and
// runs the function's handler on its S3 notification in a child process, with the Lambda's
// environment (2,048 MB function memory). Reports wall and CPU time and the peak resident memory of
// the process tree (bench/monitor.ts), against the target of 2 GB.

import { spawn } from 'node:child_process';
import { createReadStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3rver } from '../test/helpers/s3rver.ts';
import { TreeMonitor } from './monitor.ts';
import { zipFile } from './zip-file.ts';
import { generateScaleExports, SCALE_AS_OF } from './scale-data.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;
/** Bytes of CampaignMember.csv per lead in the scale data (445,036,555 bytes for 100,000 leads). */
const MEMBER_BYTES_PER_LEAD = 4_450;
/** The target: the function's whole process tree stays within 2 GB. */
export const LAMBDA_PEAK_TARGET_MB = 2 * 1024;

export interface LambdaResult {
  fileMb: number;
  /** The ZIP's size, when the CSV was sent inside one. */
  zipMb?: number;
  rows: number;
  wallS: number;
  cpuS: number;
  peakRssMb: number;
  exitCode: number | null;
  /** Keys the function wrote to the lake bucket. */
  lakeKeys: string[];
  output: string[];
}

/** Runs the measurement; the work folder is removed afterwards. */
export async function runLambdaBench(options: { mb: number; work: string; zip?: boolean }): Promise<LambdaResult> {
  const leads = Math.max(1, Math.round((options.mb * MB) / MEMBER_BYTES_PER_LEAD));
  rmSync(options.work, { recursive: true, force: true });
  mkdirSync(options.work, { recursive: true });
  const s3 = await startS3rver(['raw', 'lake']);
  try {
    const exportsDir = join(options.work, 'exports');
    const data = await generateScaleExports(exportsDir, { leads, seed: 7, asOf: SCALE_AS_OF });
    const file = join(exportsDir, 'salesforce', 'CampaignMember.csv');
    const csvBytes = statSync(file).size;
    const sent = options.zip ? join(options.work, 'export.zip') : file;
    const bytes = options.zip ? await zipFile(file, 'CampaignMember.csv', sent) : csvBytes;
    const key = `salesforce/${SCALE_AS_OF.slice(0, 10)}/${options.zip ? 'export.zip' : 'CampaignMember.csv'}`;
    process.stdout.write(`Lambda: ${(csvBytes / MB).toFixed(0)} MB CampaignMember.csv (${data.files['CampaignMember.csv']} rows)${options.zip ? ` in a ${(bytes / MB).toFixed(0)} MB ZIP` : ''} put in s3rver as raw/${key}\n`);
    await s3.client.send(new PutObjectCommand({ Bucket: 'raw', Key: key, Body: createReadStream(sent), ContentLength: bytes }));
    rmSync(sent, { force: true });
    rmSync(exportsDir, { recursive: true, force: true });

    const env = { ...process.env, ...s3.env, LAKE_BUCKET: 'lake', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '2048', POWERTOOLS_LOG_LEVEL: 'WARN', TMPDIR: join(options.work, 'tmp') };
    mkdirSync(env.TMPDIR, { recursive: true });
    const started = performance.now();
    const child = spawn(process.execPath, [join(BENCH_DIR, 'lambda-invoke.ts'), 'raw', key, String(bytes)], { stdio: ['ignore', 'pipe', 'pipe'], env });
    const monitor = new TreeMonitor(child.pid!);
    const output: string[] = [];
    for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', (line) => output.push(line.slice(0, 500)));
    const exitCode = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    const peak = monitor.mark();
    monitor.stop();
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: 'lake' }));
    return {
      fileMb: Math.round(csvBytes / MB), ...(options.zip ? { zipMb: Math.round(bytes / MB) } : {}), rows: data.files['CampaignMember.csv'] ?? 0, wallS: Math.round((performance.now() - started) / 100) / 10,
      cpuS: Math.round(peak.cpuS * 10) / 10, peakRssMb: Math.round(peak.bytes / MB), exitCode, lakeKeys: (listed.Contents ?? []).map((o) => o.Key ?? '').sort(), output: output.slice(-20),
    };
  } finally {
    await s3.stop();
    rmSync(options.work, { recursive: true, force: true });
  }
}

/** One line per figure, for the terminal and the README. */
export function describeLambda(r: LambdaResult): string {
  const met = r.exitCode === 0 && r.peakRssMb <= LAMBDA_PEAK_TARGET_MB;
  return `ingest Lambda, ${r.fileMb} MB export${r.zipMb !== undefined ? ` in a ${r.zipMb} MB ZIP` : ''} (${r.rows.toLocaleString('en-US')} rows): ${r.wallS.toFixed(1)} s wall, ${r.cpuS.toFixed(1)} s CPU, `
    + `peak RSS ${r.peakRssMb.toLocaleString('en-US')} MB of the process tree (target ≤ ${LAMBDA_PEAK_TARGET_MB} MB: ${met ? 'met' : 'missed'}); exit code ${r.exitCode}, ${r.lakeKeys.length} lake objects written`;
}

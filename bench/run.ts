// The benchmark: the night at scale against bare DuckDB, in one run.
//
//   npm run bench -- --scale N [--work DIR] [--results DIR] [--repo DIR] [--seed S] [--keep] [--force] [--no-demo] [--commit SHA [--dirty]] [--wait-idle S]
//
// 1. Generates a Salesforce Data Export of N × 1,000,000 leads (bench/scale-data.ts).
// 2. Runs the night as the CLI runs it (`node functions/cli.ts run --exports … --out …`) in a child
//    process, timing each stage from its progress line and taking each stage's peak memory from the
//    kernel's high-water marks of the process and its children (bench/monitor.ts).
// 3. Runs the baseline (bench/baseline.ts) the same way: a fresh DuckDB converts the same CSV files
//    to Parquet and counts the funnel with one query.
// 4. Checks the baseline's funnel against the night's funnel_monthly, measures the gzipped JS of each
//    page of the built site, times the demo company's site build (`handoff demo --no-serve`), and
//    writes bench/results/<date>-scale-<N>.{json,md}.

import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import type { FunnelMonth } from './baseline.ts';
import { TreeMonitor, type Peak } from './monitor.ts';
import { addEarlierNights } from './nights.ts';
import { describeLambda, LAMBDA_PEAK_TARGET_MB, runLambdaBench } from './lambda.ts';
import { generateScaleExports, SCALE_AS_OF, type ScaleSummary } from './scale-data.ts';
import { bySection, measurePageJs, type SectionJs } from './site-js.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const LEADS_PER_SCALE = 1_000_000;
/** Disk per lead, measured at scale 0.1 and 1: exports ~6 kB, lake ~1.2 kB, baseline Parquet ~1.8 kB, marts, DuckDB spill. */
const DISK_BYTES_PER_LEAD = 12_000;
const MB = 1024 * 1024;

export const TARGETS = {
  /** The whole night, site build included. */
  ratio: 3.0,
  /** The night without the site build (ingest, seeds, models, marts, site data). */
  ratioWithoutSite: 2.0,
  /** Ingest against the baseline's CSV to Parquet. */
  ingestRatio: 1.5,
  peakMb: 4 * 1024,
  siteBuildS: 30,
  pageJsGzipBytes: 100 * 1000,
  scale10OverScale1: 11,
} as const;

export interface StageResult {
  stage: string;
  /** Wall time between the stage's start and its progress line, seen from outside (the first stage includes process start). */
  wallS: number;
  /** The stage's own timer, as printed by the night (0.1 s); absent for the baseline's first stage. */
  reportedS?: number;
  /** CPU seconds (user + system) of the process and its children in the stage. */
  cpuS: number;
  peakRssMb: number;
  rows: number;
  rowsAre: string;
  summary: string;
}

export interface ProcessResult {
  command: string[];
  totalS: number;
  cpuS: number;
  peakRssMb: number;
  peakMethod: Peak['method'];
  /** 1-minute load average of the machine when the process started and ended (other work on a shared machine stretches wall times). */
  load: { before: number; after: number };
  stages: StageResult[];
  exitCode: number | null;
  error?: string;
}

export interface BenchResult {
  date: string;
  scale: number;
  leads: number;
  seed: number;
  asOf: string;
  repo: { dir: string; commit: string; dirty: boolean | null };
  machine: { cpu: string; cores: number; ramGb: number; node: string; duckdb: string; os: string };
  data: ScaleSummary & { generateS: number };
  night: ProcessResult;
  baseline: ProcessResult;
  /** night.totalS / baseline.totalS */
  ratio: number;
  /** night.cpuS / baseline.cpuS: the same comparison in CPU time, which contention on the machine stretches less. */
  cpuRatio: number;
  crossCheck: { equal: boolean; months: number; night: Omit<FunnelMonth, 'month'>; baseline: Omit<FunnelMonth, 'month'>; mismatches: Array<{ month: string; night: FunnelMonth | null; baseline: FunnelMonth | null }> };
  site: { pages: number; maxGzipBytes: number; sections: SectionJs[] };
  /** The demo company (`handoff demo`, 3,500 leads): its site build is the one the 30-second target is about. */
  demo: { siteS: number | null; sitePeakRssMb: number | null; pages: number; totalS: number; exitCode: number | null; error?: string } | null;
  /** Nightly full exports the lake held when the measured night ran (1: only its own). */
  nights?: number;
  /** DuckDB's memory bound given to the night, if any. */
  memoryLimit?: string;
  /** With nights > 1: the unmeasured first night that loaded the export into an empty lake. */
  firstNight?: ProcessResult;
  targets: Array<{ target: string; limit: string; value: string; met: boolean | null }>;
}

/** What the rows of each stage count, from its progress line. */
const ROWS: Record<string, { are: string; count: (summary: string) => number }> = {
  ingest: { are: 'export rows read', count: (s) => num(/(\d+) rows read/.exec(s)?.[1]) },
  seeds: { are: 'seed rows', count: (s) => num(/(\d+) seed rows/.exec(s)?.[1]) },
  models: { are: 'mart rows', count: (s) => sumCounts(s.split('marts:')[1] ?? '') },
  marts: { are: 'Parquet files', count: (s) => num(/(\d+) Parquet files/.exec(s)?.[1]) },
  history: { are: 'figure records', count: (s) => num(/(\d+) records/.exec(s)?.[1]) },
  'site data': { are: 'JSON rows', count: (s) => sumCounts(s) },
  digests: { are: 'digests', count: (s) => num(/(\d+) digests/.exec(s)?.[1]) },
  site: { are: 'HTML pages', count: (s) => num(/(\d+) pages/.exec(s)?.[1]) },
  'csv to parquet': { are: 'export rows converted', count: () => 0 },
  'funnel query': { are: 'funnel months', count: () => 0 },
};
const STAGE_LINE = /^(ingest|seeds|models|marts|history|site data|digests|site)\s+(\d+(?:\.\d+)?) s {2}(.*)$/;

function num(text: string | undefined): number {
  return text === undefined ? 0 : Number(text);
}

function sumCounts(text: string): number {
  return [...text.matchAll(/\s(\d+)(?=,|$)/g)].reduce((n, m) => n + Number(m[1]), 0);
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Runs a child process under the tree monitor. `onLine` turns a stdout line into a finished stage
 * (name, rows, summary, reported seconds) or ignores it; each finished stage gets the wall time and
 * peak since the previous one.
 */
type StageLine = Omit<StageResult, 'wallS' | 'cpuS' | 'peakRssMb'>;

function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

async function measure(command: string[], cwd: string, onLine: (line: string) => StageLine | undefined): Promise<ProcessResult> {
  const loadBefore = loadAverage();
  const started = performance.now();
  const child = spawn(process.execPath, command, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  const monitor = new TreeMonitor(child.pid!);
  const stages: StageResult[] = [];
  let last = started;
  let peak = 0;
  let method: Peak['method'] = 'hwm';
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8');
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr.push(line);
    if (stderr.length > 40) stderr.shift();
  });
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const stage = onLine(line);
    if (!stage) return;
    const now = performance.now();
    const p = monitor.mark();
    method = p.method;
    peak = Math.max(peak, p.bytes);
    const result: StageResult = { ...stage, wallS: round((now - last) / 1000, 2), cpuS: round(p.cpuS, 2), peakRssMb: Math.round(p.bytes / MB) };
    last = now;
    stages.push(result);
    process.stdout.write(`  ${result.stage.padEnd(16)} ${result.wallS.toFixed(1).padStart(8)} s wall ${result.cpuS.toFixed(1).padStart(8)} s CPU ${String(result.peakRssMb).padStart(7)} MB  ${result.rows} ${result.rowsAre}\n`);
  });
  const exitCode = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  const tail = monitor.mark();
  monitor.stop();
  peak = Math.max(peak, tail.bytes);
  const result: ProcessResult = {
    // Paths inside the measured checkout or this one are recorded relative, so results name no machine's folders.
    command: command.map((c) => c.replace(cwd, '.').replace(dirname(BENCH_DIR), '.')),
    totalS: round((performance.now() - started) / 1000, 2),
    cpuS: round(stages.reduce((n, st) => n + st.cpuS, 0) + tail.cpuS, 2),
    peakRssMb: Math.round(peak / MB),
    peakMethod: method,
    load: { before: loadBefore, after: loadAverage() },
    stages,
    exitCode,
  };
  if (exitCode !== 0) result.error = stderr.join('\n').replace(/\x1b\[[0-9;]*m/g, '').slice(-4000);
  return result;
}

function nightLine(line: string): StageLine | undefined {
  const m = STAGE_LINE.exec(line);
  if (!m) return undefined;
  const [, stage = '', seconds = '0', summary = ''] = m;
  const rows = ROWS[stage]!;
  return { stage, reportedS: Number(seconds), rows: rows.count(summary), rowsAre: rows.are, summary };
}

function baselineLine(line: string): StageLine | undefined {
  if (!line.startsWith('{')) return undefined;
  const parsed = JSON.parse(line) as { stage: string; ms: number; rows: number };
  return { stage: parsed.stage, reportedS: round(parsed.ms / 1000, 2), rows: parsed.rows, rowsAre: ROWS[parsed.stage]?.are ?? 'rows', summary: '' };
}

async function duckdbVersion(): Promise<string> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    const reader = await db.runAndReadAll('select version() as v');
    return String(reader.getRowObjectsJS()[0]?.['v'] ?? '');
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

async function nightFunnel(martsDir: string): Promise<FunnelMonth[]> {
  const file = join(martsDir, 'funnel_monthly.parquet');
  if (!existsSync(file)) return [];
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    const reader = await db.runAndReadAll(`select strftime(month, '%Y-%m') as month, sum(inquiries) as inquiries, sum(mqls) as mqls, sum(sals) as sals,
        sum(sqls) as sqls, sum(won) as won
      from read_parquet('${file.replaceAll("'", "''")}') group by 1 order by 1`);
    return reader.getRowObjectsJS().map((r) => ({
      month: String(r['month']), inquiries: Number(r['inquiries']), mqls: Number(r['mqls']), sals: Number(r['sals']), sqls: Number(r['sqls']), won: Number(r['won']),
    }));
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

const COUNTS = ['inquiries', 'mqls', 'sals', 'sqls', 'won'] as const;

function totals(rows: FunnelMonth[]): Omit<FunnelMonth, 'month'> {
  const t = { inquiries: 0, mqls: 0, sals: 0, sqls: 0, won: 0 };
  for (const r of rows) for (const k of COUNTS) t[k] += r[k];
  return t;
}

export function crossCheck(night: FunnelMonth[], baseline: FunnelMonth[]): BenchResult['crossCheck'] {
  const months = [...new Set([...night.map((r) => r.month), ...baseline.map((r) => r.month)])].sort();
  const mismatches = months.flatMap((month) => {
    const n = night.find((r) => r.month === month) ?? null;
    const b = baseline.find((r) => r.month === month) ?? null;
    const same = COUNTS.every((k) => (n?.[k] ?? 0) === (b?.[k] ?? 0));
    return same ? [] : [{ month, night: n, baseline: b }];
  });
  return { equal: night.length > 0 && mismatches.length === 0, months: months.length, night: totals(night), baseline: totals(baseline), mismatches };
}

function gitInfo(repo: string): Promise<BenchResult['repo']> {
  const run = (args: string[]) => new Promise<string | null>((done) => {
    const child = spawn('git', ['-C', repo, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', () => done(null));
    child.on('close', (code) => done(code === 0 ? out.trim() : null));
  });
  return Promise.all([run(['rev-parse', 'HEAD']), run(['status', '--porcelain', '--untracked-files=no'])]).then(([commit, status]) => ({
    // The project's own tree is recorded as '.', so a results file names no folder of this machine.
    dir: resolve(repo) === resolve(dirname(BENCH_DIR)) ? '.' : repo, commit: commit ?? 'unknown', dirty: status === null ? null : status.length > 0,
  }));
}

async function machine(): Promise<BenchResult['machine']> {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const release = existsSync('/etc/os-release') ? /^PRETTY_NAME="?([^"\n]+)/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] : undefined;
  return {
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    ramGb: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    duckdb: await duckdbVersion(),
    os: `${release ?? process.platform} (Linux ${readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim()})`,
  };
}

function evaluateTargets(r: Omit<BenchResult, 'targets'>): BenchResult['targets'] {
  const site = r.night.stages.find((s) => s.stage === 'site');
  const demoSite = r.demo?.siteS ?? null;
  const ok = r.night.exitCode === 0;
  const withoutSite = r.night.stages.filter((s) => s.stage !== 'site').reduce((n, s) => n + s.wallS, 0);
  const ratioWithoutSite = withoutSite / r.baseline.totalS;
  const ingest = r.night.stages.find((s) => s.stage === 'ingest');
  const csv = r.baseline.stages.find((s) => s.stage === 'csv to parquet');
  const ingestRatio = ingest && csv ? ingest.wallS / csv.wallS : Number.NaN;
  return [
    { target: 'night ≤ 3 × baseline', limit: `${TARGETS.ratio}×`, value: `${r.ratio.toFixed(1)}× wall (${r.cpuRatio.toFixed(1)}× CPU)`, met: ok ? r.ratio <= TARGETS.ratio : false },
    { target: 'night without the site ≤ 2 × baseline', limit: `${TARGETS.ratioWithoutSite}×`, value: `${ratioWithoutSite.toFixed(1)}× wall (${withoutSite.toFixed(1)} s)`, met: ok ? ratioWithoutSite <= TARGETS.ratioWithoutSite : false },
    { target: 'ingest ≤ 1.5 × baseline CSV to Parquet', limit: `${TARGETS.ingestRatio}×`, value: `${ingestRatio.toFixed(1)}× wall`, met: ok ? ingestRatio <= TARGETS.ingestRatio : false },
    { target: 'peak memory ≤ 4 GB', limit: `${TARGETS.peakMb} MB`, value: `${r.night.peakRssMb} MB`, met: r.night.peakRssMb <= TARGETS.peakMb },
    {
      target: 'demo site build < 30 s', limit: `${TARGETS.siteBuildS} s`,
      value: `${demoSite === null ? (r.demo ? 'failed' : 'not run') : `${demoSite.toFixed(1)} s`} (at this scale: ${site ? `${site.wallS.toFixed(1)} s, ${site.rows} pages` : 'not built'})`,
      met: demoSite === null ? (r.demo ? false : null) : demoSite < TARGETS.siteBuildS,
    },
    {
      target: '≤ 100 kB gzipped JS per page', limit: `${TARGETS.pageJsGzipBytes / 1000} kB`,
      value: r.site.pages ? `${(r.site.maxGzipBytes / 1000).toFixed(1)} kB (heaviest of ${r.site.pages} pages)` : 'no pages',
      met: r.site.pages ? r.site.maxGzipBytes <= TARGETS.pageJsGzipBytes : false,
    },
  ];
}

export function scaleLabel(scale: number): string {
  return String(Number(scale.toPrecision(6)));
}

export function renderMarkdown(r: BenchResult): string {
  const mb = (n: number) => n.toLocaleString('en-US');
  const stageRows = (p: ProcessResult) => p.stages.map((s) => `| ${s.stage} | ${s.wallS.toFixed(1)} | ${s.cpuS.toFixed(1)} | ${mb(s.peakRssMb)} | ${s.rows.toLocaleString('en-US')} ${s.rowsAre} |`);
  const lines = [
    `# Benchmark: scale ${scaleLabel(r.scale)} (${r.leads.toLocaleString('en-US')} leads), ${r.date}`,
    '',
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.ramGb} GB RAM, ${r.machine.os}; Node ${r.machine.node}, DuckDB ${r.machine.duckdb}.`,
    ...(r.nights && r.nights > 1 ? [`Lake: ${r.nights} nightly full exports of the same company when the measured night ran (the first night, which loaded one into an empty lake, took ${r.firstNight?.totalS.toFixed(1) ?? '?'} s).`] : []),
    ...(r.memoryLimit ? [`DuckDB memory bound: ${r.memoryLimit} (--memory-limit).`] : []),
    `Code: ${r.repo.commit.slice(0, 12)}${r.repo.dirty ? ' (with uncommitted changes)' : ''}. Data: seed ${r.seed}, as of ${r.asOf}, generated in ${r.data.generateS.toFixed(1)} s,`
      + ` ${(r.data.bytes / 1e9).toFixed(2)} GB of CSV, ${r.data.users} users, ${r.data.campaigns} campaigns.`,
    '',
    '| export file | rows |',
    '|---|---:|',
    ...Object.entries(r.data.files).map(([f, n]) => `| ${f} | ${n.toLocaleString('en-US')} |`),
    '',
    '| stage | wall s | CPU s | peak RSS MB | rows |',
    '|---|---:|---:|---:|---|',
    ...stageRows(r.night),
    `| **night** | **${r.night.totalS.toFixed(1)}** | **${r.night.cpuS.toFixed(1)}** | **${mb(r.night.peakRssMb)}** | exit code ${r.night.exitCode} |`,
    ...stageRows(r.baseline).map((row) => row.replace(/^\| /, '| baseline: ')),
    `| **baseline** | **${r.baseline.totalS.toFixed(1)}** | **${r.baseline.cpuS.toFixed(1)}** | **${mb(r.baseline.peakRssMb)}** | exit code ${r.baseline.exitCode} |`,
    '',
    `Night / baseline: **${r.ratio.toFixed(2)}×** in wall time, ${r.cpuRatio.toFixed(2)}× in CPU time. Wall times are seen from outside the process (the first stage includes Node's start);`
      + ` CPU is user + system time of the process and its children; peak RSS is the stage's high-water mark of the process and its children`
      + ` (${r.night.peakMethod === 'hwm' ? 'VmHWM, reset between stages' : 'sampled VmRSS'}). Both runs start with the export files in the page cache.`
      + ` Machine load (1-minute average, which includes the run's own threads) at start → end: night ${r.night.load.before.toFixed(1)} → ${r.night.load.after.toFixed(1)},`
      + ` baseline ${r.baseline.load.before.toFixed(1)} → ${r.baseline.load.after.toFixed(1)}`
      + `${Math.max(r.night.load.before, r.baseline.load.before) > r.machine.cores ? ` (other work was running at the start, which stretches wall times more than CPU times)` : ''}.`,
    '',
    `Cross-check: the baseline's funnel ${r.crossCheck.equal ? 'equals' : 'DIFFERS FROM'} the night's funnel_monthly in all ${r.crossCheck.months} months`
      + ` (totals: ${COUNTS.map((k) => `${k} ${r.crossCheck.night[k].toLocaleString('en-US')}${r.crossCheck.night[k] === r.crossCheck.baseline[k] ? '' : ` vs ${r.crossCheck.baseline[k].toLocaleString('en-US')}`}`).join(', ')}).`,
    '',
    ...(r.demo ? [`Demo company (\`handoff demo\`, 3,500 leads): night ${r.demo.totalS.toFixed(1)} s, site build ${r.demo.siteS === null ? 'failed' : `${r.demo.siteS.toFixed(1)} s`} (${r.demo.pages} pages, peak ${r.demo.sitePeakRssMb ?? '?'} MB).`, ''] : []),
    `JavaScript per page of the site built at this scale (${r.site.pages} pages), gzipped; pages grouped by section:`,
    '',
    '| section | pages | gzipped JS kB (min–max) | raw JS kB (max) | heaviest page loads |',
    '|---|---:|---:|---:|---|',
    ...r.site.sections.map((s) => `| ${s.section} | ${s.pages} | ${(s.minGzipBytes / 1000).toFixed(1)}–${(s.maxGzipBytes / 1000).toFixed(1)} | ${(s.maxRawBytes / 1000).toFixed(1)} | ${s.heaviest.files.join(', ') || 'none'} |`),
    '',
    '| target | limit | measured | met |',
    '|---|---|---|---|',
    ...r.targets.map((t) => `| ${t.target} | ${t.limit} | ${t.value} | ${t.met === null ? 'n/a' : t.met ? 'yes' : 'no'} |`),
  ];
  if (r.night.error) lines.push('', 'Night failed:', '', '```', r.night.error.slice(-1500), '```');
  if (r.baseline.error) lines.push('', 'Baseline failed:', '', '```', r.baseline.error.slice(-1500), '```');
  return `${lines.join('\n')}\n`;
}

export interface BenchOptions {
  scale: number;
  work: string;
  results: string;
  repo: string;
  seed: number;
  keep: boolean;
  force: boolean;
  /** Also run `handoff demo` for the demo site build time (default true). */
  demo: boolean;
  /** Before each measured run, wait up to this many seconds for the machine's load to fall below half its cores. */
  waitIdleS: number;
  /** Names the code when `repo` is a copy without .git. */
  commit?: string;
  dirty?: boolean;
  /** Nightly full exports in the lake when the measured night runs (default 1; see bench/nights.ts). */
  nights?: number;
  /** DuckDB's memory bound for the night (`--memory-limit` of the CLI), e.g. 2GB. */
  memoryLimit?: string;
}

/** Reads every export file once, so the night and the baseline both start with the files in the page cache. */
function warmCache(dir: string): void {
  const buffer = Buffer.alloc(16 * MB);
  for (const name of readdirSync(dir)) {
    const fd = openSync(join(dir, name), 'r');
    try {
      while (readSync(fd, buffer, 0, buffer.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  }
}

/** Waits (up to `maxS`) until the 1-minute load average is below half the cores: other work on a shared machine skews timings. */
async function waitIdle(maxS: number, cores: number): Promise<void> {
  const until = performance.now() + maxS * 1000;
  let said = false;
  while (loadAverage() >= cores / 2 && performance.now() < until) {
    if (!said) process.stdout.write(`  waiting for the machine to quieten (load ${loadAverage().toFixed(1)} on ${cores} cores)…\n`);
    said = true;
    await new Promise((done) => setTimeout(done, 5000));
  }
}

/** `handoff demo --no-serve`: the demo company's night, for its site build time. */
async function measureDemo(out: string, repo: string): Promise<NonNullable<BenchResult['demo']>> {
  process.stdout.write('Demo company (node functions/cli.ts demo --no-serve):\n');
  const run = await measure([join(repo, 'functions', 'cli.ts'), 'demo', '--out', out, '--no-serve'], repo, nightLine);
  const site = run.stages.find((s) => s.stage === 'site');
  return {
    siteS: site ? site.wallS : null, sitePeakRssMb: site ? site.peakRssMb : null, pages: site?.rows ?? 0, totalS: run.totalS, exitCode: run.exitCode,
    ...(run.error ? { error: run.error.slice(-2000) } : {}),
  };
}

export async function runBench(o: BenchOptions): Promise<{ result: BenchResult; files: { json: string; md: string } }> {
  const leads = Math.round(o.scale * LEADS_PER_SCALE);
  if (leads < 1) throw new Error(`--scale ${o.scale} gives no leads; the smallest is 0.000001`);
  mkdirSync(o.work, { recursive: true });
  const fs = statfsSync(o.work);
  const free = fs.bavail * fs.bsize;
  const need = leads * DISK_BYTES_PER_LEAD;
  if (need > free && !o.force) {
    throw new Error(`scale ${o.scale} needs about ${(need / 1e9).toFixed(0)} GB in ${o.work}, which has ${(free / 1e9).toFixed(0)} GB free; choose another --work or pass --force`);
  }
  const exportsDir = join(o.work, 'exports');
  const nightOut = join(o.work, 'night');
  const baseOut = join(o.work, 'baseline');
  for (const d of [exportsDir, nightOut, baseOut]) rmSync(d, { recursive: true, force: true });

  const date = new Date().toISOString().slice(0, 10);
  const nights = o.nights ?? 1;
  const label = `${scaleLabel(o.scale)}${nights > 1 ? `-nights-${nights}` : ''}${o.memoryLimit ? `-memory-${o.memoryLimit}` : ''}`;
  process.stdout.write(`Benchmark at scale ${label}: ${leads.toLocaleString('en-US')} leads, work folder ${o.work}\n`);
  const [mach, git] = await Promise.all([machine(), gitInfo(o.repo)]);
  const repo = o.commit && git.commit === 'unknown' ? { ...git, commit: o.commit, dirty: o.dirty ?? false } : git;

  let started = performance.now();
  const data = await generateScaleExports(exportsDir, { leads, seed: o.seed, asOf: SCALE_AS_OF });
  const generateS = round((performance.now() - started) / 1000, 2);
  process.stdout.write(`  generated ${(data.bytes / 1e9).toFixed(2)} GB of exports in ${generateS.toFixed(1)} s: ${Object.entries(data.files).map(([f, n]) => `${f} ${n}`).join(', ')}\n`);

  const ready = async () => {
    if (o.waitIdleS > 0) await waitIdle(o.waitIdleS, mach.cores);
    warmCache(join(exportsDir, 'salesforce'));
  };
  try {
    await ready();
    const nightArgs = [join(o.repo, 'functions', 'cli.ts'), 'run', '--exports', exportsDir, '--out', nightOut, '--as-of', data.asOf, ...(o.memoryLimit ? ['--memory-limit', o.memoryLimit] : [])];
    let firstNight: ProcessResult | undefined;
    if (nights > 1) {
      process.stdout.write('First night (loads the export into an empty lake; not the measured one):\n');
      firstNight = await measure(nightArgs, o.repo, nightLine);
      process.stdout.write(`  total ${firstNight.totalS.toFixed(1)} s, peak ${firstNight.peakRssMb} MB\n`);
      const added = await addEarlierNights(join(nightOut, 'lake'), nights - 1);
      process.stdout.write(`  added ${nights - 1} earlier nightly exports of every object (${added} partitions)\n`);
      await ready();
    }
    process.stdout.write(`Night (node functions/cli.ts run${nights > 1 ? `, lake holding ${nights} nightly exports` : ''}${o.memoryLimit ? `, --memory-limit ${o.memoryLimit}` : ''}):\n`);
    const night = await measure(nightArgs, o.repo, nightLine);
    process.stdout.write(`  total ${night.totalS.toFixed(1)} s, peak ${night.peakRssMb} MB${night.error ? `; FAILED (exit code ${night.exitCode})` : ''}\n`);
    await ready();
    process.stdout.write('Baseline (bare DuckDB):\n');
    const baseline = await measure([join(BENCH_DIR, 'baseline.ts'), '--exports', join(exportsDir, 'salesforce'), '--out', baseOut], o.repo, baselineLine);
    process.stdout.write(`  total ${baseline.totalS.toFixed(1)} s, peak ${baseline.peakRssMb} MB${baseline.error ? `; FAILED (exit code ${baseline.exitCode})` : ''}\n`);

    const baseFunnel: FunnelMonth[] = existsSync(join(baseOut, 'funnel.json')) ? JSON.parse(readFileSync(join(baseOut, 'funnel.json'), 'utf8')) : [];
    const check = crossCheck(await nightFunnel(join(nightOut, 'marts')), baseFunnel);
    const pages = existsSync(join(nightOut, 'site')) ? measurePageJs(join(nightOut, 'site')) : [];
    if (o.demo && o.waitIdleS > 0) await waitIdle(o.waitIdleS, mach.cores);
    const demo = o.demo ? await measureDemo(join(o.work, 'demo'), o.repo) : null;
    const partial: Omit<BenchResult, 'targets'> = {
      date, scale: o.scale, leads, seed: o.seed, asOf: data.asOf, repo, machine: mach,
      data: { ...data, generateS }, night, baseline, ratio: round(night.totalS / baseline.totalS, 2),
      cpuRatio: round(night.cpuS / baseline.cpuS, 2), crossCheck: check,
      site: { pages: pages.length, maxGzipBytes: Math.max(0, ...pages.map((p) => p.gzipBytes)), sections: bySection(pages) },
      demo, nights, ...(o.memoryLimit ? { memoryLimit: o.memoryLimit } : {}), ...(firstNight ? { firstNight } : {}),
    };
    const result: BenchResult = { ...partial, targets: evaluateTargets(partial) };
    mkdirSync(o.results, { recursive: true });
    const base = join(o.results, `${date}-scale-${label}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 1)}\n`);
    writeFileSync(`${base}.md`, renderMarkdown(result));
    process.stdout.write(`\n${renderMarkdown(result)}\nWrote ${base}.json and ${base}.md\n`);
    return { result, files: { json: `${base}.json`, md: `${base}.md` } };
  } finally {
    if (!o.keep) rmSync(o.work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string' },
      work: { type: 'string' },
      results: { type: 'string' },
      repo: { type: 'string' },
      seed: { type: 'string' },
      keep: { type: 'boolean' },
      force: { type: 'boolean' },
      'no-demo': { type: 'boolean' },
      commit: { type: 'string' },
      dirty: { type: 'boolean' },
      'wait-idle': { type: 'string' },
      nights: { type: 'string' },
      'memory-limit': { type: 'string' },
      lambda: { type: 'boolean' },
      mb: { type: 'string' },
      zip: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.lambda) {
    const mb = values.mb ? Number(values.mb) : 1024;
    runLambdaBench({ mb, zip: values.zip ?? false, work: resolve(values.work ?? join('/tmp/handoff-bench', `lambda-${mb}`)) }).then(
      (result) => {
        process.stdout.write(`${describeLambda(result)}\n${result.exitCode === 0 ? '' : `${result.output.join('\n')}\n`}`);
        process.exit(result.exitCode === 0 && result.peakRssMb <= LAMBDA_PEAK_TARGET_MB ? 0 : 1);
      },
      (error: Error) => {
        process.stderr.write(`bench --lambda: ${error.message}\n`);
        process.exit(1);
      },
    );
  } else {
    const scale = Number(values.scale);
    if (values.help || !values.scale || !(scale > 0)) {
      process.stdout.write(`Usage: npm run bench -- --scale N [--work DIR] [--results DIR] [--repo DIR] [--seed S] [--keep] [--force] [--no-demo] [--commit SHA [--dirty]] [--wait-idle S] [--nights N] [--memory-limit SIZE]
    --scale N      1 = 1,000,000 leads, 20,000,000 campaign members, ~100,000 opportunities
    --work DIR     where the exports, the night's output and the baseline's Parquet go (default /tmp/handoff-bench/scale-N); removed afterwards unless --keep
    --results DIR  where <date>-scale-N.json and .md are written (default bench/results)
    --repo DIR     the Handoff checkout whose night is measured (default: this one)
    --seed S       data seed (default 7)
    --force        run even when the work folder's disk looks too small
    --no-demo      skip the demo company's night (run for its site build time)
    --commit SHA   the code's commit, when --repo is a copy without .git; add --dirty if it had uncommitted changes
    --wait-idle S  before each measured run, wait up to S seconds for the machine's load to fall below half its cores
    --nights N     measure the night on a lake already holding N nightly full exports (a first night loads one, N - 1 earlier copies are added)
    --memory-limit SIZE  bound DuckDB's memory in the night (e.g. 2GB): it must spill rather than fail
    --lambda [--mb N] [--zip]  instead: the ingest Lambda's handler streams an N MB export (default 1024; with --zip, inside a Data Export ZIP) from s3rver into the lake; peak RSS of its process tree
  `);
      process.exit(values.help ? 0 : 2);
    }
    runBench({
      scale,
      work: resolve(values.work ?? join('/tmp/handoff-bench', `scale-${scaleLabel(scale)}`)),
      results: resolve(values.results ?? join(BENCH_DIR, 'results')),
      repo: resolve(values.repo ?? join(BENCH_DIR, '..')),
      seed: values.seed ? Number(values.seed) : 7,
      keep: values.keep ?? false,
      force: values.force ?? false,
      demo: !values['no-demo'],
      waitIdleS: values['wait-idle'] ? Number(values['wait-idle']) : 0,
      ...(values.commit ? { commit: values.commit, dirty: values.dirty ?? false } : {}),
      ...(values.nights ? { nights: Number(values.nights) } : {}),
      ...(values['memory-limit'] ? { memoryLimit: values['memory-limit'] } : {}),
    }).then(
      ({ result }) => process.exit(result.night.exitCode === 0 && result.baseline.exitCode === 0 && result.crossCheck.equal ? 0 : 1),
      (error: Error) => {
        process.stderr.write(`bench: ${error.message}\n`);
        process.exit(1);
      },
    );
  }
}

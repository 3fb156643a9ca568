// Peak memory of a child process and everything it starts, stage by stage, from Linux's own counters.
//
// Each process's resident-set high-water mark (VmHWM in /proc/PID/status) is read every tick and
// at each stage boundary; after a boundary the marks are reset (writing 5 to /proc/PID/clear_refs),
// so each stage gets its own peak. Within a stage, the marks are also read and reset whenever a new
// child process appears, which splits the stage into segments whose processes overlap in time (the
// night alone, then the night waiting on the Astro build worker and its helpers): a segment's peak
// is the sum of its processes' high-water marks, and the stage's peak is the largest segment's, or
// the largest summed VmRSS seen in one tick if that is higher. Where clear_refs cannot be written,
// the marks cannot be reset and only the ticks' sums count (method 'sampled').
//
// CPU time (user + system) of the tree is read from /proc/PID/stat the same way: each live
// process's own time plus what its reaped children used, so a stage's CPU seconds stay comparable
// when other work on the machine stretches its wall time.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface Peak {
  /** Peak resident memory of the process tree in the interval, in bytes. */
  bytes: number;
  method: 'hwm' | 'sampled';
  /** CPU seconds (user + system) the tree used in the interval. */
  cpuS: number;
}

/** User + system clock ticks of a process and of its children it has waited for. */
function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  } catch {
    return 0;
  }
}

interface ProcStatus {
  rss: number;
  hwm: number;
}

function readStatus(pid: number): ProcStatus | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** The process and all its descendants (from each process's parent id in /proc/PID/stat). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

function resetHwm(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export class TreeMonitor {
  readonly #root: number;
  readonly #timer: NodeJS.Timeout;
  /** Highest VmHWM seen per process in the current segment. */
  #hwm = new Map<number, number>();
  /** Largest summed high-water marks of the segments closed in the current interval. */
  #closed = 0;
  #maxSum = 0;
  #canReset = true;
  /** Tree CPU ticks at the last sample in which the root was alive, and at the last mark. */
  #ticks = 0;
  #ticksAtMark = 0;

  constructor(root: number, intervalMs = 100) {
    this.#root = root;
    this.#canReset = resetHwm(root);
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
    this.sample();
  }

  sample(): void {
    let sum = 0;
    let ticks = 0;
    let alive = false;
    const tree = processTree(this.#root);
    if (this.#canReset && tree.some((pid) => !this.#hwm.has(pid)) && this.#hwm.size > 0) {
      // A new process: close the segment before it, and start one in which it overlaps the others.
      for (const pid of tree) {
        const status = readStatus(pid);
        if (status && this.#hwm.has(pid)) this.#hwm.set(pid, Math.max(this.#hwm.get(pid)!, status.hwm));
      }
      this.#closed = Math.max(this.#closed, [...this.#hwm.values()].reduce((a, b) => a + b, 0));
      this.#hwm = new Map();
      for (const pid of tree) resetHwm(pid);
    }
    for (const pid of tree) {
      const status = readStatus(pid);
      if (!status) continue;
      if (pid === this.#root) alive = true;
      sum += status.rss;
      ticks += cpuTicks(pid);
      this.#hwm.set(pid, Math.max(this.#hwm.get(pid) ?? 0, status.hwm));
    }
    this.#maxSum = Math.max(this.#maxSum, sum);
    if (alive) this.#ticks = Math.max(this.#ticks, ticks);
  }

  /** Ends the current interval: its peak, then resets the marks for the next one. */
  mark(): Peak {
    this.sample();
    const hwmSum = [...this.#hwm.values()].reduce((a, b) => a + b, 0);
    const cpuS = (this.#ticks - this.#ticksAtMark) / TICKS_PER_SECOND;
    this.#ticksAtMark = this.#ticks;
    const peak: Peak = this.#canReset ? { bytes: Math.max(hwmSum, this.#closed, this.#maxSum), method: 'hwm', cpuS } : { bytes: this.#maxSum, method: 'sampled', cpuS };
    this.#hwm = new Map();
    this.#closed = 0;
    this.#maxSum = 0;
    if (this.#canReset) {
      for (const pid of processTree(this.#root)) resetHwm(pid);
    }
    return peak;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

// What the cold-run benches (pool.ts, desktop.ts) share: the peak memory and CPU of a process
// tree read from /proc while it runs, medians with their spread, and the 9-file stand-in.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { REFERENCE_DIR, TESTDATA_DIR } from '../../src-worker/engine/testing/reference';

/** The checkout (the built benches run from bench/out/ or a chunk folder below it). */
export const repo = ((): string => {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bench'))) return dir;
    if (dirname(dir) === dir) return resolve(__dirname, '..', '..');
  }
})();
export const conf = join(REFERENCE_DIR, 'conf.d', 'audit-all.yaml');

export interface ProcPeak {
  pid: number;
  role: string;
  peakKb: number;
  /** CPU seconds (user + system) at the last sample. */
  cpu: number;
}

const TICKS_PER_SECOND = 100;

function procCpu(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function procStatus(pid: number): { ppid: number; hwmKb: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(text)?.[1] ?? -1);
    const hwmKb = Number(/^VmHWM:\s+(\d+)/m.exec(text)?.[1] ?? 0);
    return { ppid, hwmKb };
  } catch {
    return null;
  }
}

/** Samples VmHWM of `root` and all its descendants until it exits. */
export function watchPeaks(root: number): { stop(): ProcPeak[] } {
  const peaks = new Map<number, ProcPeak>();
  const sample = (): void => {
    const parents = new Map<number, number>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const st = procStatus(Number(name));
      if (st) parents.set(Number(name), st.ppid);
    }
    const isOurs = (pid: number): boolean => {
      for (let p = pid, hops = 0; p > 1 && hops < 10; hops++) {
        if (p === root) return true;
        p = parents.get(p) ?? 0;
      }
      return false;
    };
    for (const pid of parents.keys()) {
      if (!isOurs(pid)) continue;
      const st = procStatus(pid);
      if (!st) continue;
      const entry = peaks.get(pid) ?? { pid, role: pid === root ? 'cli' : 'worker', peakKb: 0, cpu: 0 };
      entry.peakKb = Math.max(entry.peakKb, st.hwmKb);
      entry.cpu = Math.max(entry.cpu, procCpu(pid));
      peaks.set(pid, entry);
    }
  };
  const timer = setInterval(sample, 40);
  return {
    stop() {
      clearInterval(timer);
      return [...peaks.values()];
    },
  };
}

export const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : (((s[mid - 1] as number) + (s[mid] as number)) / 2);
};
export const spread = (xs: number[], digits = 2): string => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

/** The 6 shared files plus a second copy of one Linux, one Windows and one macOS file: a stand-in for the
 * 9 files the old tool's 39 s were measured on (3 of them are not in ../shared). */
export function nineFileProxy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpat-bench-nine-'));
  for (const family of readdirSync(TESTDATA_DIR)) {
    const names = readdirSync(join(TESTDATA_DIR, family)).filter((n) => n.endsWith('.txt')).sort();
    mkdirSync(join(dir, family));
    for (const name of names) copyFileSync(join(TESTDATA_DIR, family, name), join(dir, family, name));
    const first = names[0];
    if (first) copyFileSync(join(TESTDATA_DIR, family, first), join(dir, family, `copy-${first}`));
  }
  return dir;
}


/** The load average now, for the figures' heading. */
export function loadNow(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

export interface ProcessRun {
  seconds: number;
  code: number;
  stdout: string;
  stderr: string;
  peaks: ProcPeak[];
}

/** Runs `node <args>` to its end: wall seconds from spawn to exit, its output, its tree's peaks. */
export async function runProcess(args: string[], env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const watch = watchPeaks(child.pid as number);
  const code = await new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, code, stdout, stderr, peaks: watch.stop() };
}

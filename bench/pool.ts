// `npm run bench pool`: the CLI end to end (cold process, Excel out) with -p 1 and -p 2 on the
// shared files, a synthetic 120-system corpus and a 1,000-system corpus: wall time, speed-up,
// and the peak resident memory of every process (the CLI and each worker), read from
// /proc/<pid>/status (VmHWM) while they run; also the 9-file stand-in without the V8 code cache.
// Needs the built app (`npm run build`).
// `BENCH_QUICK=1` (or `node bench/out/pool.js --quick`) skips the 1,000-system corpus; `BENCH_RUNS=n`
// sets the runs per figure (default 3, medians reported). Figures only; nothing is asserted.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateCorpus } from './lib/corpus';
import { REFERENCE_DIR, TESTDATA_DIR } from '../src-worker/engine/testing/reference';

const repo = resolve(__dirname, '..', '..');
const cli = join(repo, 'out', 'main', 'cli.js');
const conf = join(REFERENCE_DIR, 'conf.d', 'audit-all.yaml');
const OLD_TOOL_SECONDS_9_FILES = 39;

interface ProcPeak {
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
function watchPeaks(root: number): { stop(): ProcPeak[] } {
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

async function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ seconds: number; code: number; peaks: ProcPeak[]; stderr: string }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [cli, 'scripts', ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const watch = watchPeaks(child.pid as number);
  const code = await new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, code, peaks: watch.stop(), stderr };
}

const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;

interface Measured {
  /** Median wall seconds per worker count. */
  wall: Map<number, number>;
  /** Median CPU seconds (all processes) per worker count. */
  cpu: Map<number, number>;
}

/**
 * Runs the CLI `runs` times per worker count, alternating the counts (the machine's load drifts;
 * alternating spreads it evenly), and prints every run and the medians.
 */

async function measure(label: string, startDir: string, workers: number[], runs: number, env?: () => NodeJS.ProcessEnv): Promise<Measured> {
  const walls = new Map<number, number[]>(workers.map((p) => [p, []]));
  const cpus = new Map<number, number[]>(workers.map((p) => [p, []]));
  for (let run = 0; run < runs; run++) {
    for (const p of workers) {
      const out = mkdtempSync(join(tmpdir(), 'kpat-bench-out-'));
      const r = await runCli(['-c', conf, '-d', startDir, '-o', out, '-p', String(p), '-q'], env?.());
      rmSync(out, { recursive: true, force: true });
      if (r.code !== 0) {
        console.log(`${label} -p ${p}: exit ${r.code}\n${r.stderr.slice(0, 2000)}`);
        continue;
      }
      const cliPeak = r.peaks.find((x) => x.role === 'cli')?.peakKb ?? 0;
      const workerPeaks = r.peaks.filter((x) => x.role === 'worker').map((x) => x.peakKb).sort((a, b) => b - a);
      const maxAll = Math.max(cliPeak, ...workerPeaks);
      const cpu = r.peaks.reduce((n, x) => n + x.cpu, 0);
      walls.get(p)?.push(r.seconds);
      cpus.get(p)?.push(cpu);
      console.log(
        `${label.padEnd(22)} -p ${p}: ${r.seconds.toFixed(2).padStart(7)} s   peak RSS cli ${mb(cliPeak)}` +
          (workerPeaks.length ? `, workers ${workerPeaks.map(mb).join(' / ')}` : '') +
          `   (largest process ${mb(maxAll)}${maxAll > 1024 * 1024 ? ' — OVER 1 GiB' : ''})` +
          `   CPU ${cpu.toFixed(1)} s = ${r.peaks.map((x) => `${x.role} ${x.cpu.toFixed(1)}`).join(' + ')}`,
      );
    }
  }
  const wall = new Map([...walls].filter(([, xs]) => xs.length).map(([p, xs]) => [p, median(xs)]));
  const cpu = new Map([...cpus].filter(([, xs]) => xs.length).map(([p, xs]) => [p, median(xs)]));
  for (const p of workers) {
    const w = wall.get(p);
    const c = cpu.get(p);
    if (w !== undefined && c !== undefined) console.log(`${label.padEnd(22)} -p ${p}: median ${w.toFixed(2)} s wall, ${c.toFixed(1)} s CPU (${(c / w).toFixed(2)} cores busy) over ${walls.get(p)?.length} runs`);
  }
  const t1 = wall.get(1);
  const t2 = wall.get(2);
  const c1 = cpu.get(1);
  if (t1 && t2 && c1) {
    // -p 1 already keeps more than one core busy (V8's GC threads, zlib's thread pool), which caps
    // what a second process can add on a 2-core machine.
    const bound = (2 * t1) / c1;
    console.log(`${label.padEnd(22)} speed-up -p 2 vs -p 1: ${(t1 / t2).toFixed(2)}×  (at most ${bound.toFixed(2)}× on 2 cores with -p 1 using ${(c1 / t1).toFixed(2)})`);
  }
  return { wall, cpu };
}

/** The 6 shared files plus a second copy of one Linux, one Windows and one macOS file: a stand-in for the
 * 9 files the old tool's 39 s were measured on (3 of them are not in ../shared). */
function nineFileProxy(): string {
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

async function main(): Promise<void> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first`);
  const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3) || 3);
  console.log(`cold CLI runs, audit-all.yaml (156 searches), Excel out; ${runs} runs each; load average now ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  console.log('(wall times need an otherwise idle machine; CPU seconds per process are sampled from /proc and hold under load)');

  // Every run finds its compiled code in the V8 code cache (src-worker/boot/code-cache.ts): `npm run
  // build` fills it, and every run adds what it compiled. Fill it here too, untimed, so every figure
  // is such a run. Runs without any cache (a build whose priming step failed, KPAT_CODE_CACHE_DIR
  // cleared) are measured apart, each with an empty cache folder of its own.
  const primeOut = mkdtempSync(join(tmpdir(), 'kpat-bench-out-'));
  await runCli(['-c', conf, '-d', TESTDATA_DIR, '-o', primeOut, '-p', '2', '-q']);
  rmSync(primeOut, { recursive: true, force: true });

  const shared = await measure('6 shared files', TESTDATA_DIR, [1, 2], runs);
  const nineDir = nineFileProxy();
  const nine = await measure('9-file stand-in', nineDir, [2], runs);
  const emptyCaches: string[] = [];
  const emptyCache = (): NodeJS.ProcessEnv => {
    const dir = mkdtempSync(join(tmpdir(), 'kpat-bench-code-cache-'));
    emptyCaches.push(dir);
    return { ...process.env, KPAT_CODE_CACHE_DIR: dir };
  };
  const first = await measure('9 files, no code cache', nineDir, [2], runs, emptyCache);
  for (const dir of emptyCaches) rmSync(dir, { recursive: true, force: true });
  rmSync(nineDir, { recursive: true, force: true });
  for (const [label, t] of [
    ['6 shared files', shared.wall.get(2)],
    ['9-file stand-in', nine.wall.get(2)],
    ['9-file stand-in, no code cache', first.wall.get(2)],
  ] as const) {
    if (t) console.log(`${label}: the old tool took ${OLD_TOOL_SECONDS_9_FILES} s for the 9 real files: ${(OLD_TOOL_SECONDS_9_FILES / t).toFixed(1)}× at -p 2 (target 20×: ${(OLD_TOOL_SECONDS_9_FILES / 20).toFixed(2)} s)`);
  }

  for (const systems of quick ? [120] : [120, 1000]) {
    const dir = mkdtempSync(join(tmpdir(), `kpat-bench-corpus${systems}-`));
    const { bytes } = generateCorpus({ systems, outDir: dir, testdataDir: TESTDATA_DIR });
    console.log(`\n${systems} systems, ${(bytes / 1e6).toFixed(0)} MB:`);
    await measure(`${systems} systems`, dir, systems >= 1000 ? [2] : [1, 2], systems >= 1000 ? 1 : runs);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

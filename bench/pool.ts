// `npm run bench pool`: the CLI end to end (cold process, Excel out) with -p 1 and -p 2 on the
// shared files, a synthetic 120-system corpus and a 1,000-system corpus: wall time, speed-up,
// and the peak resident memory of every process (the CLI and each worker), read from
// /proc/<pid>/status (VmHWM) while they run; also the 9-file stand-in without the V8 code cache.
// Needs the built app (`npm run build`).
// `BENCH_BASELINE=<folder>` measures a second build (another commit checked out and built there)
// alternately with this one, and prints the ratio per round. `BENCH_QUICK=1` (or `--quick`) skips
// the 1,000-system corpus and the no-cache runs; `BENCH_SYSTEMS=120` (or empty) picks the synthetic
// corpora; `BENCH_RUNS=n` sets the runs per figure (default
// 5; medians with their spread). Figures only; nothing is asserted.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { conf, loadNow, mb, median, nineFileProxy, repo, runProcess, spread, type ProcPeak } from './lib/cold-run';
import { generateCorpus } from './lib/corpus';
import { TESTDATA_DIR } from '../src-worker/engine/testing/reference';

const cli = join(repo, 'out', 'main', 'cli.js');

interface CliRun {
  seconds: number;
  code: number;
  peaks: ProcPeak[];
  stderr: string;
  /** Seconds per phase, from the CLI's -v lines ("[1.39 s] exporting"). */
  phases: Map<string, number>;
  /** Worker export lines: tables and workbook milliseconds, summed over families. */
  exportMs: { tables: number; workbook: number };
}

async function runCli(cliPath: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  const { seconds, code, stdout, stderr, peaks } = await runProcess([cliPath, 'scripts', ...args], env);
  const all = `${stdout}\n${stderr}`;
  const marks = [...all.matchAll(/^\[(\d+\.\d+) s\] ([\w-]+)$/gm)].map((m) => ({ at: Number(m[1]), phase: m[2] as string }));
  const phases = new Map<string, number>();
  marks.forEach((m, i) => phases.set(m.phase, (phases.get(m.phase) ?? 0) + ((marks[i + 1]?.at ?? m.at) - m.at)));
  const exportMs = { tables: 0, workbook: 0 };
  for (const m of all.matchAll(/tables (\d+) ms, workbook (\d+) ms/g)) {
    exportMs.tables += Number(m[1]);
    exportMs.workbook += Number(m[2]);
  }
  return { seconds, code, peaks, stderr, phases, exportMs };
}

/** One thing measured: a build of the CLI (this one or the baseline) with a worker count. */
interface Variant {
  name: string;
  cli: string;
  workers: number;
  env?: () => NodeJS.ProcessEnv;
}

interface Measured {
  /** Wall seconds of each run, per variant name, in run order (run k of every variant is one round). */
  walls: Map<string, number[]>;
  cpus: Map<string, number[]>;
}

/**
 * Runs every variant `runs` times, alternating them round by round (the load of a shared machine
 * drifts; alternating spreads it evenly over the variants), and prints every run, the medians with
 * their spread, and where the time went (phases of the run, the export's tables and workbook time).
 */
async function measure(label: string, startDir: string, variants: Variant[], runs: number): Promise<Measured> {
  const walls = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const cpus = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const phaseSums = new Map<string, Map<string, number[]>>(variants.map((v) => [v.name, new Map()]));
  for (let run = 0; run < runs; run++) {
    // Alternate the order too, so that neither side always runs right after the other.
    for (const v of run % 2 ? [...variants].reverse() : variants) {
      const out = mkdtempSync(join(tmpdir(), 'kpat-bench-out-'));
      const r = await runCli(v.cli, ['-c', conf, '-d', startDir, '-o', out, '-p', String(v.workers), '-v'], v.env?.() ?? process.env);
      rmSync(out, { recursive: true, force: true });
      if (r.code !== 0) {
        console.log(`${label} ${v.name}: exit ${r.code}\n${r.stderr.slice(0, 2000)}`);
        continue;
      }
      const cliPeak = r.peaks.find((x) => x.role === 'cli')?.peakKb ?? 0;
      const workerPeaks = r.peaks.filter((x) => x.role === 'worker').map((x) => x.peakKb).sort((a, b) => b - a);
      const maxAll = Math.max(cliPeak, ...workerPeaks);
      const cpu = r.peaks.reduce((n, x) => n + x.cpu, 0);
      walls.get(v.name)?.push(r.seconds);
      cpus.get(v.name)?.push(cpu);
      const sums = phaseSums.get(v.name) as Map<string, number[]>;
      for (const [phase, sec] of [...r.phases, ['export tables (sum)', r.exportMs.tables / 1000], ['export workbook (sum)', r.exportMs.workbook / 1000]] as const) {
        sums.set(phase, [...(sums.get(phase) ?? []), sec]);
      }
      console.log(
        `${label.padEnd(18)} ${v.name.padEnd(12)}: ${r.seconds.toFixed(2).padStart(7)} s   peak RSS cli ${mb(cliPeak)}` +
          (workerPeaks.length ? `, workers ${workerPeaks.map(mb).join(' / ')}` : '') +
          `   (largest process ${mb(maxAll)}${maxAll > 1024 * 1024 ? ' — OVER 1 GiB' : ''})` +
          `   CPU ${cpu.toFixed(1)} s = ${r.peaks.map((x) => `${x.role} ${x.cpu.toFixed(1)}`).join(' + ')}`,
      );
    }
  }
  for (const v of variants) {
    const w = walls.get(v.name) ?? [];
    const c = cpus.get(v.name) ?? [];
    if (!w.length) continue;
    console.log(`${label.padEnd(18)} ${v.name.padEnd(12)}: median ${median(w).toFixed(2)} s wall (${spread(w)}), ${median(c).toFixed(1)} s CPU over ${w.length} runs`);
    const sums = phaseSums.get(v.name) as Map<string, number[]>;
    console.log(`${' '.repeat(18)} ${' '.repeat(12)}  where the time goes (medians): ${[...sums].map(([phase, xs]) => `${phase} ${median(xs).toFixed(2)} s`).join(', ')}`);
  }
  return { walls, cpus };
}

/** a/b per round (the two ran side by side), as the median with the spread of the rounds. */
function ratio(m: Measured, slow: string, fast: string): string {
  const a = m.walls.get(slow) ?? [];
  const b = m.walls.get(fast) ?? [];
  const rounds = Math.min(a.length, b.length);
  if (!rounds) return 'n/a';
  const rs = Array.from({ length: rounds }, (_, i) => (a[i] as number) / (b[i] as number));
  return `${median(rs).toFixed(2)}× (rounds ${spread(rs)}; medians ${(median(a) / median(b)).toFixed(2)}×)`;
}

/** A code cache folder of its own for each build measured (a build's cache must not warm another's). */
function cacheEnv(dir: string): () => NodeJS.ProcessEnv {
  return () => ({ ...process.env, KPAT_CODE_CACHE_DIR: dir });
}

async function main(): Promise<void> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first`);
  const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 5) || 5);
  // BENCH_BASELINE: a checkout of another commit, built (`npx electron-vite build` there), to measure against.
  const baseRoot = process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE) : null;
  const baseCli = baseRoot ? join(baseRoot, 'out', 'main', 'cli.js') : null;
  if (baseCli && !existsSync(baseCli)) throw new Error(`${baseCli} is missing: build the baseline first`);
  console.log(`cold CLI runs, audit-all.yaml (156 searches), Excel out; ${runs} runs each, variants alternated; load average now ${loadNow()}`);
  console.log(`this build: ${cli}${baseCli ? `\nbaseline:   ${baseCli}` : ''}`);
  console.log('(on a shared machine read the ratios of variants run side by side, not the absolute times)');

  // Every run finds its compiled code in its build's V8 code cache (src-worker/boot/code-cache.ts):
  // `npm run build` fills it, and every run adds what it compiled. Fill each here, untimed, so every
  // figure is such a run; runs without any cache are measured apart, each with an empty folder.
  const cacheRoot = mkdtempSync(join(tmpdir(), 'kpat-bench-caches-'));
  const here = cacheEnv(join(cacheRoot, 'this'));
  const base = cacheEnv(join(cacheRoot, 'base'));
  for (const [path, env] of [[cli, here], ...(baseCli ? [[baseCli, base] as const] : [])] as const) {
    const primeOut = mkdtempSync(join(tmpdir(), 'kpat-bench-out-'));
    await runCli(path, ['-c', conf, '-d', TESTDATA_DIR, '-o', primeOut, '-p', '2', '-q'], env());
    rmSync(primeOut, { recursive: true, force: true });
  }

  const nineDir = nineFileProxy();
  const nineVariants: Variant[] = [{ name: 'this -p 2', cli, workers: 2, env: here }, ...(baseCli ? [{ name: 'base -p 2', cli: baseCli, workers: 2, env: base }] : [])];
  const nine = await measure('9 files', nineDir, nineVariants, runs);
  if (baseCli) console.log(`9 files, -p 2: this build is ${ratio(nine, 'base -p 2', 'this -p 2')} faster than the baseline (target ≥ 1.9×)`);
  const emptyCaches: string[] = [];
  const emptyCache = (): NodeJS.ProcessEnv => {
    const dir = mkdtempSync(join(tmpdir(), 'kpat-bench-code-cache-'));
    emptyCaches.push(dir);
    return { ...process.env, KPAT_CODE_CACHE_DIR: dir };
  };
  if (!quick) await measure('9 files, no cache', nineDir, [{ name: 'this -p 2', cli, workers: 2, env: emptyCache }], Math.min(runs, 3));
  for (const dir of emptyCaches) rmSync(dir, { recursive: true, force: true });
  rmSync(nineDir, { recursive: true, force: true });

  let t120: number | null = null;
  // BENCH_SYSTEMS: the synthetic corpora, e.g. "120" or "" for none (default 120 and 1,000; 120 when quick).
  const corpora = process.env.BENCH_SYSTEMS !== undefined ? process.env.BENCH_SYSTEMS.split(',').filter(Boolean).map(Number) : quick ? [120] : [120, 1000];
  for (const systems of corpora) {
    const dir = mkdtempSync(join(tmpdir(), `kpat-bench-corpus${systems}-`));
    const { bytes } = generateCorpus({ systems, outDir: dir, testdataDir: TESTDATA_DIR });
    console.log(`\n${systems} systems, ${(bytes / 1e6).toFixed(0)} MB:`);
    if (systems >= 1000) {
      const m = await measure(`${systems} systems`, dir, [{ name: 'this -p 2', cli, workers: 2, env: here }], 1);
      const t = median(m.walls.get('this -p 2') ?? []);
      if (t120) console.log(`1,000 systems take ${(t / t120).toFixed(2)}× the time of 120 (linear: 8.33×; target ≤ 8.5×)`);
    } else {
      const variants: Variant[] = [
        { name: 'this -p 1', cli, workers: 1, env: here },
        { name: 'this -p 2', cli, workers: 2, env: here },
        ...(baseCli ? [{ name: 'base -p 2', cli: baseCli, workers: 2, env: base }] : []),
      ];
      const m = await measure(`${systems} systems`, dir, variants, runs);
      t120 = median(m.walls.get('this -p 2') ?? []);
      console.log(`${systems} systems: -p 2 is ${ratio(m, 'this -p 1', 'this -p 2')} faster than -p 1 (target ≥ 1.8×)`);
      if (baseCli) console.log(`${systems} systems, -p 2: this build is ${ratio(m, 'base -p 2', 'this -p 2')} faster than the baseline`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  rmSync(cacheRoot, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

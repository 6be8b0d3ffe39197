// `npm run bench desktop`: the desktop app's run path against the CLI's, cold, side by side. The
// app's path is everything the Electron main process runs for a run, on the app's own worker
// transport: createAppCore (the JobRunner as the app makes it: results kept for browsing, the
// manifest and results JSON written beside the workbooks), UtilityLauncher (utility-spawner.ts),
// WorkerHost, the pool, and in the worker its process.parentPort transport. Electron itself
// cannot run here: `electron` is replaced by lib/electron-standin.ts, which starts each worker
// with child_process.fork as a utility process would be started (in the app's session, V8 flags
// from --js-flags, parentPort messages). So the figures leave out Electron's own start and
// message pipe, and say what the app's path costs above them.
// Each run is a new process (this file with --one-run), timed from its start to its exit, as the
// CLI runs are; the process also prints the run alone (startRun → done event).
// Needs the built app (`npm run build`). BENCH_RUNS=n rounds (default 5); BENCH_SYSTEMS=120 (or
// empty) the synthetic corpora besides the 9 files. Figures only; nothing is asserted.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore } from '../src-main/core/app/create-app-core';
import type { RunEvent, RunPhase, RunSummary } from '../src-main/contract/ipc';
import { UtilityLauncher } from '../src-main/electron/utility-spawner';
import { TESTDATA_DIR } from '../src-worker/engine/testing/reference';
import { conf, loadNow, mb, median, nineFileProxy, repo, runProcess, spread } from './lib/cold-run';
import { generateCorpus } from './lib/corpus';

const cli = join(repo, 'out', 'main', 'cli.js');
const workerModule = join(repo, 'out', 'main', 'worker.js');
const ONE_RUN = '--one-run';

/** The child: one run through the app core on the utility transport; prints one JSON line. */
async function oneRun(root: string, outDir: string, workers: number): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'kpat-bench-desktop-'));
  const core = await createAppCore({
    launcher: new UtilityLauncher(),
    workerModule,
    userDataDir: join(scratch, 'user'),
    cores: availableParallelism(),
    version: 'bench',
    host: 'electron',
    platform: process.platform,
    libraryDir: join(repo, 'builtin-searches'),
    log: () => undefined,
    tempRoot: scratch,
  });
  for (const path of [root, conf, outDir]) core.grantPath(path);
  const phases: Partial<Record<RunPhase, number>> = {};
  const started = performance.now();
  const done = new Promise<RunSummary>((resolve) => {
    core.onRunEvent((event: RunEvent) => {
      if (event.type === 'progress') phases[event.progress.phase] ??= (performance.now() - started) / 1000;
      if (event.type === 'done') resolve(event.summary);
    });
  });
  await core.startRun({ root, searchSet: { kind: 'file', path: conf }, workerCount: workers, outputDir: outDir });
  const summary = await done;
  const runSeconds = (performance.now() - started) / 1000;
  await core.dispose();
  rmSync(scratch, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({ runSeconds, outcome: summary.outcome, phases })}\n`);
}

interface Variant {
  name: string;
  workers: number;
  args: (root: string, out: string) => string[];
}

interface Run {
  seconds: number;
  cpu: number;
  largestKb: number;
  /** The app core's run alone (desktop variants). */
  runSeconds: number | null;
  phases: Record<string, number> | null;
}

async function runOnce(v: Variant, root: string, env: NodeJS.ProcessEnv): Promise<Run | string> {
  const out = mkdtempSync(join(tmpdir(), 'kpat-bench-out-'));
  const { seconds, code, stdout, stderr, peaks } = await runProcess(v.args(root, out), env);
  rmSync(out, { recursive: true, force: true });
  if (code !== 0 && code !== 3) return `exit ${code}: ${stderr.slice(0, 1500)}`;
  const line = stdout.split('\n').find((l) => l.startsWith('{"runSeconds"'));
  const parsed = line ? (JSON.parse(line) as { runSeconds: number; outcome: string; phases: Record<string, number> }) : null;
  if (parsed && parsed.outcome !== 'complete') return `outcome ${parsed.outcome}`;
  return {
    seconds,
    cpu: peaks.reduce((n, p) => n + p.cpu, 0),
    largestKb: Math.max(0, ...peaks.map((p) => p.peakKb)),
    runSeconds: parsed?.runSeconds ?? null,
    phases: parsed?.phases ?? null,
  };
}

/** Rounds of every variant, the order alternated round by round; prints each run, medians and ratios. */
async function measure(label: string, root: string, variants: Variant[], rounds: number, env: NodeJS.ProcessEnv): Promise<Map<string, Run[]>> {
  const runs = new Map<string, Run[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const v of round % 2 ? [...variants].reverse() : variants) {
      const r = await runOnce(v, root, env);
      if (typeof r === 'string') {
        console.log(`${label} ${v.name}: ${r}`);
        continue;
      }
      runs.get(v.name)?.push(r);
      console.log(
        `${label.padEnd(12)} ${v.name.padEnd(16)}: ${r.seconds.toFixed(2).padStart(6)} s` +
          (r.runSeconds === null ? '' : ` (run alone ${r.runSeconds.toFixed(2)} s)`) +
          `   CPU ${r.cpu.toFixed(1)} s   largest process ${mb(r.largestKb)}`,
      );
    }
  }
  for (const v of variants) {
    const rs = runs.get(v.name) ?? [];
    if (!rs.length) continue;
    const walls = rs.map((r) => r.seconds);
    const alone = rs.flatMap((r) => (r.runSeconds === null ? [] : [r.runSeconds]));
    const phases = rs[0]?.phases;
    console.log(
      `${label.padEnd(12)} ${v.name.padEnd(16)}: median ${median(walls).toFixed(2)} s (${spread(walls)})` +
        (alone.length ? `, run alone ${median(alone).toFixed(2)} s (${spread(alone)})` : '') +
        `, CPU ${median(rs.map((r) => r.cpu)).toFixed(1)} s, largest process ${mb(Math.max(...rs.map((r) => r.largestKb)))}` +
        (phases ? `; phases start at (first run) ${Object.entries(phases).map(([p, s]) => `${p} ${s.toFixed(2)} s`).join(', ')}` : ''),
    );
  }
  return runs;
}

function ratio(runs: Map<string, Run[]>, slow: string, fast: string): string {
  const a = runs.get(slow) ?? [];
  const b = runs.get(fast) ?? [];
  const n = Math.min(a.length, b.length);
  if (!n) return 'n/a';
  const rs = Array.from({ length: n }, (_, i) => (a[i] as Run).seconds / (b[i] as Run).seconds);
  return `${median(rs).toFixed(2)}× (rounds ${spread(rs)})`;
}

async function main(): Promise<void> {
  if (!existsSync(cli) || !existsSync(workerModule)) throw new Error(`${cli} is missing: run "npm run build" first`);
  const rounds = Math.max(1, Number(process.env.BENCH_RUNS ?? 5) || 5);
  const corpora = process.env.BENCH_SYSTEMS !== undefined ? process.env.BENCH_SYSTEMS.split(',').filter(Boolean).map(Number) : [120];
  console.log(`desktop path (app core + UtilityLauncher over the Node stand-in for utilityProcess) against the CLI, cold runs, audit-all.yaml; ${rounds} rounds, alternated; load average now ${loadNow()}`);
  const cacheDir = mkdtempSync(join(tmpdir(), 'kpat-bench-caches-'));
  const env = { ...process.env, KPAT_CODE_CACHE_DIR: cacheDir };
  const cliVariant = (workers: number): Variant => ({ name: `cli -p ${workers}`, workers, args: (root, out) => [cli, 'scripts', '-c', conf, '-d', root, '-o', out, '-p', String(workers), '-q'] });
  const desktopVariant = (workers: number): Variant => ({ name: `desktop -p ${workers}`, workers, args: (root, out) => [__filename, ONE_RUN, root, out, String(workers)] });
  // Fill the code cache (both paths' workers share it), untimed.
  for (const v of [cliVariant(2), desktopVariant(2)]) await runOnce(v, TESTDATA_DIR, env);

  const nine = nineFileProxy();
  const nineRuns = await measure('9 files', nine, [cliVariant(2), desktopVariant(2)], rounds, env);
  console.log(`9 files, -p 2: the CLI is ${ratio(nineRuns, 'desktop -p 2', 'cli -p 2')} faster than the desktop path`);
  rmSync(nine, { recursive: true, force: true });
  for (const systems of corpora) {
    const dir = mkdtempSync(join(tmpdir(), `kpat-bench-corpus${systems}-`));
    const { bytes } = generateCorpus({ systems, outDir: dir, testdataDir: TESTDATA_DIR });
    console.log(`\n${systems} systems, ${(bytes / 1e6).toFixed(0)} MB:`);
    const label = `${systems} systems`;
    const runs = await measure(label, dir, [desktopVariant(1), desktopVariant(2), cliVariant(2)], rounds, env);
    console.log(`${label}: desktop -p 2 is ${ratio(runs, 'desktop -p 1', 'desktop -p 2')} faster than desktop -p 1 (target ≥ 1.8×); the CLI -p 2 ${ratio(runs, 'desktop -p 2', 'cli -p 2')} faster than desktop -p 2`);
    rmSync(dir, { recursive: true, force: true });
  }
  rmSync(cacheDir, { recursive: true, force: true });
}

const at = process.argv.indexOf(ONE_RUN);
const work = at >= 0 ? oneRun(process.argv[at + 1] as string, process.argv[at + 2] as string, Number(process.argv[at + 3])) : main();
work.catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

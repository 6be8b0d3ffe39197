// `kpat diff` from files at 1,000 systems: the drift corpus (bench/lib/drift-corpus.ts) written
// as two results JSON files by the app's own writer, then `kpat diff OLD NEW --json FILE` run as
// a cold process of the built CLI: wall time, CPU time and peak resident memory of the process.
// Needs the built app (`npx electron-vite build`). `BENCH_BASELINE=<folder>` (another commit
// checked out and built there) runs that build's CLI alternately with this one in each round
// and prints the ratios per round; both must find the same difference.
// `npm run bench diff [--rounds N] [--systems N]`; BENCH_CHILD_ARGS: node options for the measured
// process (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"). Figures only; nothing is asserted.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeResultsJson } from '../src-worker/export/results-json';
import { driftCorpus, referenceLinux, rowCount } from './lib/drift-corpus';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('--rounds', 3);
const SYSTEMS = arg('--systems', 1000);
const repo = resolve(__dirname, '..', '..');
const usageReport = join(repo, 'bench', 'lib', 'usage-report.mjs');

interface Build {
  label: string;
  cli: string;
}

interface DiffRun {
  wallS: number;
  cpuS: number;
  peakMb: number;
  /** The difference found, without the two paths (they differ per run). */
  found: string;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const spread = (xs: number[]): string => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;

async function runDiff(build: Build, older: string, newer: string, scratch: string): Promise<DiffRun> {
  const usageFile = join(scratch, `${build.label}-usage.json`);
  const out = join(scratch, `${build.label}-diff.json`);
  rmSync(usageFile, { force: true });
  rmSync(out, { force: true });
  const started = process.hrtime.bigint();
  // BENCH_CHILD_ARGS: node options for the measured process (e.g. --cpu-prof).
  const execArgv = process.env.BENCH_CHILD_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...execArgv, '--import', usageReport, build.cli, 'diff', older, newer, '--json', out, '-q'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, BENCH_USAGE_FILE: usageFile },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((done) => child.on('exit', (c) => done(c ?? -1)));
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`${build.label}: kpat diff exited with ${code}: ${stderr}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRssKb: number; cpuMs: number };
  const { families } = JSON.parse(readFileSync(out, 'utf8')) as { families: unknown };
  return { wallS, cpuS: usage.cpuMs / 1000, peakMb: usage.maxRssKb / 1024, found: JSON.stringify(families) };
}

function counts(found: string): string {
  const families = JSON.parse(found) as { systems: { added: string[]; removed: string[] }; searches: { added: unknown[]; removed: unknown[]; changed: unknown[] }[] }[];
  const sum = (k: 'added' | 'removed' | 'changed'): number => families.reduce((n, f) => n + f.searches.reduce((m, s) => m + s[k].length, 0), 0);
  const searches = families.reduce((n, f) => n + f.searches.length, 0);
  const systems = families.map((f) => `+${f.systems.added.length} −${f.systems.removed.length}`).join(', ');
  return `${sum('added')} added, ${sum('removed')} removed, ${sum('changed')} changed rows in ${searches} searches; systems ${systems}`;
}

async function main(): Promise<void> {
  const builds: Build[] = [{ label: 'this', cli: join(repo, 'out', 'main', 'cli.js') }];
  const baseline = process.env.BENCH_BASELINE;
  if (baseline) builds.unshift({ label: 'baseline', cli: join(resolve(baseline), 'out', 'main', 'cli.js') });
  for (const b of builds) if (!existsSync(b.cli)) throw new Error(`${b.cli} is missing: run "npx electron-vite build" in ${resolve(b.cli, '..', '..', '..')}`);

  const linux = await referenceLinux();
  const scratch = mkdtempSync(join(tmpdir(), 'kpat-bench-diff-'));
  try {
    const older = driftCorpus(linux, SYSTEMS, false);
    const oldFile = await writeResultsJson(older, join(scratch, 'old'), new Date(2025, 0, 1));
    const oldRows = rowCount(older);
    const largest = older.searches.reduce((a, t) => (t.rows.length > a.rows.length ? t : a));
    older.searches.length = 0;
    const newer = driftCorpus(linux, SYSTEMS, true);
    const newFile = await writeResultsJson(newer, join(scratch, 'new'), new Date(2026, 0, 1));
    const newRows = rowCount(newer);
    newer.searches.length = 0;
    const size = (f: string): string => `${(statSync(f).size / 1e6).toFixed(0)} MB`;
    console.log(`corpus: ${SYSTEMS} Linux systems, ${linux.searches.length} searches; OLD ${oldRows} rows (${size(oldFile)}), NEW ${newRows} rows (${size(newFile)}); largest search "${largest.search}" ${largest.rows.length} rows`);
    console.log(`kpat diff OLD NEW --json FILE, cold process, ${ROUNDS} rounds${builds.length > 1 ? `, ${builds.map((b) => b.label).join(' and ')} alternated (${baseline})` : ''}`);

    const runs = new Map<string, DiffRun[]>(builds.map((b) => [b.label, []]));
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 ? [...builds].reverse() : builds;
      for (const b of order) {
        const run = await runDiff(b, oldFile, newFile, scratch);
        runs.get(b.label)?.push(run);
        console.log(`  round ${r + 1} ${b.label.padEnd(8)} wall ${run.wallS.toFixed(2)} s, CPU ${run.cpuS.toFixed(2)} s, peak RSS ${run.peakMb.toFixed(0)} MB`);
      }
    }
    for (const b of builds) {
      const rs = runs.get(b.label) ?? [];
      console.log(`${b.label}: median wall ${median(rs.map((x) => x.wallS)).toFixed(2)} s, CPU ${median(rs.map((x) => x.cpuS)).toFixed(2)} s, peak RSS ${median(rs.map((x) => x.peakMb)).toFixed(0)} MB; ${counts(rs[0]?.found ?? '[]')}`);
    }
    if (builds.length > 1) {
      const a = runs.get('baseline') ?? [];
      const b = runs.get('this') ?? [];
      const ratio = (pick: (x: DiffRun) => number): string => {
        const rs = a.map((x, i) => pick(x) / pick(b[i] as DiffRun));
        return `${median(rs).toFixed(2)}× (rounds ${spread(rs)})`;
      };
      console.log(`baseline / this per round: wall ${ratio((x) => x.wallS)}, CPU ${ratio((x) => x.cpuS)}, peak RSS ${ratio((x) => x.peakMb)}`);
      const same = [...a, ...b].every((x) => x.found === a[0]?.found);
      console.log(`same difference found by both builds in every round: ${same ? 'yes' : 'NO'}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

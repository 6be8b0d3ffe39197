// Compare grid and run diff at 1,000 systems, in memory (bench/lib/drift-corpus.ts: the Linux
// reference results cloned to 1,000 hosts, and a later run with a few facts changed). Times
// (median of --rounds N, default 3) and memory (heap retained by the result, peak RSS) of:
//   grid: suggestLayout + compareGrid for every search of the family (majority, then a baseline);
//   diff: diffFamily of the two runs.
// `npm run bench compare [--rounds N]`. Prints figures only. `kpat diff` from files: bench/diff.ts.
import { compareGrid, suggestLayout, type CompareGrid, type GridSystem } from '../src-worker/engine/compare/compare-grid';
import { diffFamily } from '../src-worker/engine/compare/run-diff';
import { driftCorpus, referenceLinux, rowCount } from './lib/drift-corpus';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg >= 0 ? Number(process.argv[roundsArg + 1]) : 3;
const SYSTEMS = 1000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function timeIt<T>(fn: () => T): { ms: number; result: T } {
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}

/** Heap the result of `fn` keeps alive (measured around one call, after a full GC each side). */
function retained<T>(fn: () => T): { bytes: number; result: T } {
  gc();
  const before = process.memoryUsage().heapUsed;
  const result = fn();
  gc();
  return { bytes: process.memoryUsage().heapUsed - before, result };
}

async function main(): Promise<void> {
  const linux = await referenceLinux();
  const older = driftCorpus(linux, SYSTEMS, false);
  const newer = driftCorpus(linux, SYSTEMS, true);
  console.log(`corpus: ${SYSTEMS} Linux systems (${linux.systems.length} reference systems cloned), ${older.searches.length} searches, ${rowCount(older)} rows before, ${rowCount(newer)} after`);

  const gridSystems: GridSystem[] = newer.systems.map((s) => ({ name: s['System Name'], state: 'searched' }));
  const allGrids = (baseline: string | null): CompareGrid[] =>
    newer.searches.map((t) => compareGrid({ header: t.header, rows: t.rows, systems: gridSystems, layout: suggestLayout(t.header, t.rows), baseline }));

  const gridMajority: number[] = [];
  const gridBaseline: number[] = [];
  const diffMs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order each round so neither side always runs on a warmer heap.
    const steps = [
      () => gridMajority.push(timeIt(() => allGrids(null)).ms),
      () => gridBaseline.push(timeIt(() => allGrids(newer.systems[500]?.['System Name'] as string)).ms),
      () => diffMs.push(timeIt(() => diffFamily(older, newer)).ms),
    ];
    for (const step of r % 2 ? steps.reverse() : steps) step();
  }
  const grids = retained(() => allGrids(null));
  const diff = retained(() => diffFamily(older, newer));
  const widest = grids.result.reduce((a, g) => (g.columns.length > a.columns.length ? g : a));
  const deviating = grids.result.reduce((n, g) => n + g.deviatingSystems, 0);
  const d = diff.result;
  const count = (k: 'added' | 'removed' | 'changed'): number => d.searches.reduce((n, s) => n + s[k].length, 0);
  console.log(`grid, all ${grids.result.length} searches, majority: median ${median(gridMajority).toFixed(0)} ms (${ROUNDS} rounds), retained ${mb(grids.bytes)}; widest grid ${widest.columns.length} columns × ${widest.rows.length} rows; ${deviating} deviating system-rows`);
  console.log(`grid, all searches, baseline system: median ${median(gridBaseline).toFixed(0)} ms`);
  console.log(`diff, ${SYSTEMS} systems: median ${median(diffMs).toFixed(0)} ms, retained ${mb(diff.bytes)}; ${count('added')} added, ${count('removed')} removed, ${count('changed')} changed rows in ${d.searches.length} searches; systems +${d.systems.added.length} −${d.systems.removed.length}`);
  console.log(`peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

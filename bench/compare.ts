// Compare grid and run diff at 1,000 systems: the Linux results of the shared reference files
// (built-in `all` set), their systems cloned to 1,000 hosts; a second "later" run of the same
// hosts with a few facts changed (a setting on 5% of the hosts, a row gone on 2%, rows reordered,
// line numbers shifted everywhere, 10 hosts gone and 10 new). Times (median of --rounds N, default
// 3) and memory (heap retained by the result, peak RSS) of:
//   grid: suggestLayout + compareGrid for every search of the family (majority, then a baseline);
//   diff: diffFamily of the two runs.
// `npm run bench compare`. Prints figures only.
import { join } from 'node:path';
import { compareGrid, suggestLayout, type CompareGrid, type GridSystem } from '../src-worker/engine/compare/compare-grid';
import { diffFamily, type DiffInputFamily } from '../src-worker/engine/compare/run-diff';
import { LINE_COLUMN, SYSTEM_COLUMN } from '../src-worker/engine/compare/row-identity';
import { loadSearchSet } from '../src-worker/engine/config/load';
import { runEngineInProcess } from '../src-worker/engine/run-in-process';
import { LIBRARY_DIR, TESTDATA_DIR } from '../src-worker/engine/testing/reference';
import type { Cell, SearchResultTable } from '../src-worker/engine/types';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg >= 0 ? Number(process.argv[roundsArg + 1]) : 3;
const SYSTEMS = 1000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Deterministic pseudo-random numbers (the corpus is the same in every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Table {
  search: string;
  sheet: string;
  header: string[];
  rows: Cell[][];
}

/** `copies` hosts per reference system; `later` applies the drift described above. */
function corpus(tables: readonly SearchResultTable[], baseSystems: readonly string[], later: boolean): { systems: string[]; searches: Table[] } {
  const copies = Math.ceil(SYSTEMS / baseSystems.length);
  const hosts: { name: string; base: string; k: number }[] = [];
  for (let k = 0; k < copies; k++) for (const base of baseSystems) if (hosts.length < SYSTEMS) hosts.push({ name: `${base}-${k}`, base, k });
  // The later run: the first 10 hosts are gone, 10 new ones (copies of existing ones) appear.
  const present = later ? [...hosts.slice(10), ...hosts.slice(0, 10).map((h) => ({ ...h, name: `${h.name}-new` }))] : hosts;
  const searches = tables.map((t) => {
    const sys = t.header.indexOf(SYSTEM_COLUMN);
    const line = t.header.indexOf(LINE_COLUMN);
    const byBase = new Map<string, Cell[][]>();
    for (const row of t.rows) {
      const name = String(row[sys]);
      const list = byBase.get(name);
      if (list) list.push(row);
      else byBase.set(name, [row]);
    }
    const random = rng(t.search.length * 7919 + (later ? 1 : 0));
    const rows: Cell[][] = [];
    for (const host of present) {
      let own = (byBase.get(host.base) ?? []).map((r) => {
        const copy = [...r];
        copy[sys] = host.name;
        if (later && line >= 0 && typeof copy[line] === 'number') copy[line] = (copy[line] as number) + 3;
        return copy;
      });
      if (later) {
        if (random() < 0.05 && own.length > 0) {
          const last = own[own.length - 1] as Cell[];
          own[own.length - 1] = last.map((c, i) => (i === sys || i === line || typeof c !== 'string' ? c : `${c}-changed`));
        }
        if (random() < 0.02 && own.length > 1) own = own.slice(1);
        own.reverse();
      }
      rows.push(...own);
    }
    return { search: t.search, sheet: t.sheet, header: [...t.header], rows };
  });
  return { systems: present.map((h) => h.name), searches };
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
  const set = await loadSearchSet(join(LIBRARY_DIR, 'all.yaml'), { libraryDir: LIBRARY_DIR });
  const run = await runEngineInProcess({ startDir: TESTDATA_DIR, filespec: '*.txt', searchSet: set });
  const linux = run.families.find((f) => f.family === 'Linux');
  if (!linux) throw new Error(`no Linux results in ${TESTDATA_DIR}`);
  const baseSystems = linux.systems.map((s) => s['System Name']);
  const older = corpus(linux.searches, baseSystems, false);
  const newer = corpus(linux.searches, baseSystems, true);
  const rows = (c: typeof older): number => c.searches.reduce((n, s) => n + s.rows.length, 0);
  console.log(`corpus: ${SYSTEMS} Linux systems (${baseSystems.length} reference systems cloned), ${older.searches.length} searches, ${rows(older)} rows before, ${rows(newer)} after`);

  const gridSystems: GridSystem[] = newer.systems.map((name) => ({ name, state: 'searched' }));
  const allGrids = (baseline: string | null): CompareGrid[] =>
    newer.searches.map((t) => compareGrid({ header: t.header, rows: t.rows, systems: gridSystems, layout: suggestLayout(t.header, t.rows), baseline }));
  const asInput = (c: typeof older): DiffInputFamily => ({ family: 'Linux', systems: c.systems.map((n) => ({ [SYSTEM_COLUMN]: n })), searches: c.searches });

  const gridMajority: number[] = [];
  const gridBaseline: number[] = [];
  const diffMs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order each round so neither side always runs on a warmer heap.
    const steps = [
      () => gridMajority.push(timeIt(() => allGrids(null)).ms),
      () => gridBaseline.push(timeIt(() => allGrids(newer.systems[500] as string)).ms),
      () => diffMs.push(timeIt(() => diffFamily(asInput(older), asInput(newer))).ms),
    ];
    for (const step of r % 2 ? steps.reverse() : steps) step();
  }
  const grids = retained(() => allGrids(null));
  const diff = retained(() => diffFamily(asInput(older), asInput(newer)));
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

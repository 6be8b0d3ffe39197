// What the checks (`expect`) cost on top of the search: the built-in `all` set on the shared files,
// searched with its checks and with the same searches stripped of them, A/B alternated in one run
// (order swapped every round), CPU time of this process. Also times the check evaluation alone on
// the rows the search found: that figure is the one to read on a busy machine, where the A/B
// difference of two whole passes is mostly noise. `npm run bench checks` (--rounds N, default 15).
// Prints figures only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileChecks, evaluateCheck } from '../src-worker/engine/checks/evaluate';
import { loadSearchSet } from '../src-worker/engine/config/load';
import { discoverFiles } from '../src-worker/engine/discover';
import { searchAppliesTo } from '../src-worker/engine/filters';
import { compileSearchSet, type CompiledSearchSet } from '../src-worker/engine/search/compile';
import { searchSystem } from '../src-worker/engine/search/search-system';
import { inspectSystemBytes } from '../src-worker/engine/system-file';
import { LIBRARY_DIR, TESTDATA_DIR } from '../src-worker/engine/testing/reference';
import type { SystemInfo, SystemSearchResult } from '../src-worker/engine/types';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg >= 0 ? Number(process.argv[roundsArg + 1]) : 15;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const libraryDir = LIBRARY_DIR;
  const set = await loadSearchSet(join(libraryDir, 'all.yaml'), { libraryDir });
  const withChecks = compileSearchSet(set.searches);
  const without = compileSearchSet(set.searches.map((s) => ({ ...s, checks: [] })));
  const { files } = await discoverFiles(TESTDATA_DIR, '*.txt', { exclude: [] });
  const systems: { system: SystemInfo; lines: string[] }[] = [];
  for (const file of files) {
    const outcome = inspectSystemBytes(readFileSync(file.filePath), file);
    if (outcome.ok) systems.push({ system: outcome.system, lines: outcome.lines });
  }
  const checkCount = set.searches.reduce((n, s) => n + s.checks.length, 0);
  const pass = (compiled: CompiledSearchSet): { ms: number; results: SystemSearchResult[] } => {
    const t0 = cpuMs();
    const results = systems.map(({ system, lines }) => searchSystem(lines, system, compiled));
    return { ms: cpuMs() - t0, results };
  };
  // Warm-up: compile the regexes and let V8 optimise both paths.
  pass(withChecks);
  pass(without);
  const a: number[] = [];
  const b: number[] = [];
  let last: SystemSearchResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    global.gc?.();
    if (round % 2 === 0) {
      const r = pass(withChecks);
      last = r.results;
      a.push(r.ms);
      b.push(pass(without).ms);
    } else {
      b.push(pass(without).ms);
      const r = pass(withChecks);
      last = r.results;
      a.push(r.ms);
    }
  }
  // The evaluation alone, on the rows the search kept (many repetitions: it is short).
  const compiledChecks = set.searches.map((s) => ({ spec: s, checks: compileChecks(s) }));
  const reps = 50;
  const t0 = cpuMs();
  let outcomes = 0;
  for (let i = 0; i < reps; i++) {
    systems.forEach(({ system }, k) => {
      const rows = last[k]?.rowsBySearch ?? {};
      for (const { spec, checks } of compiledChecks) {
        if (checks.length === 0 || !searchAppliesTo(spec, system)) continue;
        for (const c of checks) {
          evaluateCheck(c, rows[spec.index] ?? []);
          outcomes++;
        }
      }
    });
  }
  const evalMs = (cpuMs() - t0) / reps;
  const mA = median(a);
  const mB = median(b);
  console.log(`built-in all: ${set.searches.length} searches, ${checkCount} checks; ${systems.length} shared files; ${ROUNDS} rounds, A/B alternated`);
  console.log(`search with checks    median ${mA.toFixed(1)} ms CPU  (${a.map((x) => x.toFixed(0)).join(' ')})`);
  console.log(`search without checks median ${mB.toFixed(1)} ms CPU  (${b.map((x) => x.toFixed(0)).join(' ')})`);
  const minA = Math.min(...a);
  const minB = Math.min(...b);
  console.log(`difference: medians ${(((mA - mB) / mB) * 100).toFixed(1)} %, fastest passes ${(((minA - minB) / minB) * 100).toFixed(1)} % of search time (target < 10 %)`);
  console.log(`check evaluation alone: ${evalMs.toFixed(2)} ms per pass (${outcomes / reps} outcomes) = ${((evalMs / mB) * 100).toFixed(2)} % of search time`);
}

void main();

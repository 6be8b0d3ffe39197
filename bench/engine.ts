// Engine throughput on one core: decode+detect and search, for the shared files and a synthetic corpus.
// Times are CPU time of this process (process.cpuUsage), so other load on the shared machine distorts them
// less than wall-clock time would.
// `npm run bench engine` (options after `--`: --systems N (corpus size, default 60), --corpus DIR (use an
// existing corpus), --per-search (slowest searches)). Prints figures; asserts nothing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSearchSet } from '../src-worker/engine/config/load';
import { discoverFiles, type DiscoveredFile } from '../src-worker/engine/discover';
import { OS_FAMILIES, type SearchSet, type SystemInfo, type SystemSearchResult } from '../src-worker/engine/types';
import { buildFamilyResults } from '../src-worker/engine/results/build-family-results';
import { compileSearchSet, type CompiledSearchSet } from '../src-worker/engine/search/compile';
import { searchSystem } from '../src-worker/engine/search/search-system';
import { inspectSystemBytes } from '../src-worker/engine/system-file';
import { REFERENCE_DIR, TESTDATA_DIR } from '../src-worker/engine/testing/reference';
import { generateCorpus } from './lib/corpus';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? '') : undefined;
}

interface Timing {
  bytes: number;
  files: number;
  rows: number;
  decodeMs: number;
  searchMs: number;
  resultsMs: number;
}

/** CPU milliseconds (user + system) of this process. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function runOnce(files: readonly DiscoveredFile[], contents: readonly Uint8Array[], set: SearchSet, compiled: CompiledSearchSet): Timing {
  let decodeMs = 0;
  let searchMs = 0;
  let bytes = 0;
  const systems: SystemInfo[] = [];
  const results: SystemSearchResult[] = [];
  files.forEach((file, i) => {
    const data = contents[i] as Uint8Array;
    bytes += data.length;
    const t0 = cpuMs();
    const outcome = inspectSystemBytes(data, file);
    const t1 = cpuMs();
    decodeMs += t1 - t0;
    if (!outcome.ok) return;
    systems.push(outcome.system);
    results.push(searchSystem(outcome.lines, outcome.system, compiled));
    searchMs += cpuMs() - t1;
  });
  const t2 = cpuMs();
  let rows = 0;
  for (const family of OS_FAMILIES) {
    if (!systems.some((s) => s.osFamily === family)) continue;
    for (const t of buildFamilyResults(family, systems, set.searches, results).searches) rows += t.rows.length;
  }
  return { bytes, files: files.length, rows, decodeMs, searchMs, resultsMs: cpuMs() - t2 };
}

function report(label: string, runs: Timing[]): void {
  const best = runs.reduce((a, b) => (a.decodeMs + a.searchMs <= b.decodeMs + b.searchMs ? a : b));
  const mb = best.bytes / 1e6;
  const engineMs = best.decodeMs + best.searchMs;
  console.log(
    `${label}: ${best.files} files, ${mb.toFixed(1)} MB, ${best.rows} rows | decode+detect ${best.decodeMs.toFixed(0)} ms, ` +
      `search ${best.searchMs.toFixed(0)} ms, results ${best.resultsMs.toFixed(0)} ms | ` +
      `engine ${(mb / (engineMs / 1000)).toFixed(1)} MB/s (search alone ${(mb / (best.searchMs / 1000)).toFixed(1)} MB/s), best of ${runs.length}`,
  );
}

async function measure(label: string, dir: string, set: SearchSet, iterations: number, prefilter = true): Promise<void> {
  const { files } = await discoverFiles(dir, '*.txt');
  const contents = files.map((f) => readFileSync(f.filePath));
  const compiled = compileSearchSet(set.searches, { prefilter });
  runOnce(files, contents, set, compiled); // warm-up: JIT and regex compilation
  const runs: Timing[] = [];
  for (let i = 0; i < iterations; i++) runs.push(runOnce(files, contents, set, compiled));
  if (process.argv.includes("--verbose")) console.log(runs.map((r) => r.searchMs.toFixed(0)).join(" "));
  report(label, runs);
}

/** A fresh process's first run over the shared files: includes V8 compiling every regex on first use. */
async function coldRun(set: SearchSet): Promise<void> {
  const { files } = await discoverFiles(TESTDATA_DIR, '*.txt');
  const contents = files.map((f) => readFileSync(f.filePath));
  const t = runOnce(files, contents, set, compileSearchSet(set.searches));
  console.log(`cold first run (shared files, V8 regex compilation included): decode+detect ${t.decodeMs.toFixed(0)} ms, search ${t.searchMs.toFixed(0)} ms`);
}

/** Time per search, each run alone over the shared files (relative cost; the sum exceeds a joint run). */
async function perSearch(set: SearchSet): Promise<void> {
  const { files } = await discoverFiles(TESTDATA_DIR, '*.txt');
  const inspected = files.map((f) => inspectSystemBytes(readFileSync(f.filePath), f)).filter((o) => o.ok);
  const compiled = compileSearchSet(set.searches);
  const costs = set.searches.map((spec) => {
    const t0 = cpuMs();
    for (const o of inspected) if (o.ok) searchSystem(o.lines, o.system, compiled, [spec.index]);
    return { name: spec.name, ms: cpuMs() - t0, prefilter: compiled.searches[compiled.positionOf.get(spec.index) as number]?.prefilter };
  });
  costs.sort((a, b) => b.ms - a.ms);
  console.log('slowest searches (alone, shared files):');
  for (const c of costs.slice(0, 12)) console.log(`  ${c.ms.toFixed(1).padStart(7)} ms  ${c.name}  prefilter=${JSON.stringify(c.prefilter)}`);
}

async function main(): Promise<void> {
  const compileStart = cpuMs();
  const set = await loadSearchSet(join(REFERENCE_DIR, 'conf.d', 'audit-all.yaml'));
  const loadMs = cpuMs() - compileStart;
  const t = cpuMs();
  compileSearchSet(set.searches);
  console.log(`${set.searches.length} searches: load+translate ${loadMs.toFixed(0)} ms, compile ${(cpuMs() - t).toFixed(1)} ms (CPU)`);
  await coldRun(set);
  await measure('shared files', TESTDATA_DIR, set, 5);
  await measure('shared files, plain engine (no literal prefilter, no ASCII twins)', TESTDATA_DIR, set, 2, false);
  const existing = arg('corpus');
  if (existing) await measure(`corpus ${existing}`, existing, set, 2);
  else {
    const systems = Number(arg('systems') ?? '60');
    const dir = mkdtempSync(join(tmpdir(), 'kpat-bench-corpus-'));
    try {
      generateCorpus({ systems, outDir: dir, testdataDir: TESTDATA_DIR });
      await measure(`synthetic corpus (${systems} systems)`, dir, set, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (process.argv.includes('--per-search')) await perSearch(set);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

// The whole pipeline in one process: discover → read/detect → search → per-family results.
// Used by the CLI with `-p 1`, by tests and by the bench; the worker pool runs the same steps spread out.
import { discoverFiles } from './discover';
import { buildFamilyResults } from './results/build-family-results';
import { compileSearchSet } from './search/compile';
import { searchSystem } from './search/search-system';
import { readSystemFile } from './system-file';
import { OS_FAMILIES } from './types';
import type { FamilyResults, SearchSet, SkippedFile, SystemInfo, SystemSearchResult } from './types';

export interface InProcessRun {
  systems: SystemInfo[];
  skipped: SkippedFile[];
  /** Families that have at least one system, in OS_FAMILIES order. */
  families: FamilyResults[];
}

/** `signal`: checked between files (each file's search runs to its end); aborting rejects with its reason. */
export async function runEngineInProcess(opts: { startDir: string; filespec: string; searchSet: SearchSet; exclude?: string[]; signal?: AbortSignal }): Promise<InProcessRun> {
  const files = await discoverFiles(opts.startDir, opts.filespec, { exclude: opts.exclude ?? [] });
  const compiled = compileSearchSet(opts.searchSet.searches);
  const systems: SystemInfo[] = [];
  const skipped: SkippedFile[] = [];
  const results: SystemSearchResult[] = [];
  for (const file of files) {
    opts.signal?.throwIfAborted();
    const outcome = await readSystemFile(file);
    if (!outcome.ok) {
      skipped.push(outcome.skipped);
      continue;
    }
    systems.push(outcome.system);
    results.push(searchSystem(outcome.lines, outcome.system, compiled));
  }
  const families = OS_FAMILIES.filter((f) => systems.some((s) => s.osFamily === f)).map((f) =>
    buildFamilyResults(f, systems, opts.searchSet.searches, results),
  );
  return { systems, skipped, families };
}

// The whole pipeline in one process: discover → read/detect → search → per-family results.
// The reference for tests and the bench; the CLI and the app run the same steps on the worker pool.
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

export async function runEngineInProcess(opts: { startDir: string; filespec: string; searchSet: SearchSet; exclude?: string[] }): Promise<InProcessRun> {
  const { files, dropped } = await discoverFiles(opts.startDir, opts.filespec, { exclude: opts.exclude ?? [] });
  const compiled = compileSearchSet(opts.searchSet.searches);
  const systems: SystemInfo[] = [];
  const skipped: SkippedFile[] = [...dropped];
  const results: SystemSearchResult[] = [];
  for (const file of files) {
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

// Opening an earlier run from its files, without searching again: the run manifest gives the
// overview (systems, searches, counts); the rows come from the results JSON beside it, split
// into table files (table-file.ts) the first time a family is browsed.

import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ResultsOverview, RunSummary } from '../../contract/ipc';
import type { OsFamily } from '../../../src-worker/engine/types';
import { readResultsChecks, readResultsJson } from '../../../src-worker/export/results-json-read';
import type { FamilyChecks, ReportSource } from './run-findings';
import { writeTableFile } from '../../../src-worker/worker/table-file';
import { isManifestFileName, ManifestError, readManifest, type RunManifest } from './run-manifest';

/** The manifests directly in `folder`, newest first (by file name: the run's start time). */
export async function manifestsIn(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  return names
    .filter(isManifestFileName)
    .sort()
    .reverse()
    .map((n) => join(folder, n));
}

/**
 * The manifest a path stands for: a manifest itself; a results JSON (the manifest beside it that
 * names it); a folder (its newest manifest of a run with results, or its `results` subfolder's).
 */
export async function resolveManifest(path: string): Promise<{ path: string; manifest: RunManifest }> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw new ManifestError(`${path} cannot be opened: ${(err as Error).message}`);
  }
  if (info.isDirectory()) {
    for (const folder of [path, join(path, 'results')]) {
      const candidates = await manifestsIn(folder);
      for (const candidate of candidates) {
        const manifest = await readManifest(candidate).catch(() => null);
        if (manifest && manifest.families.length > 0) return { path: candidate, manifest };
      }
    }
    throw new ManifestError(`${path} holds no run with results: a results folder has a kpat-manifest-<date>.json file beside the workbooks`);
  }
  const name = basename(path);
  if (isManifestFileName(name)) return { path, manifest: await readManifest(path) };
  if (name.endsWith('.json')) {
    for (const candidate of await manifestsIn(dirname(path))) {
      const manifest = await readManifest(candidate).catch(() => null);
      if (manifest?.families.some((f) => f.json === name)) return { path: candidate, manifest };
    }
    throw new ManifestError(
      `${path} has no run manifest beside it (kpat-manifest-<date>.json), so the app cannot tell which systems and searches it belongs to`,
    );
  }
  throw new ManifestError(`${path} is neither a results folder, a run manifest nor a results JSON file`);
}

/** The overview the results view shows, as the run left it. */
export function overviewFromManifest(manifestPath: string, m: RunManifest): ResultsOverview {
  const folder = dirname(manifestPath);
  const file = (name: string | null): string | null => (name !== null && existsSync(join(folder, name)) ? join(folder, name) : null);
  const summary: RunSummary = {
    runId: m.runId,
    outcome: m.outcome,
    error: m.error,
    root: m.root,
    // Where the files are now: the folder may have been moved or copied since the run.
    outputDir: folder,
    searchSetTitle: m.searchSet.title,
    startedAt: m.startedAt,
    elapsedMs: Math.max(0, Date.parse(m.finishedAt) - Date.parse(m.startedAt)),
    systems: m.counts.systems,
    filesTotal: m.counts.inputs,
    filesSearched: m.counts.systems,
    skipped: m.inputs.filter((i) => i.status === 'skipped').map((i) => ({ filePath: join(m.root, i.relPath), relPath: i.relPath, reason: i.reason ?? '' })),
    // A system with a reason was searched in part (a search left out: the run was partial for it).
    failedFiles: m.inputs.flatMap((i) =>
      i.status === 'failed' ? [{ relPath: i.relPath, reason: i.reason ?? '', search: null }] : i.status === 'system' && i.reason ? [{ relPath: i.relPath, reason: i.reason, search: null, partial: true }] : [],
    ),
    families: m.families.map((f) => ({
      family: f.family,
      systems: f.systems.length,
      searches: f.searches.length,
      rows: f.rows,
      workbookPath: file(f.workbook),
      jsonPath: file(f.json),
    })),
    familiesWithoutWorkbook: m.familiesWithoutWorkbook ?? [],
    manifestPath,
  };
  // Manifests written before searches had a title and an area have neither: the sheet stands for the title.
  return { runId: m.runId, summary, families: m.families.map((f) => ({ family: f.family, systems: f.systems, searches: f.searches.map((s) => ({ ...s, title: s.title ?? s.sheet, area: s.area ?? null })) })) };
}

/** Splits one family's results JSON into table files in `storeDir`; answers their paths by search index. */
export async function loadFamilyTables(manifestPath: string, m: RunManifest, family: OsFamily, storeDir: string): Promise<Map<number, string>> {
  const fam = m.families.find((f) => f.family === family);
  if (!fam?.json) throw new ManifestError(`Run manifest ${manifestPath} names no results JSON for ${family}`);
  const jsonPath = join(dirname(manifestPath), fam.json);
  const paths = new Map<number, string>();
  await readResultsJson(jsonPath, (s) => {
    const path = join(storeDir, `reopened-${family}-${s.index}.jsonl`);
    writeTableFile(path, s.header, s.rows);
    paths.set(s.index, path);
  });
  return paths;
}

/**
 * What a reopened run's checks, marks and report are made from: the manifest's systems and facts,
 * and each family's checks from its results JSON. The set is identified by the manifest's hash of
 * the searches as loaded (its files may have changed since the run).
 */
export async function reopenedReportSource(manifestPath: string, lookups: Pick<ReportSource, 'rowExists' | 'cellValues'>): Promise<ReportSource> {
  const m = await readManifest(manifestPath);
  const folder = dirname(manifestPath);
  const families: FamilyChecks[] = [];
  for (const f of m.families) {
    const checks = f.json && existsSync(join(folder, f.json)) ? await readResultsChecks(join(folder, f.json)) : [];
    families.push({ family: f.family, systems: f.systems, checks });
  }
  return {
    appVersion: m.appVersion,
    setTitle: m.searchSet.title,
    setHash: { label: 'Search set SHA-384 (searches as loaded, run manifest)', value: m.searchSet.sha384 ?? '' },
    inputFolder: m.root,
    outputDir: folder,
    startedAt: m.startedAt,
    elapsedMs: Math.max(0, Date.parse(m.finishedAt) - Date.parse(m.startedAt)),
    outcome: m.outcome,
    families,
    ...lookups,
  };
}

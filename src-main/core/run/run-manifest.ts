// The run manifest: a small JSON file the app writes beside a run's workbooks, saying what ran
// (app version, search set and its hash, every input file with size and SHA-384), how it ended
// and what it produced. With the results JSON beside it, it is all the app needs to show the run
// again without searching (reopen-run.ts), and what the run history lists (run-history.ts).
// Written atomically like the workbooks: a reader never sees half a manifest.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { FamilyOutput, FamilyWithoutWorkbook, RunHistoryEntry, RunSummary, SearchOverview } from '../../contract/ipc';
import type { OsFamily, SearchSpec, SystemInfo } from '../../../src-worker/engine/types';
import { OS_FAMILIES } from '../../../src-worker/engine/types';
import { commitPartial, discardPartial, partialPath } from '../../../src-worker/export/atomic';
import { fileTimestamp } from '../../../src-worker/export/layout';

export const MANIFEST_KIND = 'kpat-run-manifest';
export const MANIFEST_VERSION = 1;
const MANIFEST_NAME = /^kpat-manifest-\d{8}-\d{6}(?:-\d+)?\.json$/;

export interface ManifestInput {
  /** Relative to the input folder, '/' separators. */
  relPath: string;
  sizeBytes: number;
  /** Lowercase hex SHA-384 of the file's bytes; null when the file could not be read. */
  sha384: string | null;
  /** What the run made of it ('not-searched': the run was cancelled or failed before it). */
  status: 'system' | 'skipped' | 'failed' | 'excluded' | 'not-searched';
  /** For skipped and failed files: why; for a system, why it was searched in part (a search left out), else null. */
  reason: string | null;
}

export interface ManifestFamily {
  family: OsFamily;
  /** File names in the manifest's folder (the manifest may be moved with its folder). */
  workbook: string | null;
  json: string | null;
  rows: number;
  systems: SystemInfo[];
  searches: SearchOverview[];
}

export interface RunManifest {
  kind: typeof MANIFEST_KIND;
  version: typeof MANIFEST_VERSION;
  appVersion: string;
  runId: string;
  outcome: RunSummary['outcome'];
  /** The outcome in the words of the workbooks' Summary sheets, e.g. "cancelled: 12 of 24 files searched". */
  outcomeLabel: string;
  error: string | null;
  startedAt: string;
  finishedAt: string;
  root: string;
  outputDir: string;
  searchSet: {
    title: string;
    /** The main YAML file, and every file it included, each with its SHA-384. */
    files: { path: string; sha384: string }[];
    /** SHA-384 of the searches as loaded (what actually ran), or null when the set did not load. */
    sha384: string | null;
    searchCount: number;
  };
  inputs: ManifestInput[];
  counts: { inputs: number; systems: number; skipped: number; failed: number; excluded: number; searches: number; rows: number };
  families: ManifestFamily[];
  /** Families with systems that got no workbook, and why. */
  familiesWithoutWorkbook: FamilyWithoutWorkbook[];
}

/** `kpat-manifest-<YYYYMMDD-HHMMSS>.json`, the workbooks' timestamp (local time). */
export function manifestFileName(startedAt: Date): string {
  return `kpat-manifest-${fileTimestamp(startedAt)}.json`;
}

export function isManifestFileName(name: string): boolean {
  return MANIFEST_NAME.test(name);
}

export async function sha384OfFile(path: string): Promise<string> {
  const hash = createHash('sha384');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The search set's part of the manifest: its files' hashes and the hash of what was loaded. */
export async function searchSetFacts(title: string, paths: readonly string[], searches: readonly SearchSpec[] | null): Promise<RunManifest['searchSet']> {
  const files: { path: string; sha384: string }[] = [];
  for (const path of paths) {
    try {
      files.push({ path, sha384: await sha384OfFile(path) });
    } catch {
      // A set file that vanished after loading: the hash of the searches still says what ran.
    }
  }
  return {
    title,
    files,
    sha384: searches ? createHash('sha384').update(JSON.stringify(searches)).digest('hex') : null,
    searchCount: searches?.length ?? 0,
  };
}

export interface ManifestFacts {
  appVersion: string;
  summary: RunSummary;
  /** What the Summary sheets say of the outcome (steps/export.ts runFacts). */
  outcomeLabel: string;
  finishedAt: Date;
  searchSet: RunManifest['searchSet'];
  inputs: ManifestInput[];
  /** Per family that was exported: its systems and searches as the results view shows them. */
  families: { output: FamilyOutput; systems: SystemInfo[]; searches: SearchOverview[] }[];
}

export function buildManifest(f: ManifestFacts): RunManifest {
  const s = f.summary;
  const count = (status: ManifestInput['status']) => f.inputs.filter((i) => i.status === status).length;
  const families: ManifestFamily[] = f.families.map(({ output, systems, searches }) => ({
    family: output.family,
    workbook: output.workbookPath ? basename(output.workbookPath) : null,
    json: output.jsonPath ? basename(output.jsonPath) : null,
    rows: output.rows,
    systems,
    searches,
  }));
  return {
    kind: MANIFEST_KIND,
    version: MANIFEST_VERSION,
    appVersion: f.appVersion,
    runId: s.runId,
    outcome: s.outcome,
    outcomeLabel: f.outcomeLabel,
    error: s.error,
    startedAt: s.startedAt,
    finishedAt: f.finishedAt.toISOString(),
    root: s.root,
    outputDir: s.outputDir,
    searchSet: f.searchSet,
    inputs: f.inputs,
    counts: {
      inputs: f.inputs.length,
      systems: s.systems,
      skipped: count('skipped'),
      failed: count('failed'),
      excluded: count('excluded'),
      searches: f.searchSet.searchCount,
      rows: families.reduce((n, fam) => n + fam.rows, 0),
    },
    families,
    familiesWithoutWorkbook: s.familiesWithoutWorkbook,
  };
}

/**
 * Writes the manifest as `dir/name` (hidden temporary name, then rename) and returns its path.
 * A run places it among its workbooks with commitExclusive (steps/commit.ts); tests write it directly.
 */
export async function writeManifest(dir: string, manifest: RunManifest, name = manifestFileName(new Date(manifest.startedAt))): Promise<string> {
  const finalPath = join(resolve(dir), name);
  const temp = partialPath(finalPath);
  try {
    await writeFile(temp, `${JSON.stringify(manifest, null, 1)}\n`, { encoding: 'utf8', flush: true });
    await commitPartial(temp, finalPath);
    return finalPath;
  } catch (err) {
    await discardPartial(temp);
    throw err;
  }
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

/** Reads and checks a manifest; the error names the file and what is wrong. */
export async function readManifest(path: string): Promise<RunManifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ManifestError(`Run manifest ${path} cannot be read: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ManifestError(`Run manifest ${path} is not valid JSON: ${(err as Error).message}`);
  }
  const problem = manifestProblem(raw);
  if (problem) throw new ManifestError(`Run manifest ${path} ${problem}`);
  return raw as RunManifest;
}

/** What is wrong with a parsed manifest, or null. Checks what reopening and the history rely on. */
export function manifestProblem(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'does not hold a JSON object';
  const m = raw as Record<string, unknown>;
  if (m.kind !== MANIFEST_KIND) return `is not a run manifest (kind ${JSON.stringify(m.kind)})`;
  if (m.version !== MANIFEST_VERSION) return `has version ${JSON.stringify(m.version)}; this app reads version ${MANIFEST_VERSION}`;
  for (const key of ['runId', 'startedAt', 'finishedAt', 'root', 'outputDir', 'appVersion'] as const) {
    if (typeof m[key] !== 'string') return `has no ${key}`;
  }
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(m.runId as string)) return 'has an invalid runId';
  if (!['complete', 'partial', 'failed', 'cancelled'].includes(m.outcome as string)) return `has an unknown outcome ${JSON.stringify(m.outcome)}`;
  if (!Array.isArray(m.inputs) || !Array.isArray(m.families)) return 'has no inputs or families list';
  if (m.familiesWithoutWorkbook !== undefined && !Array.isArray(m.familiesWithoutWorkbook)) return 'has a familiesWithoutWorkbook that is not a list';
  const set = m.searchSet as Record<string, unknown> | undefined;
  if (typeof set !== 'object' || set === null || typeof set.title !== 'string') return 'has no search set';
  for (const fam of m.families as unknown[]) {
    const f = fam as Record<string, unknown>;
    if (typeof f !== 'object' || f === null || !(OS_FAMILIES as readonly unknown[]).includes(f.family)) return `has a family that is not one of ${OS_FAMILIES.join(', ')}`;
    if (!Array.isArray(f.systems) || !Array.isArray(f.searches)) return `has no systems or searches for ${String(f.family)}`;
    for (const name of [f.workbook, f.json]) {
      // File names only: a manifest must not point the app at files outside its own folder.
      if (name !== null && (typeof name !== 'string' || basename(name) !== name)) return `names a file outside its folder: ${JSON.stringify(name)}`;
    }
  }
  return null;
}

/** The history's view of a manifest at `path`. `present(name)` says whether a file beside it exists. */
export function historyEntry(path: string, m: RunManifest, present: (name: string) => boolean): RunHistoryEntry {
  return {
    manifestPath: path,
    runId: m.runId,
    outcome: m.outcome,
    startedAt: m.startedAt,
    finishedAt: m.finishedAt,
    root: m.root,
    outputDir: m.outputDir,
    searchSetTitle: m.searchSet.title,
    systems: m.counts.systems,
    rows: m.counts.rows,
    families: m.families.map((f) => f.family),
    reopenable: m.families.length > 0 && m.families.every((f) => f.json !== null && present(f.json)),
  };
}

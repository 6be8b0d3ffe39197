// The results views of issue 14 that look past one search's table: a hit back to its source lines
// (Show in file), one system across all searches (the System view, with its coverage gaps), and
// the shown run against an earlier one (drift). What can be decided from the run's tables and
// manifests is decided here, as plain functions; reading source files and comparing runs is
// left to a worker (JobRunner sends it there).
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { suggestLayout } from '../../../src-worker/engine/compare/compare-grid';
import { LINE_COLUMN, rowReader, SYSTEM_COLUMN, TEXT_COLUMN, fieldColumns } from '../../../src-worker/engine/compare/row-identity';
import { openResultsInput } from '../../../src-worker/engine/compare/results-input';
import { countsBySystem, type RunDiff } from '../../../src-worker/engine/compare/run-diff';
import { searchAppliesTo } from '../../../src-worker/engine/filters';
import { NO_RESULTS_TEXT } from '../../../src-worker/engine/results/build-family-results';
import type { Cell, SearchSpec, SystemInfo } from '../../../src-worker/engine/types';
import type { StoredTable } from '../../../src-worker/worker/api';
import type { FailedFile, ResultsOverview, RunDrift, SearchOverview, SystemSearchView } from '../../contract/ipc';
import { isManifestFileName, readManifest } from './run-manifest';

/** A `show_missing` placeholder row: not a hit, and nothing the System view lists as found. */
function isPlaceholder(reader: ReturnType<typeof rowReader>, row: readonly Cell[]): boolean {
  return reader.get(row, TEXT_COLUMN) === NO_RESULTS_TEXT && fieldColumns(reader.header).every((f) => reader.get(row, f) === '');
}

/**
 * The hits of one search on one system, as line numbers (ascending), and the one to show: the
 * asked line, or for a Compare cell (`line` null) the first hit that fills its column — in a
 * key → value search the rows of that key, else the rows with a value in that field.
 */
export function hitsOf(table: StoredTable, system: string, line: number | null, column: string | null): { hits: number[]; line: number | null } {
  const reader = rowReader(table.header);
  const mine = table.rows.filter((r) => reader.get(r, SYSTEM_COLUMN) === system && !isPlaceholder(reader, r));
  const lineOf = (r: readonly Cell[]): number => Number(reader.get(r, LINE_COLUMN));
  const hits = [...new Set(mine.map(lineOf).filter((n) => Number.isInteger(n) && n > 0))].sort((a, b) => a - b);
  if (line !== null) return { hits, line };
  let filling = mine;
  if (column !== null) {
    const layout = suggestLayout(table.header, table.rows);
    filling = layout.kind === 'key-value' ? mine.filter((r) => reader.get(r, layout.keyField) === column) : mine.filter((r) => reader.get(r, column) !== '');
  }
  const first = filling.map(lineOf).filter((n) => Number.isInteger(n) && n > 0).sort((a, b) => a - b)[0];
  return { hits, line: first ?? null };
}

/** The section a search reads, when its pattern starts with one literal `Section::` (nearly all do). */
export function searchSection(spec: Pick<SearchSpec, 'regex'> | undefined): string | null {
  if (!spec) return null;
  return /^\^([A-Za-z][A-Za-z0-9_.-]*)::/.exec(spec.regex)?.[1] ?? null;
}

/** Rows per search the System view carries; the search's own table has the rest. */
export const SYSTEM_VIEW_ROW_LIMIT = 200;

/**
 * One search on one system. `spec` is the search as the run loaded it (a fresh run) or undefined
 * (a reopened run knows only what was found); `failed` the system's file when it failed.
 */
export function systemSearchView(
  search: SearchOverview,
  table: StoredTable,
  system: SystemInfo,
  spec: SearchSpec | undefined,
  failed: FailedFile | undefined,
  sections: readonly string[] | null,
): SystemSearchView {
  const reader = rowReader(table.header);
  const rows = table.rows.filter((r) => reader.get(r, SYSTEM_COLUMN) === system.systemName && !isPlaceholder(reader, r));
  const section = searchSection(spec);
  let state: SystemSearchView['state'];
  if (rows.length > 0) state = 'found';
  else if (spec && !searchAppliesTo(spec, system)) state = 'not-applicable';
  else if (failed && (!failed.partial || failed.search === search.search)) state = 'failed';
  else state = 'none';
  return {
    index: search.index,
    search: search.search,
    sheet: search.sheet,
    comment: search.comment,
    state,
    header: table.header,
    rows: rows.slice(0, SYSTEM_VIEW_ROW_LIMIT) as Cell[][],
    total: rows.length,
    section,
    sectionPresent: section === null || sections === null ? null : sections.includes(section),
  };
}

/** The earlier run's results JSON files, and its start time when its manifest says. */
export interface Baseline {
  files: string[];
  startedAt: string | null;
}

async function fromManifest(path: string, current: ResultsOverview): Promise<Baseline> {
  const m = await readManifest(path);
  if (m.runId === current.runId) throw new Error(`${path} is the run shown: choose an earlier one`);
  const files = m.families.flatMap((f) => (f.json ? [join(dirname(path), f.json)] : []));
  if (files.length === 0) throw new Error(`The run in ${path} left no results JSON to compare with`);
  return { files, startedAt: m.startedAt };
}

/**
 * What an earlier run is, from what the auditor picked: a run manifest (the run history), a
 * results JSON, or a results folder — its newest run other than the one shown (both usually
 * write into one output folder), or, for a folder the CLI wrote, its newest results JSON per family.
 */
export async function resolveBaseline(path: string, current: ResultsOverview): Promise<Baseline> {
  const full = resolve(path);
  let isDir: boolean;
  try {
    isDir = (await stat(full)).isDirectory();
  } catch {
    throw new Error(`${full} does not exist (any more)`);
  }
  const shown = new Set(current.summary.families.flatMap((f) => (f.jsonPath ? [resolve(f.jsonPath)] : [])));
  if (!isDir) {
    if (isManifestFileName(basename(full))) return fromManifest(full, current);
    if (shown.has(full)) throw new Error(`${full} holds the results shown: choose an earlier run`);
    return { files: [full], startedAt: null };
  }
  for (const folder of [full, join(full, 'results')]) {
    const names = (await readdir(folder).catch(() => [] as string[])).filter(isManifestFileName).sort().reverse();
    for (const name of names) {
      const m = await readManifest(join(folder, name)).catch(() => null);
      if (m && m.runId !== current.runId && m.families.some((f) => f.json)) return fromManifest(join(folder, name), current);
    }
  }
  const files = await earlierResultsJson(full, shown);
  if (files.length === 0) throw new Error(`${full} holds no earlier run's results (a run manifest or <Family>_search_results-<date>.json)`);
  return { files, startedAt: null };
}

const RESULTS_JSON = /^([A-Za-z]+)_search_results-(\d{8}-\d{6})(?:-(\d+))?\.json$/;

/** A folder's newest results JSON per family other than the shown run's (a folder the CLI wrote into). */
async function earlierResultsJson(folder: string, shown: ReadonlySet<string>): Promise<string[]> {
  const newest = new Map<string, { key: string; file: string }>();
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    const m = RESULTS_JSON.exec(name);
    const file = join(folder, name);
    if (!m || shown.has(file)) continue;
    // A run in the same second as another got a counter (-2, -3…): later than the name without one.
    const key = `${m[2]}-${(m[3] ?? '1').padStart(6, '0')}`;
    const current = newest.get(m[1] as string);
    if (!current || key > current.key) newest.set(m[1] as string, { key, file });
  }
  return [...newest.values()].map((v) => v.file);
}

/**
 * Refuses, before a run starts, an earlier run its exports could not read (their workbooks would
 * fail for it): a manifest must read as one, anything else as results of this app.
 */
export async function checkBaseline(path: string): Promise<void> {
  if (isManifestFileName(basename(path))) await readManifest(path);
  else await openResultsInput(path);
}

/**
 * What one family's export compares with (its Changes sheet): a run manifest (the app's run
 * history) stands for the results JSON it names for that family — null when it has none; a
 * results folder or JSON is handed on as it is (the export reads the family from it).
 */
export async function baselineForFamily(path: string | null, family: string): Promise<string | null> {
  if (path === null || !isManifestFileName(basename(path))) return path;
  const m = await readManifest(path);
  const json = m.families.find((f) => f.family === family)?.json ?? null;
  return json === null ? null : join(dirname(path), json);
}

/** The engine's difference as the drift view shows it: with its counts per system. */
export function runDrift(runId: string, path: string, baseline: Baseline, diff: RunDiff): RunDrift {
  return {
    runId,
    baseline: { path, files: baseline.files, startedAt: baseline.startedAt },
    families: diff.families.map((f) => ({
      ...f,
      bySystem: [...countsBySystem(f)].map(([system, c]) => ({ system, ...c })).sort((a, b) => (a.system < b.system ? -1 : a.system > b.system ? 1 : 0)),
    })),
    onlyBaseline: diff.onlyOlder,
    onlyCurrent: diff.onlyNewer,
  };
}

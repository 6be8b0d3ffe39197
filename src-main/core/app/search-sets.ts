// Search sets as the UI sees them: the built-in library's umbrella files, the user's own YAML,
// and the report of one set (searches per family, where each comes from, which of the scanned
// systems it applies to, and configuration problems with file:line).

import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { SearchSetInfo, SearchSetRef, SearchSetReport, SearchSetSearch } from '../../contract/ipc';
import { OS_FAMILIES, type ConfigProblem, type OsFamily, type SearchSet, type SearchSpec, type SystemInfo } from '../../../src-worker/engine/types';
import { searchOptionsSummary } from '../../../src-worker/engine/results/build-family-results';

/** Loads and validates a YAML search set; throws an error carrying `problems` for bad configuration. */
export type SearchSetLoader = (rootFile: string, libraryDir: string | null) => Promise<SearchSet>;

/** The engine's filter helpers, injected so that this module stays a pure report builder. */
export interface FilterFunctions {
  searchAppliesTo(spec: SearchSpec, system: SystemInfo): boolean;
  searchFamilies(spec: SearchSpec): OsFamily[];
}

const BUILTIN_ORDER: { name: string; title: string }[] = [
  { name: 'all', title: 'All systems (built-in)' },
  { name: 'linux', title: 'Linux (built-in)' },
  { name: 'windows', title: 'Windows (built-in)' },
  { name: 'macos', title: 'macOS (built-in)' },
  { name: 'ad', title: 'Active Directory (built-in)' },
];

/** The umbrella files of the built-in library, in a fixed order; absent ones are left out. */
export async function listBuiltinSets(libraryDir: string | null): Promise<SearchSetInfo[]> {
  if (!libraryDir) return [];
  let names: string[];
  try {
    names = await readdir(libraryDir);
  } catch {
    return [];
  }
  const out: SearchSetInfo[] = [];
  for (const { name, title } of BUILTIN_ORDER) {
    if (!names.includes(`${name}.yaml`)) continue;
    const file = join(libraryDir, `${name}.yaml`);
    out.push({ ref: { kind: 'builtin', name }, title, description: await leadingComment(file) });
  }
  return out;
}

/** The first comment paragraph of a YAML file, as a one-line description. */
async function leadingComment(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return '';
  }
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' && lines.length === 0) continue;
    if (!line.startsWith('#')) break;
    const body = line.replace(/^#+\s?/, '').trim();
    if (body === '' && lines.length > 0) break;
    if (body !== '' && !/^-+$/.test(body)) lines.push(body);
  }
  return lines.join(' ').slice(0, 300);
}

export function searchSetTitle(ref: SearchSetRef): string {
  if (ref.kind === 'builtin') return BUILTIN_ORDER.find((b) => b.name === ref.name)?.title ?? `${ref.name} (built-in)`;
  return basename(ref.path);
}

/** The YAML file a ref points to. Built-in names are plain names (validated), so no path escapes the library. */
export async function resolveSearchSetFile(ref: SearchSetRef, libraryDir: string | null): Promise<string> {
  if (ref.kind === 'builtin') {
    if (!libraryDir) throw new Error('The built-in search library is not installed with this copy of the app.');
    const file = join(libraryDir, `${ref.name}.yaml`);
    if (!(await isFile(file))) throw new Error(`There is no built-in search set named "${ref.name}".`);
    return file;
  }
  const st = await stat(ref.path).catch(() => null);
  if (!st) throw new Error(`Search file not found: ${ref.path}`);
  if (!st.isFile()) throw new Error(`${ref.path} is a folder; choose the YAML file that includes the others (e.g. audit-all.yaml).`);
  return ref.path;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

export function problemsOf(err: unknown): ConfigProblem[] | null {
  if (typeof err === 'object' && err !== null && Array.isArray((err as { problems?: unknown }).problems)) {
    return (err as { problems: ConfigProblem[] }).problems;
  }
  return null;
}

function emptyPerFamily(): Record<OsFamily | 'Any', number> {
  return { Linux: 0, Windows: 0, Darwin: 0, ActiveDirectory: 0, Any: 0 };
}

/**
 * The systems a search leaves out only because of their collector version: it would apply to
 * them without its producer_version filters (a section the collector gained in a later version).
 */
function skippedByVersion(spec: SearchSpec, systems: readonly SystemInfo[], filters: FilterFunctions): string[] {
  const others = spec.sysFilter.filter((f) => f.attr !== 'producer_version');
  if (others.length === spec.sysFilter.length) return [];
  const withoutVersion: SearchSpec = { ...spec, sysFilter: others };
  return systems.filter((s) => !filters.searchAppliesTo(spec, s) && filters.searchAppliesTo(withoutVersion, s)).map((s) => s.systemName);
}

export function reportFromSet(ref: SearchSetRef, set: SearchSet, systems: SystemInfo[] | null, filters: FilterFunctions): SearchSetReport {
  const perFamily = emptyPerFamily();
  const searches: SearchSetSearch[] = set.searches.map((spec) => {
    const families = filters.searchFamilies(spec);
    const family = families.length === 1 ? (families[0] as OsFamily) : null;
    if (family) perFamily[family]++;
    else if (families.length === OS_FAMILIES.length) perFamily.Any++;
    return {
      index: spec.index,
      name: spec.name,
      sheetName: spec.sheetName,
      comment: spec.comment,
      family,
      source: { file: spec.source.file, line: spec.source.line },
      filters: spec.sysFilter,
      options: {
        ...searchOptionsSummary(spec),
        rsDelimiter: spec.rsDelimiter,
        mergeFields: spec.mergeFields.map((m) => ({ sourceColumns: m.sourceColumns, destColumn: m.destColumn })),
      },
      appliesTo: systems ? systems.filter((s) => filters.searchAppliesTo(spec, s)).map((s) => s.systemName) : [],
      skippedByVersion: systems ? skippedByVersion(spec, systems, filters) : [],
    };
  });
  return {
    ref,
    title: searchSetTitle(ref),
    files: set.files,
    searchCount: set.searches.length,
    perFamily,
    searches,
    warnings: set.warnings,
    problems: [],
  };
}

export function reportFromProblems(ref: SearchSetRef, file: string, problems: ConfigProblem[]): SearchSetReport {
  return { ref, title: searchSetTitle(ref), files: [file], searchCount: 0, perFamily: emptyPerFamily(), searches: [], warnings: [], problems };
}

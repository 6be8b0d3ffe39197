// An earlier run to compare with: a results JSON of this app (`--json`, one OS family), or a
// results folder holding them (`<Family>_search_results-<YYYYMMDD-HHMMSS>.json`; a folder that
// several runs wrote into gives each family's newest). Anything else is refused with a message
// that names the file and what is wrong with it, never read as an empty run.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { OS_FAMILIES, type Cell, type OsFamily } from '../types';
import type { DiffInputFamily, DiffInputTable } from './run-diff';

export class ResultsInputError extends Error {
  override readonly name = 'ResultsInputError';
}

// Every family the app writes, and the counter a name gets when a run in the same second took it
// (`Linux_search_results-20261203-080000-2.json`, output-names.ts).
const RESULTS_JSON = new RegExp(`^(${OS_FAMILIES.join('|')})_search_results-(\\d{8}-\\d{6})(?:-(\\d+))?\\.json$`);

/** A family's results as read back: the diff's input, plus the file it came from. */
export interface LoadedFamilyResults extends DiffInputFamily {
  file: string;
  systems: { 'System Name': string; 'File Path'?: string; 'SHA-384'?: string }[];
  searches: DiffInputTable[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCell = (v: unknown): v is Cell => typeof v === 'string' || typeof v === 'number';

/** Checks the shape of a parsed results JSON; `file` names it in the message. */
export function parseResults(data: unknown, file: string): LoadedFamilyResults {
  const bad = (what: string): ResultsInputError => new ResultsInputError(`${file} is not a results JSON of this app: ${what}`);
  if (!isObject(data)) throw bad('it is not a JSON object');
  const family = data.family;
  if (typeof family !== 'string' || !(OS_FAMILIES as readonly string[]).includes(family)) throw bad(`"family" must be one of ${OS_FAMILIES.join(', ')}`);
  if (!Array.isArray(data.systems)) throw bad('"systems" is not a list');
  if (!Array.isArray(data.searches)) throw bad('"searches" is not a list');
  const systems = data.systems.map((s: unknown, i) => {
    if (!isObject(s) || typeof s['System Name'] !== 'string') throw bad(`system ${i + 1} has no "System Name"`);
    return s as LoadedFamilyResults['systems'][number];
  });
  const searches = data.searches.map((s: unknown, i): DiffInputTable => {
    const where = `search ${i + 1}${isObject(s) && typeof s.search === 'string' ? ` ("${s.search}")` : ''}`;
    if (!isObject(s) || typeof s.search !== 'string' || typeof s.sheet !== 'string') throw bad(`${where} has no "search" and "sheet" names`);
    if (!Array.isArray(s.header) || !s.header.every((h) => typeof h === 'string')) throw bad(`${where}: "header" is not a list of column names`);
    if (!Array.isArray(s.rows)) throw bad(`${where}: "rows" is not a list`);
    const width = s.header.length;
    s.rows.forEach((r: unknown, n) => {
      if (!Array.isArray(r) || r.length !== width || !r.every(isCell)) throw bad(`${where}, row ${n + 1}: not ${width} text or number cells`);
    });
    return { search: s.search, sheet: s.sheet, header: s.header as string[], rows: s.rows as Cell[][] };
  });
  return { family: family as OsFamily, systems, searches, file };
}

async function readJson(file: string): Promise<LoadedFamilyResults> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ResultsInputError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ResultsInputError(`${file} is not a results JSON of this app: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseResults(data, file);
}

/** The newest results JSON of each family in a folder, by the timestamp in its name. */
export async function resultsJsonInFolder(dir: string): Promise<Map<OsFamily, string>> {
  const newest = new Map<OsFamily, { stamp: string; counter: number; file: string }>();
  for (const name of await readdir(dir)) {
    const m = RESULTS_JSON.exec(name);
    if (!m) continue;
    const family = m[1] as OsFamily;
    const stamp = m[2] as string;
    const counter = m[3] === undefined ? 1 : Number(m[3]);
    const current = newest.get(family);
    if (!current || stamp > current.stamp || (stamp === current.stamp && counter > current.counter)) newest.set(family, { stamp, counter, file: join(dir, name) });
  }
  return new Map([...newest].map(([f, v]) => [f, v.file]));
}

/**
 * One family of a run (results JSON or folder), or null when the run has none of it: what a
 * family's export compares with, without reading the other families' files.
 */
export async function loadFamilyResults(path: string, family: OsFamily): Promise<LoadedFamilyResults | null> {
  const full = resolve(path);
  const isDir = await stat(full).then(
    (st) => st.isDirectory(),
    () => {
      throw new ResultsInputError(`${full} does not exist`);
    },
  );
  if (!isDir) {
    const results = await readJson(full);
    return results.family === family ? results : null;
  }
  const file = (await resultsJsonInFolder(full)).get(family);
  return file ? readJson(file) : null;
}

/** Reads an earlier or later run: a results JSON, or a results folder (one JSON per family). */
export async function loadResultsInput(path: string): Promise<LoadedFamilyResults[]> {
  const full = resolve(path);
  let isDir: boolean;
  try {
    isDir = (await stat(full)).isDirectory();
  } catch {
    throw new ResultsInputError(`${full} does not exist`);
  }
  if (!isDir) return [await readJson(full)];
  const files = await resultsJsonInFolder(full);
  if (files.size === 0) {
    throw new ResultsInputError(`${full} is not a results folder of this app: it has no <Family>_search_results-<YYYYMMDD-HHMMSS>.json (runs write them with --json)`);
  }
  const out: LoadedFamilyResults[] = [];
  for (const family of OS_FAMILIES) {
    const file = files.get(family);
    if (file) out.push(await readJson(file));
  }
  return out;
}

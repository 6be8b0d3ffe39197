// An earlier run to compare with: a results JSON of this app (`--json`, one OS family), or a
// results folder holding them (`<Family>_search_results-<YYYYMMDD-HHMMSS>.json`; a folder that
// several runs wrote into gives each family's newest). Anything else is refused with a message
// that names the file and what is wrong with it, never read as an empty run.
//
// A family's file is opened, not loaded: its systems are read and where each search starts is
// noted (export/results-json-read.ts), and a search's rows are read only when it is compared. So
// comparing two runs of 1,000 systems holds two searches' rows at a time, not two runs. (A file
// some tool re-indented has no such layout and is read whole.)
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { indexResultsJson, readResultsJsonSearch, ResultsJsonError } from '../../export/results-json-read';
import { OS_FAMILIES, type Cell, type OsFamily } from '../types';
import { FamilyDiffBuilder, RowsNotGroupedError, type DiffInputHead, type DiffInputTable, type FamilyDiff, type RunDiff, type SearchDiffer } from './run-diff';
import { SYSTEM_COLUMN } from './row-identity';

export class ResultsInputError extends Error {
  override readonly name = 'ResultsInputError';
}

// Every family the app writes, and the counter a name gets when a run in the same second took it
// (`Linux_search_results-20261203-080000-2.json`, output-names.ts).
const RESULTS_JSON = new RegExp(`^(${OS_FAMILIES.join('|')})_search_results-(\\d{8}-\\d{6})(?:-(\\d+))?\\.json$`);

export interface ResultsSystem {
  'System Name': string;
  'File Path'?: string;
  'SHA-384'?: string;
}

/** One family's results JSON, opened: its systems read, each search read when asked for. */
export interface FamilyResultsFile {
  family: OsFamily;
  file: string;
  systems: ResultsSystem[];
  /** The searches' YAML keys, in file order. */
  searchNames: readonly string[];
  /** The i-th search of the file, its shape checked. */
  search(i: number): Promise<DiffInputTable>;
  /** The i-th search's rows one by one into what `start` returns for its head, each row checked. */
  eachRow(i: number, start: (head: DiffInputHead) => (row: Cell[]) => void): Promise<void>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCell = (v: unknown): v is Cell => typeof v === 'string' || typeof v === 'number';

type Refusal = (what: string) => ResultsInputError;
const refusal =
  (file: string): Refusal =>
  (what) =>
    new ResultsInputError(`${file} is not a results JSON of this app: ${what}`);

function checkFamily(family: unknown, bad: Refusal): OsFamily {
  if (typeof family !== 'string' || !(OS_FAMILIES as readonly string[]).includes(family)) throw bad(`"family" must be one of ${OS_FAMILIES.join(', ')}`);
  return family as OsFamily;
}

function checkSystems(systems: unknown, bad: Refusal): ResultsSystem[] {
  if (!Array.isArray(systems)) throw bad('"systems" is not a list');
  return systems.map((s: unknown, i) => {
    if (!isObject(s) || typeof s['System Name'] !== 'string') throw bad(`system ${i + 1} has no "System Name"`);
    return s as unknown as ResultsSystem;
  });
}

const searchWhere = (s: unknown, i: number): string => `search ${i + 1}${isObject(s) && typeof s.search === 'string' ? ` ("${s.search}")` : ''}`;

/** The i-th search's names and header (0-based); `bad` names the file. */
function checkHead(s: unknown, i: number, bad: Refusal): DiffInputHead {
  const where = searchWhere(s, i);
  if (!isObject(s) || typeof s.search !== 'string' || typeof s.sheet !== 'string') throw bad(`${where} has no "search" and "sheet" names`);
  if (!Array.isArray(s.header) || !s.header.every((h) => typeof h === 'string')) throw bad(`${where}: "header" is not a list of column names`);
  return { search: s.search, sheet: s.sheet, header: s.header as string[] };
}

/** Checks the n-th row (0-based) of a search against its header's width. */
function rowChecker(head: DiffInputHead, i: number, bad: Refusal): (r: unknown, n: number) => asserts r is Cell[] {
  const width = head.header.length;
  return (r, n) => {
    if (!Array.isArray(r) || r.length !== width || !r.every(isCell)) throw bad(`${searchWhere(head, i)}, row ${n + 1}: not ${width} text or number cells`);
  };
}

/** The i-th search (0-based) as the diff takes it; `bad` names the file. */
function checkSearch(s: unknown, i: number, bad: Refusal): DiffInputTable {
  const head = checkHead(s, i, bad);
  const rows = (s as { rows?: unknown }).rows;
  if (!Array.isArray(rows)) throw bad(`${searchWhere(s, i)}: "rows" is not a list`);
  const check = rowChecker(head, i, bad);
  rows.forEach((r: unknown, n) => check(r, n));
  return { ...head, rows: rows as Cell[][] };
}

/** Checks the shape of a whole parsed results JSON; `file` names it in the message. */
export function parseResults(data: unknown, file: string): FamilyResultsFile {
  const bad = refusal(file);
  if (!isObject(data)) throw bad('it is not a JSON object');
  const family = checkFamily(data.family, bad);
  const systems = checkSystems(data.systems, bad);
  if (!Array.isArray(data.searches)) throw bad('"searches" is not a list');
  const searches = data.searches.map((s: unknown, i) => checkSearch(s, i, bad));
  return {
    family,
    file,
    systems,
    searchNames: searches.map((s) => s.search),
    search: async (i) => searches[i] as DiffInputTable,
    eachRow: async (i, start) => {
      const table = searches[i] as DiffInputTable;
      const take = start(table);
      for (const row of table.rows) take(row as Cell[]);
    },
  };
}

/** A results JSON of another layout (re-indented by some tool), read whole. */
async function readWhole(file: string): Promise<FamilyResultsFile> {
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
    throw refusal(file)(err instanceof Error ? err.message : String(err));
  }
  return parseResults(data, file);
}

/** The reader's errors (a broken line, a cut file) as this module's; they name the file and line. */
async function asInputError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ResultsJsonError) throw new ResultsInputError(err.message);
    throw err;
  }
}

/** Opens one family's results JSON: systems and search index now, rows when a search is read. */
export async function openResultsJson(file: string): Promise<FamilyResultsFile> {
  const index = await asInputError(() => indexResultsJson(file));
  if (!index) return readWhole(file);
  const bad = refusal(file);
  const family = checkFamily(index.family, bad);
  const systems = checkSystems(index.systems, bad);
  return {
    family,
    file,
    systems,
    searchNames: index.searches.map((s) => s.search),
    search: async (i) => {
      const at = index.searches[i];
      if (!at) throw new RangeError(`${file} has ${index.searches.length} searches, not ${i + 1}`);
      return checkSearch(await asInputError(() => readResultsJsonSearch(file, at)), i, bad);
    },
    eachRow: async (i, start) => {
      const at = index.searches[i];
      if (!at) throw new RangeError(`${file} has ${index.searches.length} searches, not ${i + 1}`);
      let take: ((row: Cell[]) => void) | null = null;
      let check: ((r: unknown, n: number) => void) | null = null;
      let n = 0;
      await asInputError(() =>
        readResultsJsonSearch(file, at, {
          head: (h) => {
            const head = checkHead(h, i, bad);
            check = rowChecker(head, i, bad);
            take = start(head);
          },
          row: (r) => {
            (check as (r: unknown, n: number) => void)(r, n++);
            (take as (row: Cell[]) => void)(r);
          },
        }),
      );
    },
  };
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

async function isDirectory(full: string): Promise<boolean> {
  try {
    return (await stat(full)).isDirectory();
  } catch {
    throw new ResultsInputError(`${full} does not exist`);
  }
}

/**
 * One family of a run (results JSON or folder), or null when the run has none of it: what a
 * family's export compares with, without opening the other families' files.
 */
export async function openFamilyResults(path: string, family: OsFamily): Promise<FamilyResultsFile | null> {
  const full = resolve(path);
  if (!(await isDirectory(full))) {
    const results = await openResultsJson(full);
    return results.family === family ? results : null;
  }
  const file = (await resultsJsonInFolder(full)).get(family);
  return file ? openResultsJson(file) : null;
}

/** Opens an earlier or later run: a results JSON, or a results folder (one JSON per family). */
export async function openResultsInput(path: string): Promise<FamilyResultsFile[]> {
  const full = resolve(path);
  if (!(await isDirectory(full))) return [await openResultsJson(full)];
  const files = await resultsJsonInFolder(full);
  if (files.size === 0) {
    throw new ResultsInputError(`${full} is not a results folder of this app: it has no <Family>_search_results-<YYYYMMDD-HHMMSS>.json (runs write them with --json)`);
  }
  const out: FamilyResultsFile[] = [];
  for (const family of OS_FAMILIES) {
    const file = files.get(family);
    if (file) out.push(await openResultsJson(file));
  }
  return out;
}

/**
 * A family's drift against an earlier run's file, built as the newer run's tables come (an
 * export hands them over one by one); each older search is read when its partner arrives.
 */
export class FamilyDrift {
  private readonly builder: FamilyDiffBuilder;

  constructor(
    readonly older: FamilyResultsFile,
    newerSystems: readonly string[],
  ) {
    this.builder = new FamilyDiffBuilder(
      older.family,
      older.systems.map((s) => s[SYSTEM_COLUMN]),
      older.searchNames,
      newerSystems,
    );
  }

  async add(newer: DiffInputTable): Promise<void> {
    const partner = this.builder.partner(newer.search);
    this.builder.compare(partner === undefined ? undefined : await this.older.search(partner), newer);
  }

  /**
   * The i-th search of a newer file, its rows streamed: only the older table is held whole. A
   * file whose rows of a system are apart (not as this app writes them) is read whole instead.
   */
  async addFromFile(newer: FamilyResultsFile, i: number): Promise<void> {
    const partner = this.builder.partner(newer.searchNames[i] as string);
    const older = partner === undefined ? undefined : await this.older.search(partner);
    let differ: SearchDiffer | null = null;
    try {
      await newer.eachRow(i, (head) => {
        const d = this.builder.differ(older, head);
        differ = d;
        return (row) => d.row(row);
      });
    } catch (err) {
      if (!(err instanceof RowsNotGroupedError)) throw err;
      this.builder.compare(older, await newer.search(i));
      return;
    }
    if (differ) this.builder.keep((differ as SearchDiffer).finish());
  }

  /** The searches only the older run has, then the whole family's difference. */
  async finish(family: OsFamily): Promise<FamilyDiff> {
    for (const i of this.builder.unpaired()) this.builder.compare(await this.older.search(i), undefined);
    return this.builder.finish(family);
  }
}

/** Two opened files of one family, search by search. */
export async function diffFamilyFiles(older: FamilyResultsFile, newer: FamilyResultsFile): Promise<FamilyDiff> {
  const drift = new FamilyDrift(older, newer.systems.map((s) => s[SYSTEM_COLUMN]));
  for (let i = 0; i < newer.searchNames.length; i++) await drift.addFromFile(newer, i);
  return drift.finish(newer.family);
}

/** Two opened runs, family by family (a run holds at most one results file per family). */
export async function diffRunFiles(older: readonly FamilyResultsFile[], newer: readonly FamilyResultsFile[]): Promise<RunDiff> {
  const oldByFamily = new Map(older.map((f) => [f.family, f]));
  const newFamilies = new Set(newer.map((f) => f.family));
  const families: FamilyDiff[] = [];
  for (const n of newer) {
    const o = oldByFamily.get(n.family);
    if (o) families.push(await diffFamilyFiles(o, n));
  }
  return {
    families,
    onlyOlder: older.map((f) => f.family).filter((f) => !newFamilies.has(f)),
    onlyNewer: newer.map((f) => f.family).filter((f) => !oldByFamily.has(f)),
  };
}

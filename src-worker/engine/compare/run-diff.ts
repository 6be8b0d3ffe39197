// Drift between two runs of one OS family: per search, the rows added, removed and changed.
//
// Rows are matched as multisets of their content without the line number (rows shift lines
// between collections, and the order of rows and systems is not part of a result). What is left
// unmatched on both sides is paired as "changed" where a row has a key: the same system and the
// same first field (e.g. sshd `setting` → `value`, a user's name → its shell), or, for a search
// with a single field, the system alone when it has exactly one row on each side (a per-system
// setting such as PermitRootLogin). Lists without a key (packages, files) only add and remove.
//
// A system present in only one run is listed once under `systems`; its rows are not repeated as
// added or removed rows of every search.
import type { Cell, OsFamily } from '../types';
import { fieldColumns, rowReader, SYSTEM_COLUMN, type RowReader } from './row-identity';

export interface DiffInputTable {
  search: string;
  sheet: string;
  header: readonly string[];
  rows: readonly (readonly Cell[])[];
}

export interface DiffInputFamily {
  family: OsFamily;
  systems: readonly { readonly [SYSTEM_COLUMN]: string }[];
  searches: readonly DiffInputTable[];
}

export interface ChangedRow {
  before: Cell[];
  after: Cell[];
}

export interface SearchDiff {
  search: string;
  /** The sheet title in the newer run (the older one's when the search is gone). */
  sheet: string;
  /** Column order of every row below: the newer header, then columns only the older one had. */
  header: string[];
  added: Cell[][];
  removed: Cell[][];
  changed: ChangedRow[];
  /** The field that pairs rows as changed (besides System Name), or null. */
  keyField: string | null;
}

export interface FamilyDiff {
  family: OsFamily;
  /** System names present in only one of the two runs. */
  systems: { added: string[]; removed: string[] };
  /** Only searches with at least one added, removed or changed row. */
  searches: SearchDiff[];
}

interface Entry {
  row: readonly Cell[];
  reader: RowReader;
  system: string;
}

function unionHeader(newer: readonly string[], older: readonly string[]): string[] {
  const seen = new Set(newer);
  return [...newer, ...older.filter((h) => !seen.has(h))];
}

function project(entry: Entry, header: readonly string[]): Cell[] {
  const at = new Map(entry.reader.header.map((h, i) => [h, i]));
  return header.map((h) => {
    const i = at.get(h);
    return i === undefined ? '' : (entry.row[i] ?? '');
  });
}

/** How leftover rows are paired as changed: the key of a row, or null when it has none. */
function pairingKey(header: readonly string[], oldRows: readonly Entry[], newRows: readonly Entry[]): { field: string | null; keyOf: (e: Entry) => string | null } {
  const fields = fieldColumns(header);
  if (fields.length >= 2) {
    const field = fields[0] as string;
    return { field, keyOf: (e) => JSON.stringify([e.system, e.reader.get(e.row, field)]) };
  }
  if (fields.length === 1) {
    const count = (rows: readonly Entry[]): Map<string, number> => {
      const m = new Map<string, number>();
      for (const e of rows) m.set(e.system, (m.get(e.system) ?? 0) + 1);
      return m;
    };
    const before = count(oldRows);
    const after = count(newRows);
    return { field: null, keyOf: (e) => (before.get(e.system) === 1 && after.get(e.system) === 1 ? e.system : null) };
  }
  return { field: null, keyOf: () => null };
}

function entries(table: DiffInputTable | undefined, common: ReadonlySet<string>): Entry[] {
  if (!table) return [];
  const reader = rowReader(table.header);
  const out: Entry[] = [];
  for (const row of table.rows) {
    const system = reader.get(row, SYSTEM_COLUMN);
    if (common.has(system)) out.push({ row, reader, system });
  }
  return out;
}

/** Rows in arrival order, taken from the front without Array.shift's O(n) (identical rows can be thousands). */
interface Queue<T> {
  items: T[];
  next: number;
}

function push<T>(queues: Map<string, Queue<T>>, key: string, item: T): void {
  const q = queues.get(key);
  if (q) q.items.push(item);
  else queues.set(key, { items: [item], next: 0 });
}

function take<T>(queues: Map<string, Queue<T>>, key: string): T | undefined {
  const q = queues.get(key);
  if (!q || q.next >= q.items.length) return undefined;
  return q.items[q.next++];
}

/** One search's difference; `older`/`newer` undefined when the search is in only one run. */
export function diffSearch(older: DiffInputTable | undefined, newer: DiffInputTable | undefined, commonSystems: ReadonlySet<string>): SearchDiff {
  const any = (newer ?? older) as DiffInputTable;
  const header = unionHeader(newer?.header ?? [], older?.header ?? []);
  const oldRows = entries(older, commonSystems);
  const newRows = entries(newer, commonSystems);

  // Exact matches, as multisets.
  const unmatchedOld = new Map<string, Queue<Entry>>();
  for (const e of oldRows) push(unmatchedOld, e.reader.contentKey(e.row), e);
  const matched = new Set<Entry>();
  const addedLeft: Entry[] = [];
  for (const e of newRows) {
    const twin = take(unmatchedOld, e.reader.contentKey(e.row));
    if (twin) matched.add(twin);
    else addedLeft.push(e);
  }
  const removedLeft = oldRows.filter((e) => !matched.has(e));

  // Leftovers with the same key pair up in order as changed.
  const { field, keyOf } = pairingKey(header, oldRows, newRows);
  const removedByKey = new Map<string, Queue<Entry>>();
  for (const e of removedLeft) {
    const k = keyOf(e);
    if (k !== null) push(removedByKey, k, e);
  }
  const paired = new Set<Entry>();
  const changed: ChangedRow[] = [];
  const added: Cell[][] = [];
  for (const e of addedLeft) {
    const k = keyOf(e);
    const before = k === null ? undefined : take(removedByKey, k);
    if (before) {
      paired.add(before);
      changed.push({ before: project(before, header), after: project(e, header) });
    } else added.push(project(e, header));
  }
  const removed = removedLeft.filter((e) => !paired.has(e)).map((e) => project(e, header));
  return { search: any.search, sheet: newer?.sheet ?? any.sheet, header, added, removed, changed, keyField: field };
}

/**
 * A family's difference built search by search, as the newer run's tables come (a large run
 * builds them one at a time, and the older run's are read one at a time: results-input.ts).
 * Searches are matched by their YAML key, the n-th of a name with the n-th (names may repeat
 * within a set); `partner` says which older search a newer one is compared with.
 */
export class FamilyDiffBuilder {
  /** Positions in the older run's search list not yet paired, by name, in order. */
  private readonly waiting = new Map<string, Queue<number>>();
  private readonly paired = new Set<number>();
  private readonly common: Set<string>;
  private readonly systems: FamilyDiff['systems'];
  private readonly searches: SearchDiff[] = [];

  constructor(
    private readonly olderFamily: OsFamily,
    olderSystems: readonly string[],
    private readonly olderSearches: readonly string[],
    newerSystems: readonly string[],
  ) {
    olderSearches.forEach((name, i) => push(this.waiting, name, i));
    const oldSystems = new Set(olderSystems);
    const newSystems = new Set(newerSystems);
    this.common = new Set([...newSystems].filter((s) => oldSystems.has(s)));
    this.systems = { added: [...newSystems].filter((s) => !oldSystems.has(s)), removed: [...oldSystems].filter((s) => !newSystems.has(s)) };
  }

  /** The position of the older search the next newer search of this name is compared with, or undefined. */
  partner(name: string): number | undefined {
    const i = take(this.waiting, name);
    if (i !== undefined) this.paired.add(i);
    return i;
  }

  /** The older searches no newer search was paired with, in their order. */
  unpaired(): number[] {
    return this.olderSearches.map((_, i) => i).filter((i) => !this.paired.has(i));
  }

  /** One pair's difference (either side undefined when the search is in one run only); kept when anything changed. */
  compare(older: DiffInputTable | undefined, newer: DiffInputTable | undefined): SearchDiff {
    const d = diffSearch(older, newer, this.common);
    if (d.added.length + d.removed.length + d.changed.length > 0) this.searches.push(d);
    return d;
  }

  finish(family: OsFamily): FamilyDiff {
    if (family !== this.olderFamily) throw new Error(`cannot compare ${this.olderFamily} results with ${family} results`);
    return { family, systems: this.systems, searches: this.searches };
  }
}

/** Two runs of one family held in memory. */
export function diffFamily(older: DiffInputFamily, newer: DiffInputFamily): FamilyDiff {
  if (older.family !== newer.family) throw new Error(`cannot compare ${older.family} results with ${newer.family} results`);
  const names = (f: DiffInputFamily): string[] => f.systems.map((s) => s[SYSTEM_COLUMN]);
  const builder = new FamilyDiffBuilder(older.family, names(older), older.searches.map((t) => t.search), names(newer));
  for (const t of newer.searches) {
    const i = builder.partner(t.search);
    builder.compare(i === undefined ? undefined : older.searches[i], t);
  }
  for (const i of builder.unpaired()) builder.compare(older.searches[i], undefined);
  return builder.finish(newer.family);
}

export interface DriftCounts {
  added: number;
  removed: number;
  changed: number;
}

/** Counts per system over all searches of a family's difference (the drift view's system list). */
export function countsBySystem(diff: FamilyDiff): Map<string, DriftCounts> {
  const counts = new Map<string, DriftCounts>();
  const bump = (reader: RowReader, row: readonly Cell[], kind: keyof DriftCounts): void => {
    const system = reader.get(row, SYSTEM_COLUMN);
    const c = counts.get(system) ?? { added: 0, removed: 0, changed: 0 };
    c[kind] += 1;
    counts.set(system, c);
  };
  for (const s of diff.searches) {
    const reader = rowReader(s.header);
    for (const r of s.added) bump(reader, r, 'added');
    for (const r of s.removed) bump(reader, r, 'removed');
    for (const c of s.changed) bump(reader, c.after, 'changed');
  }
  return counts;
}

export interface RunDiff {
  /** The families both runs have, in the order of the newer run. */
  families: FamilyDiff[];
  /** Families only one of the two runs has. */
  onlyOlder: OsFamily[];
  onlyNewer: OsFamily[];
}

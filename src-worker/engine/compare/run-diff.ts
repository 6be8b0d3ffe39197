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

function unionHeader(newer: readonly string[], older: readonly string[]): string[] {
  const seen = new Set(newer);
  return [...newer, ...older.filter((h) => !seen.has(h))];
}

/** Puts a table's rows into `header`'s column order ('' for a column the table lacks). */
function projector(from: readonly string[], header: readonly string[]): (row: readonly Cell[]) => Cell[] {
  const at = header.map((h) => from.indexOf(h));
  return (row) => at.map((i) => (i < 0 ? '' : (row[i] ?? '')));
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

/** The positions of a table's rows per system, for the systems both runs have. */
function bySystem(table: DiffInputTable | undefined, reader: RowReader | null, common: ReadonlySet<string>): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  if (!table || !reader) return groups;
  table.rows.forEach((row, i) => {
    const system = reader.get(row, SYSTEM_COLUMN);
    if (!common.has(system)) return;
    const list = groups.get(system);
    if (list) list.push(i);
    else groups.set(system, [i]);
  });
  return groups;
}

/** A row of one side found different, by its position in its table (the output keeps table order). */
interface Found {
  at: number;
  row: Cell[];
}

/**
 * One search's difference; `older`/`newer` undefined when the search is in only one run. A row
 * can only match a row of its own system, so rows are matched system by system: the lookup
 * tables stay as small as one system's rows, whatever the number of systems.
 */
export function diffSearch(older: DiffInputTable | undefined, newer: DiffInputTable | undefined, commonSystems: ReadonlySet<string>): SearchDiff {
  const any = (newer ?? older) as DiffInputTable;
  const header = unionHeader(newer?.header ?? [], older?.header ?? []);
  const oldReader = older ? rowReader(older.header) : null;
  const newReader = newer ? rowReader(newer.header) : null;
  const oldGroups = bySystem(older, oldReader, commonSystems);
  const newGroups = bySystem(newer, newReader, commonSystems);
  // How leftover rows pair as changed: by the first field when there are several (sshd `setting`
  // → `value`, a user's name → its shell); for a single field, the system alone when it has
  // exactly one row on each side; never for rows without fields.
  const fields = fieldColumns(header);
  const keyField = fields.length >= 2 ? (fields[0] as string) : null;

  const added: Found[] = [];
  const removed: Found[] = [];
  const changed: { at: number; before: Cell[]; after: Cell[] }[] = [];
  const oldRows = older?.rows ?? [];
  const newRows = newer?.rows ?? [];
  const toOld = older ? projector(older.header, header) : null;
  const toNew = newer ? projector(newer.header, header) : null;
  const systems = new Set([...oldGroups.keys(), ...newGroups.keys()]);
  for (const system of systems) {
    const olds = oldGroups.get(system) ?? [];
    const news = newGroups.get(system) ?? [];
    // Exact matches, as multisets.
    const unmatchedOld = new Map<string, Queue<number>>();
    for (const i of olds) push(unmatchedOld, (oldReader as RowReader).contentKey(oldRows[i] as Cell[]), i);
    const matched = new Set<number>();
    const addedLeft: number[] = [];
    for (const i of news) {
      const twin = take(unmatchedOld, (newReader as RowReader).contentKey(newRows[i] as Cell[]));
      if (twin === undefined) addedLeft.push(i);
      else matched.add(twin);
    }
    const removedLeft = olds.filter((i) => !matched.has(i));
    if (addedLeft.length + removedLeft.length === 0) continue;

    // Leftovers with the same key pair up in order as changed.
    const single = fields.length === 1 && olds.length === 1 && news.length === 1;
    const oldKey = (i: number): string | null => (keyField ? (oldReader as RowReader).get(oldRows[i] as Cell[], keyField) : single ? '' : null);
    const newKey = (i: number): string | null => (keyField ? (newReader as RowReader).get(newRows[i] as Cell[], keyField) : single ? '' : null);
    const removedByKey = new Map<string, Queue<number>>();
    for (const i of removedLeft) {
      const k = oldKey(i);
      if (k !== null) push(removedByKey, k, i);
    }
    const paired = new Set<number>();
    for (const i of addedLeft) {
      const k = newKey(i);
      const before = k === null ? undefined : take(removedByKey, k);
      const after = (toNew as (row: readonly Cell[]) => Cell[])(newRows[i] as Cell[]);
      if (before === undefined) added.push({ at: i, row: after });
      else {
        paired.add(before);
        changed.push({ at: i, before: (toOld as (row: readonly Cell[]) => Cell[])(oldRows[before] as Cell[]), after });
      }
    }
    for (const i of removedLeft) if (!paired.has(i)) removed.push({ at: i, row: (toOld as (row: readonly Cell[]) => Cell[])(oldRows[i] as Cell[]) });
  }
  const inOrder = <T extends { at: number }>(xs: T[]): T[] => xs.sort((a, b) => a.at - b.at);
  return {
    search: any.search,
    sheet: newer?.sheet ?? any.sheet,
    header,
    added: inOrder(added).map((f) => f.row),
    removed: inOrder(removed).map((f) => f.row),
    changed: inOrder(changed).map(({ before, after }) => ({ before, after })),
    keyField,
  };
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

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

/** The head of a search's table: what a diff needs before its rows. */
export type DiffInputHead = Pick<DiffInputTable, 'search' | 'sheet' | 'header'>;

/** A newer table streamed to SearchDiffer.row had a system's rows apart (the caller then reads it whole). */
export class RowsNotGroupedError extends Error {
  override readonly name = 'RowsNotGroupedError';
}

/**
 * One search's difference, built system by system. A row can only match a row of its own system,
 * so the lookup tables stay as small as one system's rows whatever the number of systems; and the
 * newer table's rows can be streamed (`row`), each system compared as soon as its rows have come,
 * so that only the older table is held whole. Rows come out in table order.
 */
export class SearchDiffer {
  private readonly header: string[];
  private readonly oldReader: RowReader | null;
  private readonly newReader: RowReader | null;
  private readonly oldRows: readonly (readonly Cell[])[];
  private readonly oldGroups: Map<string, number[]>;
  private readonly fields: string[];
  /** The field that pairs leftover rows as changed (besides the system), or null. */
  private readonly keyField: string | null;
  private readonly toOld: ((row: readonly Cell[]) => Cell[]) | null;
  private readonly toNew: ((row: readonly Cell[]) => Cell[]) | null;
  private readonly added: Found[] = [];
  private readonly removed: Found[] = [];
  private readonly changed: { at: number; before: Cell[]; after: Cell[] }[] = [];
  /** Systems whose newer rows are compared. */
  private readonly done = new Set<string>();
  private current: { system: string; rows: Found[] } | null = null;
  private next = 0;

  constructor(
    private readonly older: DiffInputTable | undefined,
    private readonly newer: DiffInputHead | undefined,
    private readonly common: ReadonlySet<string>,
  ) {
    this.header = unionHeader(newer?.header ?? [], older?.header ?? []);
    this.oldReader = older ? rowReader(older.header) : null;
    this.newReader = newer ? rowReader(newer.header) : null;
    this.oldRows = older?.rows ?? [];
    this.oldGroups = bySystem(older, this.oldReader, common);
    // How leftover rows pair as changed: by the first field when there are several (sshd `setting`
    // → `value`, a user's name → its shell); for a single field, the system alone when it has
    // exactly one row on each side; never for rows without fields.
    this.fields = fieldColumns(this.header);
    this.keyField = this.fields.length >= 2 ? (this.fields[0] as string) : null;
    this.toOld = older ? projector(older.header, this.header) : null;
    this.toNew = newer ? projector(newer.header, this.header) : null;
  }

  /** The newer table's next row; its system's earlier rows must come right before it. */
  row(row: readonly Cell[]): void {
    const at = this.next++;
    const system = (this.newReader as RowReader).get(row, SYSTEM_COLUMN);
    if (!this.common.has(system)) return;
    if (this.current?.system !== system) {
      this.flush();
      if (this.done.has(system)) throw new RowsNotGroupedError(`the rows of system "${system}" in search "${this.newer?.search}" are not together`);
      this.current = { system, rows: [] };
    }
    this.current.rows.push({ at, row: row as Cell[] });
  }

  /** One system's newer rows (with their positions in the newer table), all of them. */
  system(system: string, news: readonly Found[]): void {
    this.done.add(system);
    const oldReader = this.oldReader as RowReader;
    const newReader = this.newReader as RowReader;
    const oldRows = this.oldRows;
    const olds = this.oldGroups.get(system) ?? [];
    // Exact matches, as multisets.
    const unmatchedOld = new Map<string, Queue<number>>();
    for (const i of olds) push(unmatchedOld, oldReader.contentKey(oldRows[i] as Cell[]), i);
    const matched = new Set<number>();
    const addedLeft: Found[] = [];
    for (const n of news) {
      const twin = take(unmatchedOld, newReader.contentKey(n.row));
      if (twin === undefined) addedLeft.push(n);
      else matched.add(twin);
    }
    const removedLeft = olds.filter((i) => !matched.has(i));
    if (addedLeft.length + removedLeft.length === 0) return;

    // Leftovers with the same key pair up in order as changed.
    const { keyField } = this;
    const single = this.fields.length === 1 && olds.length === 1 && news.length === 1;
    const removedByKey = new Map<string, Queue<number>>();
    for (const i of removedLeft) {
      const k = keyField ? oldReader.get(oldRows[i] as Cell[], keyField) : single ? '' : null;
      if (k !== null) push(removedByKey, k, i);
    }
    const paired = new Set<number>();
    const toOld = this.toOld as (row: readonly Cell[]) => Cell[];
    const toNew = this.toNew as (row: readonly Cell[]) => Cell[];
    for (const n of addedLeft) {
      const k = keyField ? newReader.get(n.row, keyField) : single ? '' : null;
      const before = k === null ? undefined : take(removedByKey, k);
      if (before === undefined) this.added.push({ at: n.at, row: toNew(n.row) });
      else {
        paired.add(before);
        this.changed.push({ at: n.at, before: toOld(oldRows[before] as Cell[]), after: toNew(n.row) });
      }
    }
    for (const i of removedLeft) if (!paired.has(i)) this.removed.push({ at: i, row: toOld(oldRows[i] as Cell[]) });
  }

  /** The systems the newer rows did not name, then the whole search's difference. */
  finish(): SearchDiff {
    this.flush();
    for (const system of this.oldGroups.keys()) if (!this.done.has(system)) this.system(system, []);
    const any = (this.newer ?? this.older) as DiffInputHead;
    const inOrder = <T extends { at: number }>(xs: T[]): T[] => xs.sort((a, b) => a.at - b.at);
    return {
      search: any.search,
      sheet: this.newer?.sheet ?? any.sheet,
      header: this.header,
      added: inOrder(this.added).map((f) => f.row),
      removed: inOrder(this.removed).map((f) => f.row),
      changed: inOrder(this.changed).map(({ before, after }) => ({ before, after })),
      keyField: this.keyField,
    };
  }

  private flush(): void {
    if (this.current) this.system(this.current.system, this.current.rows);
    this.current = null;
  }
}

/** One search's difference, both tables in memory; `older`/`newer` undefined when the search is in only one run. */
export function diffSearch(older: DiffInputTable | undefined, newer: DiffInputTable | undefined, commonSystems: ReadonlySet<string>): SearchDiff {
  const differ = new SearchDiffer(older, newer, commonSystems);
  if (newer) {
    const newRows = newer.rows;
    for (const [system, at] of bySystem(newer, rowReader(newer.header), commonSystems)) differ.system(system, at.map((i) => ({ at: i, row: newRows[i] as Cell[] })));
  }
  return differ.finish();
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
    return this.keep(diffSearch(older, newer, this.common));
  }

  /** A differ for a pair whose newer rows are streamed; its result goes to `keep`. */
  differ(older: DiffInputTable | undefined, newer: DiffInputHead): SearchDiffer {
    return new SearchDiffer(older, newer, this.common);
  }

  keep(d: SearchDiff): SearchDiff {
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

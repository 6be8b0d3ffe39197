// One search's rows as the results grid asks for them (pure, no I/O): the free-text filter, a
// value filter per column (Excel's autofilter: keep rows whose cell is one of the chosen values),
// a sort over several columns, a page, and on request the distinct values of one column with
// their counts over the rows the other filters keep (what the value picker lists).
import type { RowsPage, RowsQuery } from '../../contract/ipc';
import type { Cell } from '../../../src-worker/engine/types';

export interface QueryTable {
  header: string[];
  rows: Cell[][];
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base' });

/** Numbers (and numeric text) by value, other text by a case-insensitive collation. */
export function compareCells(a: Cell | undefined, b: Cell | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a ?? '');
  const y = String(b ?? '');
  const nx = Number(x);
  const ny = Number(y);
  if (x !== '' && y !== '' && Number.isFinite(nx) && Number.isFinite(ny)) return nx - ny;
  return collator.compare(x, y);
}

/** The text a value filter and the picker see for a cell. */
export const cellValue = (c: Cell | undefined): string => (c === undefined || c === null ? '' : String(c));

/** Most distinct values a picker lists (the most frequent first); the rest are counted. */
export const MAX_PICKER_VALUES = 1000;

type Sort = { column: number; direction: 'asc' | 'desc' };

function sortsOf(query: Pick<RowsQuery, 'sort' | 'sorts'>): Sort[] {
  return query.sorts ?? (query.sort ? [query.sort] : []);
}

/** Rows kept by the text filter and the value filters, leaving out the value filter on `skipColumn`. */
function filterRows(rows: Cell[][], query: Pick<RowsQuery, 'filter' | 'values'>, skipColumn = -1): Cell[][] {
  const needle = query.filter?.trim().toLowerCase();
  const values = (query.values ?? []).filter((v) => v.column !== skipColumn).map((v) => ({ column: v.column, keep: new Set(v.values) }));
  if (!needle && values.length === 0) return rows;
  return rows.filter((row) => {
    for (const v of values) if (!v.keep.has(cellValue(row[v.column]))) return false;
    return !needle || row.some((cell) => String(cell).toLowerCase().includes(needle));
  });
}

type ViewQuery = Pick<RowsQuery, 'filter' | 'sort' | 'sorts' | 'values'>;
type PageQuery = ViewQuery & Pick<RowsQuery, 'offset' | 'limit' | 'valueCounts'>;

/** What makes two queries show the same rows in the same order (their pages then differ only by offset). */
export function viewKey(query: ViewQuery): string {
  return JSON.stringify([query.filter?.trim().toLowerCase() ?? '', sortsOf(query), query.values ?? []]);
}

/** The rows a query shows, in its order (before paging). */
export function viewRows(table: QueryTable, query: ViewQuery): Cell[][] {
  const rows = filterRows(table.rows, query);
  const sorts = sortsOf(query);
  return sorts.length > 0 ? sortRows(rows, sorts) : rows;
}

/**
 * One page of a query. `view` is the query's rows when the caller kept them from an earlier page
 * (ResultStore does, so that scrolling a sorted million rows sorts them once).
 */
export function pageRows(table: QueryTable, query: PageQuery, view: Cell[][] = viewRows(table, query)): RowsPage {
  const rows = view;
  const offset = Math.max(0, Math.floor(query.offset));
  const limit = Math.max(0, Math.floor(query.limit));
  const page: RowsPage = { header: table.header, rows: rows.slice(offset, offset + limit), total: rows.length, offset };
  if (query.valueCounts !== undefined) page.values = columnValues(table.rows, query, query.valueCounts);
  return page;
}

/**
 * Each row's rank in one column: its distinct values sorted once (there are usually far fewer of
 * them than rows: 1,000 systems over a million rows), so that the row sort compares integers.
 * Values that compare equal share a rank.
 */
function columnRanks(rows: readonly Cell[][], column: number): Int32Array {
  const distinct = new Map<Cell | undefined, number>();
  for (const row of rows) distinct.set(row[column], 0);
  const sorted = [...distinct.keys()].sort(compareCells);
  let rank = 0;
  sorted.forEach((v, i) => {
    if (i > 0 && compareCells(sorted[i - 1], v) !== 0) rank++;
    distinct.set(v, rank);
  });
  const ranks = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    ranks[i] = distinct.get(row[column]) ?? 0;
  });
  return ranks;
}

/** Sorted by the keys in order; stable (equal rows keep the order the export wrote them in). */
function sortRows(rows: Cell[][], sorts: readonly Sort[]): Cell[][] {
  const keys = sorts.map((s) => ({ ranks: columnRanks(rows, s.column), sign: s.direction === 'desc' ? -1 : 1 }));
  const order = new Uint32Array(rows.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => {
    for (const k of keys) {
      const d = (k.ranks[a] as number) - (k.ranks[b] as number);
      if (d !== 0) return k.sign * d;
    }
    return a - b;
  });
  return Array.from(order, (i) => rows[i] as Cell[]);
}

/** Distinct values of `column` with counts, over the rows the other filters keep; most frequent first. */
function columnValues(rows: Cell[][], query: Pick<RowsQuery, 'filter' | 'values'>, column: number): NonNullable<RowsPage['values']> {
  const counts = new Map<string, number>();
  for (const row of filterRows(rows, query, column)) {
    const v = cellValue(row[column]);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const all = [...counts].sort((a, b) => b[1] - a[1] || compareCells(a[0], b[0]));
  return {
    column,
    values: all.slice(0, MAX_PICKER_VALUES).map(([value, count]) => ({ value, count })),
    more: Math.max(0, all.length - MAX_PICKER_VALUES),
  };
}

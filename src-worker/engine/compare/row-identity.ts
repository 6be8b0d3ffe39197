// How a result row is recognised in another table of the same search: by its system and its
// cells, never by its line number (line numbers shift between two collections of one host, and
// between the hosts of one run). Shared by the drift between runs and the grid across systems.
import type { Cell } from '../types';

export const SYSTEM_COLUMN = 'System Name';
export const LINE_COLUMN = 'Line Number';
export const TEXT_COLUMN = 'Matched Text';
const BASE = new Set([SYSTEM_COLUMN, LINE_COLUMN, TEXT_COLUMN]);

/** A cell as text: numbers by their decimal form, line breaks as `\n` (the results format's rule). */
export function cellText(cell: Cell | null | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  return cell.includes('\r') ? cell.replace(/\r\n?/g, '\n') : cell;
}

/** The field columns of a results header (everything after System Name, Line Number, Matched Text). */
export function fieldColumns(header: readonly string[]): string[] {
  return header.filter((h) => !BASE.has(h));
}

/** Reads a table's rows by column name, whatever order its header has. */
export interface RowReader {
  readonly header: readonly string[];
  get(row: readonly Cell[], column: string): string;
  /**
   * The identity of a row's content: every named cell but the line number, in column-name order,
   * empty cells left out (a column that is empty in a row is the same as one the table lacks).
   */
  contentKey(row: readonly Cell[]): string;
}

export function rowReader(header: readonly string[]): RowReader {
  const at = new Map(header.map((h, i) => [h, i]));
  const keyed = header
    .map((name, i) => ({ name, i }))
    .filter((c) => c.name !== LINE_COLUMN)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    header,
    get(row, column) {
      const i = at.get(column);
      return i === undefined ? '' : cellText(row[i]);
    },
    contentKey(row) {
      // Length-prefixed, so no cell text can make two different rows look alike; joined once
      // (a flat string: a key built by += is a rope that every Map lookup would flatten again).
      const parts: string[] = [];
      for (const { name, i } of keyed) {
        const v = cellText(row[i]);
        if (v !== '') parts.push(`${name.length}:${name}${v.length}:`, v);
      }
      return parts.join('');
    },
  };
}

// Column layout of a per-search table: fixed widths for the leading columns the engine always
// writes, flexible ones for the matched text and the fields.

interface ColumnSize {
  min: number;
  track: string;
}

function columnSize(name: string, i: number): ColumnSize {
  if (i === 0 && name === 'System Name') return { min: 160, track: 'minmax(160px, 220px)' };
  if (name === 'Line Number') return { min: 124, track: '124px' };
  if (name === 'Matched Text') return { min: 320, track: 'minmax(320px, 3fr)' };
  return { min: 140, track: 'minmax(140px, 1fr)' };
}

/** CSS grid tracks for the header, and the width below which the table scrolls sideways. */
export function columnLayout(header: readonly string[]): { template: string; minWidth: number } {
  const sizes = header.map(columnSize);
  return { template: sizes.map((c) => c.track).join(' '), minWidth: sizes.reduce((n, c) => n + c.min, 0) };
}

export function isNumericColumn(name: string): boolean {
  return name === 'Line Number';
}

export type SortState = { column: number; direction: 'asc' | 'desc' } | null;

/** Header click: unsorted → ascending → descending → unsorted; another column starts ascending. */
export function nextSort(current: SortState, column: number): SortState {
  if (!current || current.column !== column) return { column, direction: 'asc' };
  if (current.direction === 'asc') return { column, direction: 'desc' };
  return null;
}

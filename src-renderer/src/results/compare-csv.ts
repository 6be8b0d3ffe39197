// Text of the Compare view's cells and its CSV export (one row per system, one column per field
// or key; RFC 4180 quoting so values with commas, quotes or line breaks survive a spreadsheet).
import type { CompareGrid, GridRowState } from '../../../src-main/contract/ipc';

/** A system that was searched and has no value here. */
export const NOTHING = '(nothing)';

export function cellLabel(cell: { values: readonly string[] }): string {
  return cell.values.length === 0 ? NOTHING : cell.values.join(' | ');
}

export function rowStateLabel(state: GridRowState): string {
  switch (state) {
    case 'found':
      return '';
    case 'none':
      return 'searched, nothing found';
    case 'not-applicable':
      return 'search does not apply';
    case 'failed':
      return 'file failed';
  }
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** System, Status, then a column per grid column; deviating cells are marked in a last column. */
export function compareCsv(grid: CompareGrid): string {
  const lines = [['System', 'Status', ...grid.columns.map((c) => c.name), 'Deviates from'].map(quote).join(',')];
  const against = grid.reference.kind === 'baseline' ? grid.reference.system : 'majority';
  for (const row of grid.rows) {
    const compared = row.state === 'found' || row.state === 'none';
    const deviating = row.cells.flatMap((c, i) => (c.deviates ? [grid.columns[i]?.name ?? ''] : []));
    lines.push(
      [row.system, rowStateLabel(row.state) || 'found', ...row.cells.map((c) => (compared ? cellLabel(c) : '')), deviating.length ? `${against}: ${deviating.join('; ')}` : '']
        .map(quote)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

// Which hit a result row points at, for "Show in file": its system and line. A row without a
// line (a show_missing "NO RESULTS FOUND" row, or a table without the column) has none.
import type { Cell, OsFamily } from '../../../src-main/contract/ipc';

/** The hit to show: a row's line, or (line null) a Compare cell's first hit in its column. */
export interface SourceTarget {
  family: OsFamily;
  index: number;
  system: string;
  line: number | null;
  column: string | null;
}

const NO_RESULTS_TEXT = 'NO RESULTS FOUND';

export function sourceTargetOfRow(search: { family: OsFamily; index: number }, header: readonly string[], row: readonly Cell[]): SourceTarget | null {
  const system = row[header.indexOf('System Name')];
  const line = Number(row[header.indexOf('Line Number')]);
  if (typeof system !== 'string' || system === '' || !Number.isInteger(line) || line < 1) return null;
  const fields = header.filter((h) => h !== 'System Name' && h !== 'Line Number' && h !== 'Matched Text');
  if (row[header.indexOf('Matched Text')] === NO_RESULTS_TEXT && fields.every((f) => (row[header.indexOf(f)] ?? '') === '')) return null;
  return { family: search.family, index: search.index, system, line, column: null };
}

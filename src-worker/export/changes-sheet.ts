// The drift against an earlier run as sheets: "Changes" (a row per added, removed or changed
// result row, and per system present in only one run), written into each family's workbook by
// `kpat scripts --compare-with`, and in the workbook of `kpat diff -o` (changes-workbook.ts).
import { basename } from 'node:path';
import { rowReader, LINE_COLUMN, SYSTEM_COLUMN, TEXT_COLUMN, type RowReader } from '../engine/compare/row-identity';
import type { Cell } from '../engine/types';
import { addXmlSheet, type CellValue, type ExportContext } from './context';
import { columnLetter } from './layout';
import { HEADER_STYLES, writeLines, type Line } from './summary-sheets';
import type { ChangesAgainst } from './types';

export const CHANGES_TITLE = 'Changes';

export const CHANGES_HEADER = ['Family', 'Search', 'Sheet', 'Change', 'System Name', 'Key', 'Old Line', 'New Line', 'Before', 'After'] as const;

/** The rows of the Changes table, in CHANGES_HEADER order; line numbers stay numbers. */
export function changeLines(changes: readonly ChangesAgainst[]): CellValue[][] {
  const out: CellValue[][] = [];
  for (const { diff } of changes) {
    for (const s of diff.systems.added) out.push([diff.family, '', '', 'system added', s]);
    for (const s of diff.systems.removed) out.push([diff.family, '', '', 'system removed', s]);
    for (const search of diff.searches) {
      const r: RowReader = rowReader(search.header);
      const line = (row: readonly Cell[]): CellValue => {
        const at = search.header.indexOf(LINE_COLUMN);
        return at < 0 ? '' : (row[at] ?? '');
      };
      const key = (row: readonly Cell[]): string => (search.keyField ? `${search.keyField} = ${r.get(row, search.keyField)}` : '');
      const head = [diff.family, search.search, search.sheet];
      for (const c of search.changed) {
        out.push([...head, 'changed', r.get(c.after, SYSTEM_COLUMN), key(c.after), line(c.before), line(c.after), r.get(c.before, TEXT_COLUMN), r.get(c.after, TEXT_COLUMN)]);
      }
      for (const row of search.added) out.push([...head, 'added', r.get(row, SYSTEM_COLUMN), key(row), '', line(row), '', r.get(row, TEXT_COLUMN)]);
      for (const row of search.removed) out.push([...head, 'removed', r.get(row, SYSTEM_COLUMN), key(row), line(row), '', r.get(row, TEXT_COLUMN), '']);
    }
  }
  return out;
}

/** Rows a sheet can take below its title and header. */
const HEAD_ROWS = 2;

export function writeChangesSheet(ctx: ExportContext, title: string, changes: readonly ChangesAgainst[]): void {
  const sheet = addXmlSheet(ctx, title);
  const all = changeLines(changes);
  const room = ctx.limits.maxRowsPerSheet - HEAD_ROWS - 1;
  const rows = all.length > room ? all.slice(0, room) : all;
  const against = [...new Set(changes.map((c) => basename(c.against)))].join(', ');
  const lines: Line[] = [
    { values: [`Changes since ${against}: ${all.length} (rows matched without line numbers)`], style: 'title' },
    { values: [...CHANGES_HEADER], styles: HEADER_STYLES(CHANGES_HEADER.length) },
    ...rows.map((values) => ({ values, style: 'data' as const })),
  ];
  if (rows.length < all.length) lines.push({ values: [`… ${all.length - rows.length} more changes do not fit in one sheet; kpat diff --json lists them all`], style: 'message' });
  writeLines(ctx, sheet, lines, [10, 40, 31, 16, 30, 40, 10, 10, 60, 60], `A2:${columnLetter(CHANGES_HEADER.length)}${rows.length + HEAD_ROWS}`);
}

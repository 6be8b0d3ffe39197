// One search across the family's systems as a sheet of its own ("Compare <sheet>"), for the
// searches the run was asked to compare (`kpat scripts --compare-sheet SEARCH`): the grid of the
// app's Compare view (engine/compare/compare-grid.ts) — a row per system, a column per field or
// per key (sshd's `setting` → `value`), each cell the values the system has, one per line — with
// the cells that differ from the majority highlighted and the systems that were not compared
// greyed. A filter on "Differing cells" leaves the systems that deviate. Below the grid, each
// column's distinct values with the number of systems that have them.
import type { CompareGrid, GridRowState } from '../engine/compare/compare-grid';
import { addXmlSheet, type CellValue, type ExportContext } from './context';
import { columnLetter, MAX_SHEET_TITLE } from './layout';
import type { StyleName } from './styles';
import { HEADER_STYLES, writeLines, type Line } from './summary-sheets';

/** A chosen search's grid, and the sheet its rows are on. */
export interface CompareSheetInput {
  /** The YAML key. */
  search: string;
  /** The search's result sheet. */
  sheet: string;
  grid: CompareGrid;
}

export const COMPARE_TITLE_PREFIX = 'Compare ';

const STATE_TEXT: Record<GridRowState, string> = {
  found: 'found',
  none: 'searched, nothing found',
  'not-applicable': 'search does not apply',
  failed: 'file failed',
};

/** "Compare <sheet>" cut to Excel's 31 characters, made unique in the workbook with `_2`, `_3`, …. */
export function compareSheetTitle(sheet: string, taken: Set<string>): string {
  const full = `${COMPARE_TITLE_PREFIX}${sheet}`;
  for (let n = 1; ; n += 1) {
    const suffix = n === 1 ? '' : `_${n}`;
    const title = `${full.slice(0, MAX_SHEET_TITLE - suffix.length).trimEnd()}${suffix}`;
    if (!taken.has(title.toLowerCase())) {
      taken.add(title.toLowerCase());
      return title;
    }
  }
}

const cellText = (values: readonly string[]): string => values.join('\n');

/** Width of the setting / field columns, in characters (their names wrap in the header). */
const GRID_COLUMN_WIDTH = 16;
/** Width of column B: the grid's Result, the values list's Value. */
const VALUE_COLUMN_WIDTH = 40;
const LINE_POINTS = 15;

/**
 * A row's height for its wrapped cells (lines of `width` characters), or undefined for one line:
 * spreadsheet programs do not grow a row to its wrapped text on their own.
 */
function rowHeight(texts: readonly string[], width: number): number | undefined {
  let lines = 1;
  for (const t of texts) lines = Math.max(lines, t.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / (width - 1))), 0));
  return lines > 1 ? lines * LINE_POINTS : undefined;
}

/** The sheet's lines; the grid's table is rows 2 to `tableEnd` (header included). */
export function compareLines(input: CompareSheetInput): { lines: Line[]; tableEnd: number } {
  const { grid } = input;
  const compared = grid.rows.filter((r) => r.state === 'found' || r.state === 'none').length;
  const reference = grid.reference.kind === 'baseline' ? `system ${grid.reference.system}` : 'the majority';
  const what = grid.layout.kind === 'key-value' ? `one column per ${grid.layout.keyField} (its ${grid.layout.valueField})` : 'one column per field';
  const header = ['System Name', 'Result', ...grid.columns.map((c) => c.name), 'Differing cells'];
  const lines: Line[] = [
    {
      values: [`Compare: ${input.search} (sheet ${input.sheet}) — ${grid.rows.length} systems, ${compared} compared, ${grid.deviatingSystems} ${grid.deviatingSystems === 1 ? 'differs' : 'differ'} from ${reference}; ${what}`],
      style: 'title',
    },
    { values: header, styles: HEADER_STYLES(header.length), height: rowHeight(grid.columns.map((c) => c.name), GRID_COLUMN_WIDTH) },
  ];
  for (const r of grid.rows) {
    const comparedRow = r.state === 'found' || r.state === 'none';
    const rowStyle: StyleName = comparedRow ? 'data' : 'muted';
    const differing = r.cells.filter((c) => c.deviates).length;
    const texts = r.cells.map((c) => (comparedRow ? cellText(c.values) : ''));
    const values: CellValue[] = [r.system, STATE_TEXT[r.state], ...texts, comparedRow ? differing : ''];
    const styles: StyleName[] = [rowStyle, rowStyle, ...r.cells.map((c): StyleName => (c.deviates ? 'deviates' : rowStyle)), rowStyle];
    lines.push({ values, styles, height: rowHeight(texts, GRID_COLUMN_WIDTH) });
  }
  const tableEnd = lines.length;
  lines.push({ values: [] }, { values: [`Values per column, among the ${compared} systems compared`], style: 'section' });
  lines.push({ values: ['Column', 'Value', 'Systems', ''], styles: HEADER_STYLES(4) });
  for (const c of grid.columns) {
    for (const d of c.distinct) {
      const isReference = d.sig === c.reference;
      const value = d.values.length ? cellText(d.values) : '(nothing)';
      lines.push({
        values: [c.name, value, d.count, isReference ? `reference (${reference})` : ''],
        styles: ['data', isReference ? 'data' : 'deviates', 'data', 'plain'],
        height: rowHeight([value], VALUE_COLUMN_WIDTH),
      });
    }
  }
  return { lines, tableEnd };
}

export function writeCompareSheet(ctx: ExportContext, title: string, input: CompareSheetInput): void {
  const sheet = addXmlSheet(ctx, title);
  const { lines, tableEnd } = compareLines(input);
  const columns = input.grid.columns.length + 3;
  // Column B is the grid's Result and the values list's Value. Settings columns stay narrow
  // (their names wrap in the header): a grid of 30 sshd settings still prints legibly on one
  // page width.
  const widths = [30, VALUE_COLUMN_WIDTH, ...input.grid.columns.map(() => GRID_COLUMN_WIDTH), 10];
  writeLines(ctx, sheet, lines, widths, `A2:${columnLetter(columns)}${tableEnd}`);
}

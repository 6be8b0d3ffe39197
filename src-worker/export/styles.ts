// Cell styles of the workbook. exceljs de-duplicates styles by object identity, so every cell
// of a kind shares one of these objects (and none of them is ever mutated).

import type ExcelJS from 'exceljs';

type Style = Partial<ExcelJS.Style>;

const TITLE_BLUE = 'FF1F497D';
const thin: Partial<ExcelJS.Border> = { style: 'thin' };
const topLeftWrap: Partial<ExcelJS.Alignment> = { horizontal: 'left', vertical: 'top', wrapText: true };

export const STYLES = {
  /** Summary titles (SPEC §5.4/5.5). */
  title: { font: { bold: true, size: 16, color: { argb: TITLE_BLUE } } },
  /** Search comment above a result table (SPEC §5.6). */
  comment: { font: { italic: true, size: 9, color: { argb: TITLE_BLUE } }, alignment: topLeftWrap },
  /** Note on top of a continuation sheet. */
  note: { font: { italic: true, size: 9, color: { argb: TITLE_BLUE } } },
  header: {
    font: { bold: true },
    border: { top: thin, left: thin, bottom: thin, right: thin },
    alignment: topLeftWrap,
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } },
  },
  link: { font: { color: { argb: 'FF0563C1' }, underline: true } },
  /** "No matches found…" on a zero-result sheet (Q7 fixed: the message is styled, not its header). */
  message: { font: { italic: true, color: { argb: 'FF808080' } } },
  /** Metadata block and Summary facts. */
  label: { font: { bold: true, size: 10 } },
  value: { font: { size: 10 }, alignment: { horizontal: 'left', vertical: 'top' } },
  section: { font: { bold: true, size: 12, color: { argb: TITLE_BLUE } } },
  data: { alignment: topLeftWrap },
  plain: { alignment: { horizontal: 'left', vertical: 'top' } },
  /** Check outcomes in the Checks matrix. */
  pass: { font: { color: { argb: 'FF006100' } }, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC6EFCE' } }, alignment: { horizontal: 'center', vertical: 'top' } },
  fail: { font: { bold: true, color: { argb: 'FF9C0006' } }, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } }, alignment: { horizontal: 'center', vertical: 'top' } },
  review: { font: { color: { argb: 'FF9C5700' } }, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFEB9C' } }, alignment: { horizontal: 'center', vertical: 'top' } },
  na: { font: { color: { argb: 'FF808080' } }, alignment: { horizontal: 'center', vertical: 'top' } },
  /** A Compare sheet's cell that differs from the column's reference (the app's highlight). */
  deviates: { font: { bold: true, color: { argb: 'FF9C5700' } }, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFEB9C' } }, alignment: topLeftWrap },
  /** A Compare sheet's system that is not compared (the search does not apply, its file failed). */
  muted: { font: { italic: true, color: { argb: 'FF808080' } }, alignment: topLeftWrap },
} satisfies Record<string, Style>;

export type StyleName = keyof typeof STYLES;

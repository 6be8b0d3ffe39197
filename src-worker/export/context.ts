// State shared by the sheet writers of one export.

import type ExcelJS from 'exceljs';
import type { CellText } from './cells';
import { addRawSheet, useInternalHyperlinks, type RawSheet, type WorkbookWriter } from './exceljs-internals';
import { STYLES, type StyleName } from './styles';
import type { ExportLimits } from './types';

export interface ExportContext {
  wb: WorkbookWriter;
  text: CellText;
  limits: ExportLimits;
  signal: AbortSignal | undefined;
  /** Lower-cased titles in use or reserved (Excel compares titles case-insensitively). */
  takenTitles: Set<string>;
  /** Style ids for raw rows, by style name. */
  styleIds: Record<StyleName, number>;
  /** The first error of the output pipeline (disk full, …), once it happened. */
  failure: () => Error | null;
  sheetCount: number;
}

export const SUMMARY_TITLE = 'Summary';
export const SYSTEMS_TITLE = 'Systems Summary';

/** `#'Title'!A1`, the link target of a sheet's top-left cell. */
export function sheetLink(title: string): string {
  return `#'${title.replace(/'/g, "''")}'!A1`;
}

/** Adds a worksheet whose `#…` hyperlinks stay inside the workbook. */
export function addSheet(ctx: ExportContext, title: string, options?: Partial<ExcelJS.AddWorksheetOptions>): ExcelJS.Worksheet {
  const ws = ctx.wb.addWorksheet(title, options);
  useInternalHyperlinks(ws);
  ctx.sheetCount += 1;
  return ws;
}

/** Adds a worksheet whose XML is written directly (sheet-xml.ts). */
export function addXmlSheet(ctx: ExportContext, title: string): RawSheet {
  const sheet = addRawSheet(ctx.wb, title);
  ctx.sheetCount += 1;
  return sheet;
}

export type CellValue = string | number | boolean | { text: string; hyperlink: string } | null | undefined;

/** Sets one cell through exceljs (small sheets and the rows above a table); text is cleaned first. */
export function putCell(ctx: ExportContext, row: ExcelJS.Row, column: number, value: CellValue, style: StyleName, sheet: string): void {
  if (value === null || value === undefined || value === '') return;
  const cell = row.getCell(column);
  if (typeof value === 'string') cell.value = ctx.text.clean(value, sheet);
  else if (typeof value === 'object') cell.value = { text: ctx.text.clean(value.text, sheet), hyperlink: value.hyperlink };
  else cell.value = value;
  cell.style = STYLES[style];
}

/** Frozen rows above `firstDataRow`, the first data cell selected. */
export function frozenView(firstDataRow: number): Partial<ExcelJS.WorksheetView>[] {
  const cell = `A${firstDataRow}`;
  return [{ state: 'frozen', xSplit: 0, ySplit: firstDataRow - 1, topLeftCell: cell, activeCell: cell }];
}

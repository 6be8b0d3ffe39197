// State shared by the sheet writers of one export.

import type { CellText } from './cells';
import { addRawSheet, type RawSheet, type WorkbookWriter } from './exceljs-internals';
import type { StyleName } from './styles';
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
  /** Data rows written so far, over every search sheet. */
  rowsWritten: number;
  /** ExportOptions.onProgress's sheets step: called at each sheet and every few hundred rows. */
  onRows: (sheet: string) => void;
}

export const SUMMARY_TITLE = 'Summary';
export const SYSTEMS_TITLE = 'Systems Summary';
export const CHECKS_TITLE = 'Checks';
export const FINDINGS_TITLE = 'Findings';

/** `#'Title'!A1`, the link target of a sheet's top-left cell. */
export function sheetLink(title: string): string {
  return `#'${title.replace(/'/g, "''")}'!A1`;
}

/** Adds a worksheet whose XML is written directly (sheet-xml.ts). */
export function addXmlSheet(ctx: ExportContext, title: string): RawSheet {
  const sheet = addRawSheet(ctx.wb, title);
  ctx.sheetCount += 1;
  return sheet;
}

export type CellValue = string | number | boolean | { text: string; hyperlink: string } | null | undefined;

// What the Excel exporter takes and returns. The input is streaming-friendly: a sheet's rows
// are pulled through an iterator, so a run with millions of rows never has to sit in one heap.

import type { FamilyDiff } from '../engine/compare/run-diff';
import type { CompareSheetInput } from './compare-sheet';
import type { FindingLine } from '../engine/marks';
import type { Cell, CheckOutcome, CheckTable, OsFamily, SearchOptionsSummary, SkippedFile, SystemRow } from '../engine/types';

/** Facts about the run, shown on the Summary sheet. */
export interface RunFacts {
  /** ISO 8601. */
  startedAt: string;
  searchSetTitle: string;
  inputFolder: string;
  appVersion: string;
  /** The run's outcome as the Summary states it: "complete", "partial: 1 of 12 files could not be
   * searched", "cancelled: 3 of 12 files searched". */
  outcome: string;
  skipped: SkippedFile[];
  /** `partial`: searched, but with a search left out (the watchdog stopped it there). */
  failedFiles: { relPath: string; reason: string; partial?: boolean }[];
  /** Families of the run that got no workbook, and why. */
  familiesWithoutWorkbook: { family: OsFamily; reason: string }[];
}

/** One search's result table, its rows pulled on demand. */
export interface SheetSource {
  /** The YAML key. */
  search: string;
  /** Sanitised title, unique within the workbook. */
  sheet: string;
  comment: string | null;
  /** [] when the search found nothing. */
  header: string[];
  options: SearchOptionsSummary;
  /** Exact count of the rows `rows()` yields (shown in the sheet's metadata block before the rows are read). */
  totalRows: number;
  /** Exact count of distinct system names in the rows. */
  systemsWithHits: number;
  /**
   * Longest line (in characters) per header column, when the source knows it cheaply. Column
   * widths must be fixed before the first row is written, so without it they come from a sample
   * of the first rows.
   */
  columnChars?: number[];
  /** Called once per export. */
  rows(): AsyncIterable<Cell[]> | Iterable<Cell[]>;
}

/**
 * A view of one search's rows as the results grid showed it (filtered, sorted, the columns shown):
 * a sheet like the search's own, whose block beside the header says what the view is instead of
 * the search's options, and with no link to a Summary sheet (the workbook has none).
 */
export type ViewSheetSource = Omit<SheetSource, 'options'> & {
  view: { facts: [string, string | number][] };
};

export interface WorkbookInput {
  family: OsFamily;
  systems: SystemRow[];
  /** In workbook order. */
  searches: SheetSource[];
  facts: RunFacts;
  /** The Checks and Findings sheets; absent when the set has no checks and nothing is marked. */
  assessment?: Assessment;
  /** `--compare-with`: the drift against an earlier run, written as a Changes sheet. */
  changes?: ChangesAgainst;
  /** `--compare-sheet`: chosen searches across the systems, a Compare sheet each (after Changes). */
  compares?: CompareSheetInput[];
}

/** A family's drift and the earlier results it was measured against. */
export interface ChangesAgainst {
  /** The earlier run's results JSON. */
  against: string;
  diff: FamilyDiff;
}

export interface Assessment {
  checks: CheckTable[];
  findings: FindingLine[];
  /** Overridden outcomes by `system \0 search \0 check`. */
  overrides: ReadonlyMap<string, CheckOutcome>;
}

export interface ExportLimits {
  /** Rows per worksheet including the 3 rows above the header's data (Excel: 1,048,576). */
  maxRowsPerSheet: number;
  /** Characters per cell (Excel: 32,767). */
  maxCellChars: number;
}

export const EXCEL_LIMITS: ExportLimits = { maxRowsPerSheet: 1_048_576, maxCellChars: 32_767 };

export interface ExportResult {
  /** Absolute path of the written workbook. */
  path: string;
  /** Worksheets in the workbook, summaries and continuation sheets included. */
  sheets: number;
  /** Data rows written over all result sheets. */
  rows: number;
  /** Cells cut to maxCellChars. */
  truncatedCells: number;
  continuationSheets: number;
}

export interface ExportOptions {
  /** Run start; names the file (local time). */
  timestamp: Date;
  limits?: Partial<ExportLimits>;
  signal?: AbortSignal;
  /**
   * How far the workbook has come: at each sheet, every few hundred rows (sheets), and once when
   * the rows are written and the workbook is being closed (finishing).
   */
  onProgress?: (p: { step: 'sheets' | 'finishing'; sheet: string | null; rowsWritten: number }) => void;
}

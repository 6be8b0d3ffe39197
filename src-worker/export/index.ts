// The Excel exporter's public surface.

export type { ExportLimits, ExportOptions, ExportResult, RunFacts, SheetSource, ViewSheetSource, WorkbookInput } from './types';
export { EXCEL_LIMITS } from './types';
export { assertWritableDir } from './atomic';
export { workbookInputFromResults } from './adapter';
export { exportWorkbook } from './workbook';
export { workbookFileName, resultsJsonFileName } from './layout';
export { writeResultsJson } from './results-json';
export { exportChangesWorkbook } from './changes-workbook';
export type { ChangesAgainst } from './types';
export { exportViewWorkbook } from './view-workbook';

// "Export XLSX" of the results grid: the view as the auditor arranged it (the rows its filters
// keep, in its sort order, the columns shown in their order) as a one-sheet workbook, through
// the same file pipeline as the run's workbooks (writeWorkbookFile: hidden temporary file, then
// the rename). The block beside the header says what the view is, so the file explains itself.
import { writeSearch } from './result-sheet';
import type { ExportOptions, ExportResult, ViewSheetSource } from './types';
import { writeWorkbookFile } from './workbook';

export async function exportViewWorkbook(source: ViewSheetSource, finalPath: string, opts: Pick<ExportOptions, 'limits' | 'signal' | 'onProgress'> = {}): Promise<ExportResult> {
  return writeWorkbookFile(finalPath, opts, new Set(), async (ctx) => {
    const outcome = await writeSearch(ctx, source);
    return { rows: outcome.rows, continuationSheets: outcome.continuations.length };
  });
}

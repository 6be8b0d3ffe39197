// `kpat diff -o DIR`: a workbook of the drift alone, the counts per search in front of the
// Changes sheet.
import { join, resolve } from 'node:path';
import { CHANGES_TITLE, writeChangesSheet } from './changes-sheet';
import { addXmlSheet } from './context';
import { changesWorkbookFileName } from './layout';
import { HEADER_STYLES, writeLines, type Line } from './summary-sheets';
import type { ChangesAgainst, ExportOptions, ExportResult } from './types';
import { writeWorkbookFile } from './workbook';

const COUNTS_TITLE = 'Drift Summary';
const COUNTS_HEADER = ['Family', 'Search', 'Sheet', 'Added', 'Removed', 'Changed'];

/** `kpat diff -o DIR`: `<DIR>/Changes-<YYYYMMDD-HHMMSS>.xlsx` with the counts and the Changes sheet. */
export async function exportChangesWorkbook(changes: readonly ChangesAgainst[], outDir: string, opts: ExportOptions & { newer: string }): Promise<ExportResult> {
  const finalPath = join(resolve(outDir), changesWorkbookFileName(opts.timestamp));
  return writeWorkbookFile(finalPath, opts, new Set(), async (ctx) => {
    const counts = addXmlSheet(ctx, COUNTS_TITLE);
    const lines: Line[] = [
      { values: [`Drift from ${[...new Set(changes.map((c) => c.against))].join(', ')} to ${opts.newer}`], style: 'title' },
      { values: COUNTS_HEADER, styles: HEADER_STYLES(COUNTS_HEADER.length) },
    ];
    for (const { diff } of changes) {
      for (const s of diff.searches) lines.push({ values: [diff.family, s.search, s.sheet, s.added.length, s.removed.length, s.changed.length] });
    }
    const tableEnd = lines.length;
    lines.push({ values: [] }, { values: ['Systems in one run only'], style: 'section' }, { values: ['Family', 'System Name', 'Change'], styles: HEADER_STYLES(3) });
    for (const { diff } of changes) {
      for (const s of diff.systems.added) lines.push({ values: [diff.family, s, 'system added'] });
      for (const s of diff.systems.removed) lines.push({ values: [diff.family, s, 'system removed'] });
    }
    writeLines(ctx, counts, lines, [10, 40, 31, 10, 10, 10], `A2:F${tableEnd}`);
    writeChangesSheet(ctx, CHANGES_TITLE, changes);
    const rows = changes.reduce((n, c) => n + c.diff.searches.reduce((m, s) => m + s.added.length + s.removed.length + s.changed.length, 0), 0);
    return { rows, continuationSheets: 0 };
  });
}

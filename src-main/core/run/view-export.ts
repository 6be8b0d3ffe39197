// "Export XLSX" of the results grid, main side: the view's rows (the store's filtered, sorted
// order) cut to the columns shown go to a table file, a worker writes the workbook from it
// (export/view-workbook.ts, exceljs stays out of this process), and the workbook is placed in the
// run's output folder under a name no other file has (commitExclusive), never replacing one.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Cell, RunSummary, SearchOverview, ViewExportQuery } from '../../contract/ipc';
import { fileTimestamp } from '../../../src-worker/export/layout';
import type { ExportViewRequest } from '../../../src-worker/worker/api';
import { writeTableFile } from '../../../src-worker/worker/table-file';
import { SCAN_PER_FILE_MS, taskDeadlineMs } from '../pool/deadlines';
import type { WorkerPool } from '../pool/worker-pool';
import { commitExclusive } from './output-names';

/** `Linux_07_users_05_etc_group-view-20261203-140000.xlsx`: the search key, safe in any file system's names. */
export function viewFileName(family: string, search: string, at: Date): string {
  const safe = search.replace(/[^A-Za-z0-9_.() -]+/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 100) || 'search';
  return `${family}_${safe}-view-${fileTimestamp(at)}.xlsx`;
}

/** The columns asked for, checked against the search's header (each once, in the order given). */
export function viewColumns(header: readonly string[], columns: readonly number[], search: string): number[] {
  const out: number[] = [];
  for (const c of columns) {
    if (c >= header.length) throw new Error(`Column ${c + 1} is not a column of search ${search} (it has ${header.length})`);
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** What the view is, in the words of the grid: the block beside the sheet's header. */
export function viewFacts(search: SearchOverview, header: readonly string[], query: ViewExportQuery, rows: number, summary: Pick<RunSummary, 'root' | 'startedAt' | 'searchSetTitle'>, at: Date): [string, string | number][] {
  const name = (c: number) => header[c] ?? `column ${c + 1}`;
  const values = (query.values ?? []).map((f) => `${name(f.column)} = ${f.values.map((v) => (v === '' ? '(empty)' : v)).join(', ')}`);
  const sorts = (query.sorts ?? []).map((k) => `${name(k.column)} ${k.direction === 'asc' ? 'ascending' : 'descending'}`);
  const shown = new Set(query.columns);
  const hidden = header.filter((_, c) => !shown.has(c));
  // The first line stands in the header row as the block's title (its value is not written).
  return [
    ['Results grid view:', ''],
    ['Search:', search.search],
    ['Rows:', `${rows.toLocaleString('en-US')} of ${search.totalRows.toLocaleString('en-US')}`],
    ['Text filter:', query.filter?.trim() || '(none)'],
    ['Value filters:', values.length > 0 ? values.join('; ') : '(none)'],
    ['Sorted by:', sorts.length > 0 ? sorts.join(', ') : 'as found (system, then line)'],
    ['Hidden columns:', hidden.length > 0 ? hidden.join(', ') : '(none)'],
    ['Input folder:', summary.root],
    ['Run started:', summary.startedAt],
    ['Search set:', summary.searchSetTitle],
    ['Exported:', at.toISOString()],
  ];
}

export interface ViewToExport {
  search: SearchOverview;
  summary: Pick<RunSummary, 'root' | 'startedAt' | 'searchSetTitle' | 'outputDir'>;
  query: ViewExportQuery;
  /** The search's header and the view's rows in its order (ResultStore.view). */
  header: readonly string[];
  rows: readonly Cell[][];
}

/** Writes the view's workbook on the pool and places it in the run's output folder; answers its path and rows. */
export async function exportViewOnPool(pool: WorkerPool, tempRoot: string, view: ViewToExport, at = new Date()): Promise<{ path: string; rows: number }> {
  const { search, summary, query, header } = view;
  const columns = viewColumns(header, query.columns, search.search);
  const work = await mkdtemp(join(tempRoot, 'kpat-view-'));
  try {
    const tablePath = join(work, 'view.jsonl');
    const shownHeader = columns.map((c) => header[c] as string);
    const systemCol = header.indexOf('System Name');
    writeTableFile(tablePath, shownHeader, view.rows.map((row) => columns.map((c) => row[c] ?? '')));
    const request: ExportViewRequest = {
      tablePath,
      header: shownHeader,
      outPath: join(work, viewFileName(search.family, search.search, at)),
      search: search.search,
      sheet: search.sheet,
      comment: search.comment,
      totalRows: view.rows.length,
      systemsWithHits: systemCol < 0 ? 0 : new Set(view.rows.map((r) => r[systemCol])).size,
      facts: viewFacts(search, header, query, view.rows.length, summary, at),
    };
    const bytes = (await stat(tablePath)).size;
    const written = await pool.run({ label: `export view of ${search.search}`, timeoutMs: taskDeadlineMs(SCAN_PER_FILE_MS, bytes) }, (api) => api.exportView(request));
    const [placed] = await commitExclusive([written.path], summary.outputDir);
    return { path: placed as string, rows: written.rows };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

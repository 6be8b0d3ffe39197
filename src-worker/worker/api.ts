// The worker's typed API: what the main side calls through a comlink proxy.
// Every argument and result is plain data (structured-clone safe). Rows never travel back
// to the main process: a search task writes them to a spill file and returns counts, and an
// export task reads the spill files of its family. This keeps the main heap small for big runs.
import type {
  CheckResult,
  FamilyResults,
  OsFamily,
  SearchSpec,
  SkippedFile,
  SystemInfo,
  Cell,
} from '../engine/types';
import type { DiscoveredFile } from '../engine/discover';
import type { Mark } from '../engine/marks';
import type { RunFacts, SheetSource } from '../export/types';
import type { SourceContext, SourceContextRequest } from '../engine/source-lines';
import type { RunDiff } from '../engine/compare/run-diff';

export type SearchSetSource =
  /** Parse and validate the YAML in the worker. */
  | { kind: 'file'; rootFile: string; libraryDir: string | null }
  /** Searches already loaded (and validated) by the caller; `key` identifies them (a content hash). */
  | { kind: 'specs'; key: string; searches: SearchSpec[] };

export interface LoadedSearchSet {
  key: string;
  searchCount: number;
}

export type DetectOutcome = { ok: true; system: SystemInfo } | { ok: false; skipped: SkippedFile };

export interface SearchTask {
  /** Unique within the pool; side messages refer to it. */
  taskId: number;
  setKey: string;
  file: DiscoveredFile;
  /** Only these search indexes (when one file's searches are split across workers). */
  only?: number[];
  /** Where the rows go (SystemSearchResult['rowsBySearch']; see spill-file.ts). */
  spillPath: string;
  /** Keep the rows in this worker's memory under `spillPath` when its budget allows (held-rows.ts). */
  hold?: boolean;
  /** Run one search at a time and announce each, so a stuck regex can be named. */
  diagnose?: boolean;
}

export type SearchTaskResult =
  | {
      ok: true;
      taskId: number;
      relPath: string;
      system: SystemInfo;
      /** Rows per search index (only searches with rows). */
      rowCounts: Record<number, number>;
      /** Outcomes of the checks of the searches this task ran (evaluated here, with the search). */
      checks: CheckResult[];
      linesRead: number;
      bytesRead: number;
      spillPath: string;
      /** The rows are held in this worker's memory, not (yet) written to `spillPath`. */
      held: boolean;
    }
  /** The file could not be read as a system any more (changed since detection). */
  | { ok: false; taskId: number; relPath: string; skipped: SkippedFile };

export interface ExportFamilyRequest {
  family: OsFamily;
  setKey: string;
  /** The family's systems, in run order (by path). */
  systems: SystemInfo[];
  /** Per system (same order): its spill files (several when its searches were split), read from this
   * worker's memory when it holds them. */
  spills: string[][];
  /** Per system (same order): the outcomes of its checks, as its search tasks returned them. */
  checks: CheckResult[][];
  /** The auditor's marks on this run's folder (findings file), for the Checks and Findings sheets. */
  marks: Mark[];
  /** Where the workbook (and JSON) go; the caller moves them into place when every family is done. */
  outDir: string;
  /** ISO time used for the file names. */
  timestamp: string;
  writeJson: boolean;
  facts: RunFacts;
  /** Where per-search result files are written (`<family>-<index>.json`): for browsing, and as work files for large families. */
  storeDir: string;
  /** Keep every search's table in storeDir for the results view (the CLI does not need them). */
  keepTables: boolean;
  /** An earlier run (results folder or JSON): the workbook gets a Changes sheet against it. */
  compareWith?: string | null;
  /** Searches (YAML keys) that get a Compare sheet: the search across the family's systems. */
  compareSheets?: readonly string[];
}

/** One search's table in an exported family: the sheet's facts, and where its rows are stored. */
export type SearchTableInfo = Pick<SheetSource, 'search' | 'sheet' | 'comment' | 'header' | 'options' | 'totalRows' | 'systemsWithHits'> & {
  index: number;
  /** Table file (table-file.ts) of this search; null when the tables were not kept. */
  storePath: string | null;
};

/** A stored table (on disk as JSON lines: see table-file.ts). */
export interface StoredTable {
  header: string[];
  rows: Cell[][];
}

export interface ExportFamilyResult {
  family: OsFamily;
  workbookPath: string;
  jsonPath: string | null;
  rows: number;
  sheets: number;
  searches: SearchTableInfo[];
  /** The rows of the request's row marks found in this family's results (`search \0 system \0 text`). */
  markedRows: string[];
  /** The values this family's results hold for the request's cell marks of its systems, as [markKey, values]. */
  markedCells: [string, string[]][];
}

/** The results grid's view of one search, to write as a workbook (ViewSheetSource). */
export interface ExportViewRequest {
  /** Table file (table-file.ts) of the view's rows: in view order, with only the columns shown. */
  tablePath: string;
  /** The columns shown, in their order (the table file's header). */
  header: string[];
  /** Where the workbook is written; the caller moves it into the output folder under a free name. */
  outPath: string;
  search: string;
  sheet: string;
  comment: string | null;
  totalRows: number;
  systemsWithHits: number;
  /** What the view is (search, run, filters, sort), the block beside the header. */
  facts: [string, string | number][];
}

export interface SectionsResult {
  relPath: string;
  /** Section names (the `<Section>::` line prefixes) in order of first appearance with their line
   * counts, or null when the file is not a system (`reason` says why). */
  sections: { name: string; lines: number }[] | null;
  reason: string | null;
}

export interface WorkerApi {
  /** Loads the heavy modules so the first real task does not pay for them. */
  warmUp(): Promise<{ pid: number; ms: number }>;
  loadSearchSet(source: SearchSetSource): Promise<LoadedSearchSet>;
  hasSearchSet(key: string): Promise<boolean>;
  detectSystems(files: DiscoveredFile[]): Promise<DetectOutcome[]>;
  searchFiles(tasks: SearchTask[]): Promise<SearchTaskResult[]>;
  /** Exports a family; the held rows it used are released once the workbook is written. */
  exportFamily(request: ExportFamilyRequest): Promise<ExportFamilyResult>;
  /** Writes held rows to their spill paths (an export in another worker needs them); returns how many. */
  flushHeld(spillPaths: string[]): Promise<number>;
  /** Forgets held rows under a folder (a run that ended), or all of them. */
  releaseHeld(prefix: string): Promise<void>;
  listSections(files: DiscoveredFile[]): Promise<SectionsResult[]>;
  /** "Show in file": the lines around a hit, after checking the file's SHA-384 (source-context.ts). */
  sourceContext(request: SourceContextRequest): Promise<SourceContext>;
  /** The `Section::` names of a file whose SHA-384 is still the run's, or why it cannot say. */
  sourceSections(path: string, sha384: string): Promise<{ ok: true; sections: string[] } | Extract<SourceContext, { ok: false }>>;
  /** Two runs' results JSON files (a run's families), compared (run-diff.ts): older first. */
  diffResults(older: string[], newer: string[]): Promise<RunDiff>;
  /** Writes a results-grid view as a one-sheet workbook (export/view-workbook.ts). */
  exportView(request: ExportViewRequest): Promise<{ path: string; rows: number }>;
}

/** Re-exported so callers can type results without reaching into the engine. */
export type { FamilyResults };
